export * from './consul-address';
export * from './consul-connector-props';
export * from './consul-connector';
export { ConsulCaTrust } from './consul-ca-trust';
export { ConsulHostIp } from './consul-host-ip';
export { ConsulResolverToken } from './consul-resolver-token';
export { MountedSecret } from './ambassador-secret';
