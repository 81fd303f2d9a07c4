export * from './api-version';
export * from './ambassador-resource';
export * from './load-balancer';
export * from './mapping';
export * from './resolver';
export * from './tls-context';
export * from './consul-resolver';
export * from './ambassador-module';
export { UpstreamScheme, UpstreamService } from './upstream-service';
