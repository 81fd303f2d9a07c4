export * from './output-file';
export * from './gitops-app';
export { ShardingOptions, DEFAULT_SHARDING } from './sharding';
export { GitOpsDeliveryOptions, ArgoCdDeliveryOptions, FluxDeliveryOptions } from './delivery-options';
