import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { propError } from '../core/errors';

/** A pod volume, in Kubernetes' own JSON shape (as Helm values and kustomize patches want it). */
export interface PodVolume {
  /** `name`. */
  readonly name: string;
  /** `secret`, for a Secret volume. @default - not a Secret volume */
  readonly secret?: { readonly secretName: string; readonly optional?: boolean };
  /** `emptyDir`, for an in-memory or node-disk scratch volume. @default - not an emptyDir */
  readonly emptyDir?: { readonly medium?: string };
}

/** A container volume mount, in Kubernetes' JSON shape. */
export interface PodVolumeMount {
  /** `name` of the volume. */
  readonly name: string;
  /** `mountPath`. */
  readonly mountPath: string;
  /** `readOnly`. */
  readonly readOnly: boolean;
}

/**
 * What a mesh pattern adds to the Ambassador pod: one description, rendered three ways (a
 * Deployment of this app, Helm values, a kustomize patch) so the three cannot disagree.
 */
export interface AmbassadorPodPatch {
  /** Labels for the pod template. */
  readonly podLabels: Record<string, string>;
  /** Annotations for the pod template. */
  readonly podAnnotations: Record<string, string>;
  /** Pod volumes. */
  readonly volumes: PodVolume[];
  /** Mounts in the Ambassador container. */
  readonly volumeMounts: PodVolumeMount[];
  /** Environment variables of the Ambassador container. */
  readonly env: Record<string, string>;
}

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

/**
 * Applies the patch to an Ambassador Deployment of this app, on the named container.
 * Throws (naming `scope`) when the container is missing or a volume name or mount path clashes
 * with one already there, as when two patterns wire the same Deployment.
 */
export function applyToDeployment(scope: IConstruct, patch: AmbassadorPodPatch, deployment: kplus.Deployment, containerName: string): void {
  const container = deployment.containers.find((c) => c.name === containerName);
  if (!container) {
    const names = deployment.containers.map((c) => c.name ?? '(unnamed)');
    throw propError(scope, 'ambassadorContainer', containerName, `is not a container of Deployment ${deployment.node.path} (it has ${names.join(', ') || 'none'})`,
      'name the container that runs Ambassador, or give it that name');
  }
  const volumes = new Map<string, kplus.Volume>();
  for (const spec of patch.volumes) {
    if (deployment.volumes.some((v) => v.name === spec.name)) {
      throw propError(scope, 'volume', spec.name, `is already a volume of Deployment ${deployment.node.path}`,
        'give this pattern another volume name, or wire the Deployment only once');
    }
    const id = `Volume-${deployment.node.addr}-${spec.name}`;
    const volume = spec.secret
      ? kplus.Volume.fromSecret(scope, id, kplus.Secret.fromSecretName(scope, `${id}-Secret`, spec.secret.secretName), { name: spec.name, optional: spec.secret.optional })
      : kplus.Volume.fromEmptyDir(scope, id, spec.name, { medium: spec.emptyDir?.medium === 'Memory' ? kplus.EmptyDirMedium.MEMORY : kplus.EmptyDirMedium.DEFAULT });
    deployment.addVolume(volume);
    volumes.set(spec.name, volume);
  }
  for (const mount of patch.volumeMounts) {
    const clash = container.mounts.find((m) => trimSlash(m.path) === trimSlash(mount.mountPath));
    if (clash) {
      throw propError(scope, 'mountPath', mount.mountPath, `is already mounted (volume "${clash.volume.name}") in container "${containerName}"`,
        'give this pattern another mount path');
    }
    container.mount(mount.mountPath, volumes.get(mount.name)!, { readOnly: mount.readOnly });
  }
  for (const [name, value] of Object.entries(patch.env)) {
    if (container.env.variables[name] !== undefined) {
      throw propError(scope, 'env', name, `is already set in container "${containerName}"`, 'remove it from the Deployment: this pattern sets it');
    }
    container.env.addVariable(name, kplus.EnvValue.fromValue(value));
  }
  for (const [key, value] of Object.entries(patch.podLabels)) {
    deployment.podMetadata.addLabel(key, value);
  }
  for (const [key, value] of Object.entries(patch.podAnnotations)) {
    deployment.podMetadata.addAnnotation(key, value);
  }
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}
