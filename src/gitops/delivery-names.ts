import { createHash } from 'crypto';

/**
 * Names and labels of the Argo CD and Flux objects GitOpsApp generates.
 *
 * Why names are prefixed: Argo CD's ApplicationSet controller creates or updates each generated
 * Application by name and then sets itself as its controller (`createOrUpdateInCluster`, which
 * calls `controllerutil.SetControllerReference`): an existing Application of that name that no
 * other ApplicationSet controls is re-pointed at our folder and adopted. The `create-only` and
 * `create-update` policies do not prevent it: they skip only Applications this ApplicationSet
 * already owns (`createInCluster` filters by owner), so an unowned one of the same name is still
 * updated (applicationset/controllers/applicationset_controller.go). Flux's kustomize-controller
 * prunes what its inventory held and the new build lacks, among objects labelled with the
 * Kustomization's name (`deleteObjects` selects by `GetOwnerLabels(name, namespace)`), so a
 * Kustomization of the same name re-pointed at our folder deletes what the old one installed
 * (internal/controller/kustomization_controller.go). Only a name nobody else uses is safe.
 */

/** Flux and Argo CD copy these names into label values, which take at most 63 characters (fluxcd/flux2#2004). */
export const MAX_NAME = 63;
/** The longest `namePrefix`: the chart id and folder keep at least 33 characters. */
export const MAX_PREFIX = 30;

/** The label every generated object carries, naming the tool that wrote it. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s-ambassador-mtls' };
/** The label naming the app (its name prefix) that generated an object. */
export const APP_LABEL = 'cdk8s-ambassador-mtls/app';
/** The label of a generated Application naming its tier: `base` (applied first) or `shard`. */
export const TIER_LABEL = 'cdk8s-ambassador-mtls/tier';

/** The ownership labels of an app's delivery objects: who wrote them, and for which app. */
export function ownershipLabels(namePrefix: string): Record<string, string> {
  return { ...MANAGED_BY, [APP_LABEL]: namePrefix.replace(/-+$/, '') };
}

/**
 * The default `namePrefix`: the last folder of the output's path in the repository (at most 12
 * characters, made a valid name) and 5 hex digits of a hash of the repository and the path,
 * then "-". Two GitOpsApps writing to different folders or repositories get different prefixes;
 * the repository is compared without scheme, user, case and ".git" (the HTTPS and SSH URLs of
 * one repository hash alike).
 */
export function defaultNamePrefix(repoUrl: string, path: string): string {
  const folder = path.split('/').pop()!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 12).replace(/-+$/, '');
  const repo = repoUrl.toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^[^@/]*@/, '')
    .replace(/^([^/:]+):(?!\d+\/)/, '$1/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const hash = createHash('sha256').update(`${repo}\0${path}`).digest('hex').slice(0, 5);
  return `${folder || 'gitops'}-${hash}-`;
}

/**
 * Room kept for `-<folder>` after every chart's name: `-delivery`, and shard folders down to 12
 * hash bits (`-shard-000000000000`, 4,096 shards), so that a chart that grows keeps its names;
 * only a deeper split (millions of objects) makes the names shorter, and so changes them.
 */
const FOLDER_ROOM = '-shard-000000000000'.length;

/**
 * The name a chart's ApplicationSet and Kustomizations start with: the prefix and the chart's
 * folder, lowercase, with what Kubernetes names forbid turned into "-" (folders may hold "_" and
 * capitals), short enough that every `<name>-<folder>` fits in 63 characters; a longer one is
 * cut and ends with a hash of the whole.
 */
export function deliveryPrefix(namePrefix: string, chart: string, folders: readonly string[]): string {
  const full = namePrefix + (chart.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'chart');
  const longest = Math.max(FOLDER_ROOM, ...folders.map((f) => (f === '' ? 0 : f.length + 1)));
  if (full.length + longest <= MAX_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  return `${full.slice(0, MAX_NAME - longest - hash.length - 1).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

/** The Application and Kustomization name of one folder of a chart (`''`: the chart's folder). */
export function deliveryObjectName(namePrefix: string, chart: string, folders: readonly string[], folder: string): string {
  const prefix = deliveryPrefix(namePrefix, chart, folders);
  return folder === '' ? prefix : `${prefix}-${folder}`;
}
