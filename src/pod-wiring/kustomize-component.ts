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
          metadata: {
            ...(Object.keys(patch.podLabels).length > 0 && { labels: { ...patch.podLabels } }),
            ...(Object.keys(patch.podAnnotations).length > 0 && { annotations: { ...patch.podAnnotations } }),
          },
          spec: {
            containers: [{
              name: containerName,
              ...(env.length > 0 && { env }),
              volumeMounts: patch.volumeMounts.map((m) => ({ ...m })),
            }],
            volumes: patch.volumes.map((v) => ({ ...v })),
          },
        },
      },
    },
  };
}
