import { AmbassadorPodPatch, PodVolume, PodVolumeMount } from './pod-patch';

/**
 * Values for the Emissary-ingress / Edge Stack Helm chart (`podAnnotations`, `volumes`,
 * `volumeMounts`, `env`), for `helm upgrade -f`, an Argo CD Helm source or a Flux HelmRelease.
 */
export interface AmbassadorHelmValues {
  /** Pod template labels. */
  readonly podLabels: Record<string, string>;
  /** Pod template annotations. */
  readonly podAnnotations: Record<string, string>;
  /** Extra pod volumes. */
  readonly volumes: PodVolume[];
  /** Extra mounts of the Ambassador container. */
  readonly volumeMounts: PodVolumeMount[];
  /** Extra environment variables (the chart takes a map). */
  readonly env: Record<string, string>;
}

/** Renders the patch as Helm values. */
export function toHelmValues(patch: AmbassadorPodPatch): AmbassadorHelmValues {
  return {
    podLabels: { ...patch.podLabels },
    podAnnotations: { ...patch.podAnnotations },
    volumes: patch.volumes.map((v) => ({ ...v })),
    volumeMounts: patch.volumeMounts.map((m) => ({ ...m })),
    env: { ...patch.env },
  };
}
