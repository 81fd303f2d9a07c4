// The public API, by responsibility (each folder's index.ts lists what it exports).
export * from './install';
export * from './resources';
export * from './pod-wiring';
export * from './istio';
export * from './consul';
export * from './linkerd';
export * from './cert-manager';
export * from './gateway-api';
export * from './gitops';
export * from './validation';
// Types the public API takes, shared by several folders.
export { IKubeObject } from './core/kube-object';
export { ContainerResources, ContainerSecurityContext, ResourceQuantities } from './core/container';
