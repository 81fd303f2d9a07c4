import { deliveryObjectName, deliveryPrefix, ownershipLabels } from './delivery-names';
import { ResolvedDelivery } from './delivery-options';
import { isBaseFolder } from './sharding';

type Json = Record<string, any>;

/** The options of one chart's Kustomizations, beyond the app's delivery options. */
export interface KustomizationsInput {
  /** The chart's output folder. */
  readonly chart: string;
  /** Its folders ('' alone: unsplit). */
  readonly folders: readonly string[];
  /** The target namespace of a namespace-less chart. */
  readonly targetNamespace?: string;
}

/**
 * Flux `Kustomization`s, one per folder of a chart: the base folders (or the unsplit chart's)
 * are applied and waited for (`wait: true`), the shards depend on them (`dependsOn`), and every
 * one depends on `flux.dependsOn` (the Ambassador install). A failed reconciliation is tried
 * again after `retryInterval`, without limit.
 *
 * `deletionPolicy: Orphan`: kustomize-controller's finalizer deletes a Kustomization's whole
 * inventory when the Kustomization is deleted and `prune` is on (`finalizerShouldDeleteResources`,
 * policy MirrorPrune by default); Orphan keeps the routes in place when a Kustomization is deleted
 * or re-created, as `preserveResourcesOnDeletion` does for Argo CD, while `prune: true` still
 * removes an object whose manifest is gone from the folder. The field came with kustomize-controller
 * 1.5.0, in Flux 2.5.0 (its CHANGELOG: "Allow control of finalization garbage collection",
 * fluxcd/kustomize-controller#1314); an older Flux's CRD lacks it and the API server refuses it.
 */
export function fluxKustomizations(input: KustomizationsInput, delivery: ResolvedDelivery): Json[] {
  const { chart, folders, targetNamespace } = input;
  const nameOf = (folder: string) => deliveryObjectName(delivery.namePrefix, chart, folders, folder);
  const bases = folders.filter(isBaseFolder);
  const external = delivery.flux.dependsOn.map((name) => ({ name }));
  const labels = ownershipLabels(delivery.namePrefix);
  const source = { interval: delivery.flux.interval, retryInterval: delivery.flux.retryInterval, sourceRef: { kind: 'GitRepository', name: delivery.flux.sourceName } };
  const perFolder = folders.map((folder) => {
    const first = isBaseFolder(folder) || folder === '';
    const dependsOn = first ? external : [...external, ...bases.map((b) => ({ name: nameOf(b) }))];
    return {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: nameOf(folder), namespace: delivery.flux.namespace, labels },
      spec: {
        ...source,
        path: `./${delivery.path}/${chart}${folder === '' ? '' : `/${folder}`}`,
        prune: true,
        deletionPolicy: 'Orphan',
        ...(targetNamespace && { targetNamespace }),
        ...(first && { wait: true }),
        ...(dependsOn.length > 0 && { dependsOn }),
      },
    };
  });
  // The Kustomization of this file itself: it applies the ones above from Git and prunes those
  // of folders that are gone, so a chart that grows (a shard split in two, the chart split at the
  // threshold) is deployed without anyone applying this file again. Pruning deletes a
  // Kustomization, and its `deletionPolicy: Orphan` keeps the objects for the new ones. It lists
  // itself, as the one `flux bootstrap` writes does.
  const self = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: deliveryKustomizationName(delivery.namePrefix, chart, folders), namespace: delivery.flux.namespace, labels },
    spec: { ...source, path: `./${delivery.path}/${chart}/delivery/flux`, prune: true, deletionPolicy: 'Orphan' },
  };
  return [...perFolder, self];
}

/** The name of the Kustomization that applies a chart's Kustomizations file. */
export function deliveryKustomizationName(namePrefix: string, chart: string, folders: readonly string[]): string {
  return `${deliveryPrefix(namePrefix, chart, folders)}-delivery`;
}
