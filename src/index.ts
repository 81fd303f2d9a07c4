export * from './api-version';
export * from './ambassador-resource';
export * from './load-balancer';
export * from './mapping';
export * from './resolver';
export * from './tls-context';
export { UpstreamScheme, UpstreamService } from './upstream-service';
export {
  AmbassadorDeploymentTarget, AmbassadorHelmValues, AmbassadorPodPatch, KustomizeComponentFiles, PodVolume, PodVolumeMount,
} from './ambassador-pod-patch';
export * from './istio-certificates';
export * from './istio-mtls';
export * from './istio-strict-mtls';
export * from './output-file';
export * from './gitops-app';
export * from './consul-connector';
export * from './consul-resolver';
export * from './crd-schemas';
export * from './mtls-rules';
export * from './validation-plugin';
