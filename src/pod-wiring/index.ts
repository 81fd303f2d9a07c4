export * from './pod-patch';
export * from './helm-values';
export { AmbassadorDeploymentTarget, KustomizeComponentFiles } from './kustomize-component';
