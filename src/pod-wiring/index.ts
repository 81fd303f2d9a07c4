export * from './pod-patch';
export { HelmValuesOptions } from './helm-values';
export { AmbassadorDeploymentTarget, KustomizeComponentFiles } from './kustomize-component';
export * from './pod-wiring';
