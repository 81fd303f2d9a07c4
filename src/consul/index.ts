export * from './consul-connector';
