export * from './api-version';
export * from './load-balancer';
export * from './mapping';
export * from './resolver';
export * from './tls-context';
export { UpstreamScheme, UpstreamService } from './upstream-service';
