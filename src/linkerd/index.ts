export * from './linkerd-options';
export * from './linkerd-mtls';
