import { AmbassadorPodPatch } from './pod-patch';

/** The Ambassador Deployment a kustomize Component patches. */
export interface AmbassadorDeploymentTarget {
  /** The Deployment's name. @default "ambassador" */
  readonly deploymentName?: string;
  /**
   * The Deployment's namespace, as the install YAML writes it. Leave it unset when the install
   * YAML has none and your kustomization sets `namespace:` (Components run before that).
   * @default - none: the patch matches a Deployment without a namespace
   */
  readonly namespace?: string;
  /** The Ambassador container's name. @default "ambassador" */
  readonly containerName?: string;
}

/** The files of a kustomize Component, by file name. */
export interface KustomizeComponentFiles {
  /** `kustomization.yaml` (`kind: Component`). */
  readonly kustomization: Record<string, unknown>;
  /** The strategic-merge patch of the Ambassador Deployment. */
  readonly patch: Record<string, unknown>;
  /** The patch's file name, as the kustomization names it. */
  readonly patchFileName: string;
}

/** Renders the patch as a kustomize Component with a strategic-merge patch of the Deployment. */
export function toKustomizeComponent(patch: AmbassadorPodPatch, target: AmbassadorDeploymentTarget, patchFileName: string): KustomizeComponentFiles {
  const deploymentName = target.deploymentName ?? 'ambassador';
  const containerName = target.containerName ?? 'ambassador';
  const env = Object.entries(patch.env).map(([name, value]) => ({ name, value }));
  const container: Array<[string, unknown]> = [
    ...(env.length > 0 ? [['env', env] as [string, unknown]] : []),
    ...(patch.volumeMounts.length > 0 ? [['volumeMounts', patch.volumeMounts.map((m) => ({ ...m }))] as [string, unknown]] : []),
  ];
  const podMetadata = {
    ...(Object.keys(patch.podLabels).length > 0 && { labels: { ...patch.podLabels } }),
    ...(Object.keys(patch.podAnnotations).length > 0 && { annotations: { ...patch.podAnnotations } }),
  };
  return {
    patchFileName,
    kustomization: {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      // No `target`: the patch names its Deployment, so a wrong name or namespace fails the build.
      patches: [{ path: patchFileName }],
    },
    patch: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: deploymentName, ...(target.namespace !== undefined && { namespace: target.namespace }) },
      spec: {
        template: {
          ...(Object.keys(podMetadata).length > 0 && { metadata: podMetadata }),
          // Only what the pattern changes: an empty list in a patch is noise, and a container
          // entry with nothing to add would still be merged in (or added, if misnamed).
          ...(container.length > 0 || patch.volumes.length > 0) && {
            spec: {
              ...(container.length > 0 && { containers: [Object.fromEntries([['name', containerName], ...container])] }),
              ...(patch.volumes.length > 0 && { volumes: patch.volumes.map((v) => ({ ...v })) }),
            },
          },
        },
      },
    },
  };
}
