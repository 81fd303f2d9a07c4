export {
  AmbassadorDeploymentTarget, AmbassadorHelmValues, AmbassadorPodPatch, KustomizeComponentFiles, PodVolume, PodVolumeMount,
} from './ambassador-pod-patch';
