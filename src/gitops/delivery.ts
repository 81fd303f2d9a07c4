import { createHash } from 'crypto';
import { isBaseFolder } from './sharding';
import { ErrorScope, propError } from '../core/errors';
import { checkList, checkNamespace, checkObjectName, checkOptions } from '../core/validators';

type Json = Record<string, any>;

/** Argo CD settings of the generated `ApplicationSet`. */
export interface ArgoCdDeliveryOptions {
  /**
   * The namespace Argo CD runs in (the ApplicationSet's).
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * The Argo CD project of the Applications.
   * @default "default"
   */
  readonly project?: string;
  /**
   * The cluster the Applications deploy to.
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
}

/** Flux settings of the generated `Kustomization`s. */
export interface FluxDeliveryOptions {
  /**
   * The namespace of the Kustomizations.
   * @default "flux-system"
   */
  readonly namespace?: string;
  /**
   * The name of the `GitRepository` that holds the output, in that namespace.
   * @default "flux-system" (the one `flux bootstrap` creates)
   */
  readonly sourceName?: string;
  /**
   * How often Flux reconciles, as a Go duration.
   * @default "10m"
   */
  readonly interval?: string;
  /**
   * Kustomizations (in `namespace`) that every generated one waits for: the one installing
   * Ambassador and its CRDs, without which no Mapping can be applied.
   * @default - none
   */
  readonly dependsOn?: string[];
}

/**
 * Where the output lives in Git, so `GitOpsApp` can write, beside each chart, the Argo CD
 * `ApplicationSet` and the Flux `Kustomization`s that deploy its folders.
 */
export interface GitOpsDeliveryOptions {
  /** The Git repository the output is committed to, as Argo CD and Flux clone it. */
  readonly repoUrl: string;
  /** The output folder's path inside that repository, for example "dist" or "clusters/prod/edge". */
  readonly path: string;
  /**
   * The branch, tag or commit Argo CD deploys (Flux follows its `GitRepository`).
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * The namespace for the objects of a chart that gives none (as `kubectl apply` would put them
   * in the current one): Argo CD's `destination.namespace` and Flux's `targetNamespace` of that
   * chart. A chart with namespaced objects both with and without a namespace is an error.
   * @default "default"
   */
  readonly defaultNamespace?: string;
  /**
   * Argo CD settings.
   * @default - the defaults of `ArgoCdDeliveryOptions`
   */
  readonly argoCd?: ArgoCdDeliveryOptions;
  /**
   * Flux settings.
   * @default - the defaults of `FluxDeliveryOptions`
   */
  readonly flux?: FluxDeliveryOptions;
}

/** The options, checked, with every default filled in. */
export interface ResolvedDelivery {
  readonly repoUrl: string;
  readonly path: string;
  readonly targetRevision: string;
  readonly defaultNamespace: string;
  readonly argoCd: Required<ArgoCdDeliveryOptions>;
  readonly flux: Required<FluxDeliveryOptions>;
}

const SAFE_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;

/** Checks the delivery options (they end up in YAML that Argo CD and Flux act on). */
export function checkDelivery(scope: ErrorScope, prop: string, options: unknown): ResolvedDelivery {
  const given = checkOptions(scope, prop, options as GitOpsDeliveryOptions, ['repoUrl', 'path', 'targetRevision', 'defaultNamespace', 'argoCd', 'flux']);
  if (typeof given.repoUrl !== 'string' || !/^(https?:\/\/|ssh:\/\/|git@)[^\s'"`{}]+$/.test(given.repoUrl)) {
    throw propError(scope, `${prop}.repoUrl`, given.repoUrl, 'is not a Git repository URL', 'give the URL Argo CD and Flux clone, for example "https://github.com/acme/gitops.git"');
  }
  const path = typeof given.path === 'string' ? given.path.replace(/^\.\//, '').replace(/\/+$/, '') : given.path;
  if (typeof path !== 'string' || path === '' || !path.split('/').every((s) => SAFE_SEGMENT.test(s))) {
    throw propError(scope, `${prop}.path`, given.path, 'is not a relative folder path inside the repository', 'give the output folder as committed, for example "dist"');
  }
  const targetRevision = given.targetRevision ?? 'HEAD';
  if (typeof targetRevision !== 'string' || !/^[A-Za-z0-9_./-]{1,255}$/.test(targetRevision)) {
    throw propError(scope, `${prop}.targetRevision`, given.targetRevision, 'is not a branch, tag or commit', 'give for example "main" or "HEAD"');
  }
  const argo = checkOptions(scope, `${prop}.argoCd`, given.argoCd ?? {}, ['namespace', 'project', 'destinationServer']);
  const flux = checkOptions(scope, `${prop}.flux`, given.flux ?? {}, ['namespace', 'sourceName', 'interval', 'dependsOn']);
  const dependsOn = checkList(scope, `${prop}.flux.dependsOn`, flux.dependsOn ?? [], 'list Kustomization names, for example ["emissary-ingress"]')
    .map((name) => checkObjectName(scope, `${prop}.flux.dependsOn`, name));
  const resolved: ResolvedDelivery = {
    repoUrl: given.repoUrl,
    path,
    targetRevision,
    defaultNamespace: checkNamespace(scope, `${prop}.defaultNamespace`, given.defaultNamespace ?? 'default'),
    argoCd: {
      namespace: checkNamespace(scope, `${prop}.argoCd.namespace`, argo.namespace ?? 'argocd'),
      project: checkObjectName(scope, `${prop}.argoCd.project`, argo.project ?? 'default'),
      destinationServer: argo.destinationServer ?? 'https://kubernetes.default.svc',
    },
    flux: {
      namespace: checkNamespace(scope, `${prop}.flux.namespace`, flux.namespace ?? 'flux-system'),
      sourceName: checkObjectName(scope, `${prop}.flux.sourceName`, flux.sourceName ?? 'flux-system'),
      interval: flux.interval ?? '10m',
      dependsOn,
    },
  };
  if (typeof resolved.argoCd.destinationServer !== 'string' || !/^https:\/\/[^\s'"`{}]+$/.test(resolved.argoCd.destinationServer)) {
    throw propError(scope, `${prop}.argoCd.destinationServer`, argo.destinationServer, 'is not a cluster API URL', 'give for example "https://kubernetes.default.svc"');
  }
  if (typeof resolved.flux.interval !== 'string' || !/^(\d+(h|m|s))+$/.test(resolved.flux.interval)) {
    throw propError(scope, `${prop}.flux.interval`, flux.interval, 'is not a Go duration', 'give for example "10m" or "1h"');
  }
  return resolved;
}

/**
 * An Argo CD `ApplicationSet` with a Git directory generator over a chart's folders: one
 * Application per folder (`<chart>-<folder>`), each labelled with its tier
 * (`cdk8s-ambassador-mtls/tier: base` or `shard`) for a RollingSync strategy. Unsplit, the one
 * folder is the chart's.
 */
export function argoCdApplicationSet(chart: string, folders: readonly string[], delivery: ResolvedDelivery, targetNamespace?: string): Json {
  const chartPath = `${delivery.path}/${chart}`;
  const name = deliveryPrefix(chart, folders);
  const split = folders.some((f) => f !== '');
  const directories = split ? [{ path: `${chartPath}/base*` }, { path: `${chartPath}/shard-*` }] : [{ path: chartPath }];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: delivery.argoCd.namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL: delivery.repoUrl, revision: delivery.targetRevision, directories } }],
      template: {
        metadata: {
          name: split ? `${name}-{{.path.basenameNormalized}}` : name,
          labels: { 'cdk8s-ambassador-mtls/tier': split ? '{{if hasPrefix "base" .path.basename}}base{{else}}shard{{end}}' : 'base' },
        },
        spec: {
          project: delivery.argoCd.project,
          source: { repoURL: delivery.repoUrl, targetRevision: delivery.targetRevision, path: '{{.path.path}}' },
          destination: { server: delivery.argoCd.destinationServer, ...(targetNamespace && { namespace: targetNamespace }) },
          // The CRDs come with Ambassador, maybe from another Application still syncing.
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['SkipDryRunOnMissingResource=true'] },
        },
      },
    },
  };
}

/**
 * Flux `Kustomization`s, one per folder of a chart: the shards depend on the base folders
 * (`dependsOn`), which Flux applies and waits for (`wait: true`) first.
 */
export function fluxKustomizations(chart: string, folders: readonly string[], delivery: ResolvedDelivery, targetNamespace?: string): Json[] {
  const nameOf = (folder: string) => deliveryObjectName(chart, folders, folder);
  const bases = folders.filter(isBaseFolder);
  const external = delivery.flux.dependsOn.map((name) => ({ name }));
  return folders.map((folder) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: nameOf(folder), namespace: delivery.flux.namespace },
    spec: {
      interval: delivery.flux.interval,
      sourceRef: { kind: 'GitRepository', name: delivery.flux.sourceName },
      path: `./${delivery.path}/${chart}${folder === '' ? '' : `/${folder}`}`,
      prune: true,
      ...(targetNamespace && { targetNamespace }),
      ...(isBaseFolder(folder) || folder === '' ? { wait: true } : {}),
      ...dependsOnOf(isBaseFolder(folder) || folder === '' ? external : [...external, ...bases.map((b) => ({ name: nameOf(b) }))]),
    },
  }));
}

/**
 * The object name a chart's ApplicationSet and Kustomizations start with: its folder, lowercase,
 * with what Kubernetes names forbid turned into "-" (folders may hold "_" and capitals), short
 * enough that every `<prefix>-<folder>` fits in 63 characters: Flux and Argo CD copy these
 * names into labels, which take no more (fluxcd/flux2#2004). A longer one is cut and ends with
 * a hash of the whole.
 */
export function deliveryPrefix(chart: string, folders: readonly string[]): string {
  const full = chart.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'chart';
  const longest = Math.max(0, ...folders.map((f) => (f === '' ? 0 : f.length + 1)));
  if (full.length + longest <= MAX_LABEL) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  return `${full.slice(0, MAX_LABEL - longest - hash.length - 1).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

/** The Application and Kustomization name of one folder of a chart (`''`: the chart's folder). */
export function deliveryObjectName(chart: string, folders: readonly string[], folder: string): string {
  const prefix = deliveryPrefix(chart, folders);
  return folder === '' ? prefix : `${prefix}-${folder}`;
}

const MAX_LABEL = 63;

function dependsOnOf(dependencies: Array<{ name: string }>): { dependsOn?: Array<{ name: string }> } {
  return dependencies.length > 0 ? { dependsOn: dependencies } : {};
}
