import { AmbassadorPodPatch } from './pod-patch';

/** The Ambassador Deployment a kustomize Component patches. */
export interface AmbassadorDeploymentTarget {
  /** The Deployment's name. @default - the install target's, else "ambassador" */
  readonly deploymentName?: string;
  /**
   * The Deployment's namespace, as the install YAML writes it. Leave it unset when the install
   * YAML has none and your kustomization sets `namespace:` (Components run before that).
   * @default - the install target's, else none: the patch matches a Deployment without a namespace
   */
  readonly namespace?: string;
  /** The Ambassador container's name. @default - the install target's, else "ambassador" */
  readonly containerName?: string;
}

/** The install's own `ambassador` Module, which a Component patches with the pattern's Module keys. */
export interface InstalledModule {
  /** Its apiVersion, as the install YAML writes it. */
  readonly apiVersion: string;
  /** Its namespace, as the install YAML writes it. */
  readonly namespace?: string;
}

/** The files of a kustomize Component, by file name. */
export interface KustomizeComponentFiles {
  /** `kustomization.yaml` (`kind: Component`). */
  readonly kustomization: Record<string, unknown>;
  /** The strategic-merge patch of the Ambassador Deployment. */
  readonly patch: Record<string, unknown>;
  /** The patch's file name, as the kustomization names it. */
  readonly patchFileName: string;
  /** The patch of the install's `ambassador` Module, when the pattern has Module keys. @default - none */
  readonly modulePatch?: Record<string, unknown>;
  /** Its file name, as the kustomization names it. @default - none */
  readonly modulePatchFileName?: string;
}

/**
 * Renders the patch as a kustomize Component with a strategic-merge patch of the Deployment and,
 * for Module keys, a patch of the install's `ambassador` Module (kustomize merges the maps of a
 * custom resource, so `spec.config` keeps the install's own keys).
 */
export function toKustomizeComponent(patch: AmbassadorPodPatch, target: Required<Pick<AmbassadorDeploymentTarget, 'deploymentName' | 'containerName'>> & AmbassadorDeploymentTarget,
  patchFileName: string, module?: InstalledModule): KustomizeComponentFiles {
  const env = [
    ...Object.entries(patch.env).map(([name, value]) => ({ name, value })),
    ...Object.entries(patch.fieldEnv ?? {}).map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { fieldPath } } })),
  ];
  const container: Array<[string, unknown]> = [
    ...(env.length > 0 ? [['env', env] as [string, unknown]] : []),
    ...(patch.volumeMounts.length > 0 ? [['volumeMounts', patch.volumeMounts.map((m) => ({ ...m }))] as [string, unknown]] : []),
  ];
  const podMetadata = {
    ...(Object.keys(patch.podLabels).length > 0 && { labels: { ...patch.podLabels } }),
    ...(Object.keys(patch.podAnnotations).length > 0 && { annotations: { ...patch.podAnnotations } }),
  };
  const moduleConfig = patch.moduleConfig ?? {};
  const modulePatchFileName = Object.keys(moduleConfig).length > 0 ? patchFileName.replace(/-patch\.yaml$/, '-module-patch.yaml') : undefined;
  if (modulePatchFileName !== undefined && module === undefined) {
    throw new Error(`${patchFileName}: Module keys ${Object.keys(moduleConfig).join(', ')} have no install Module to patch`);
  }
  return {
    patchFileName,
    kustomization: {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      // No `target`: each patch names its object, so a wrong name or namespace fails the build.
      patches: [{ path: patchFileName }, ...(modulePatchFileName ? [{ path: modulePatchFileName }] : [])],
    },
    patch: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: target.deploymentName, ...(target.namespace !== undefined && { namespace: target.namespace }) },
      spec: {
        template: {
          ...(Object.keys(podMetadata).length > 0 && { metadata: podMetadata }),
          // Only what the pattern changes: an empty list in a patch is noise, and a container
          // entry with nothing to add would still be merged in (or added, if misnamed).
          ...(container.length > 0 || patch.volumes.length > 0) && {
            spec: {
              ...(container.length > 0 && { containers: [Object.fromEntries([['name', target.containerName], ...container])] }),
              ...(patch.volumes.length > 0 && { volumes: patch.volumes.map((v) => ({ ...v })) }),
            },
          },
        },
      },
    },
    ...(modulePatchFileName !== undefined && {
      modulePatchFileName,
      modulePatch: {
        apiVersion: module!.apiVersion,
        kind: 'Module',
        metadata: { name: 'ambassador', ...(module!.namespace !== undefined && { namespace: module!.namespace }) },
        spec: { config: { ...moduleConfig } },
      },
    }),
  };
}
