import { defaultNamePrefix, MAX_PREFIX } from './delivery-names';
import { checkGitRef, checkRepoPath, checkRepoUrl } from './git-checks';
import { ErrorScope, propError } from '../core/errors';
import { checkBoolean, checkList, checkNamespace, checkObjectName, checkOptions } from '../core/validators';

/** Argo CD settings of the generated `ApplicationSet`s. */
export interface ArgoCdDeliveryOptions {
  /**
   * The namespace Argo CD runs in (the ApplicationSets').
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
  /**
   * Let Argo CD create the namespace of a chart's objects when it is missing (the sync option
   * `CreateNamespace=true` on the chart's destination namespace). Argo CD creates one namespace
   * per Application, so a chart whose objects sit in several namespaces is an error with it.
   * Off by default: the namespaces of Ambassador and of the meshed services belong to their
   * installs, and an Application retries (without limit) until they exist.
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Argo CD 3.1 and later: a sync retry takes the newest commit (`syncPolicy.retry.refresh`),
   * so a fix is not held behind a commit that keeps failing (argoproj/argo-cd#11494). Earlier
   * Argo CD releases reject the field.
   * @default false
   */
  readonly retryWithNewRevisions?: boolean;
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
   * How soon Flux tries a failed reconciliation again (for example while Ambassador's CRDs are
   * not installed yet), as a Go duration.
   * @default "2m"
   */
  readonly retryInterval?: string;
  /**
   * Kustomizations (in `namespace`) that every generated one waits for: the one installing
   * Ambassador and its CRDs, without which no Mapping can be applied. None of the names this app
   * generates may be listed (a Kustomization that depends on itself never becomes ready).
   * @default - none
   */
  readonly dependsOn?: string[];
}

/**
 * Where the output lives in Git, so `GitOpsApp` can write, beside each chart, the Argo CD
 * `ApplicationSet` and the Flux `Kustomization`s that deploy its folders.
 */
export interface GitOpsDeliveryOptions {
  /**
   * The Git repository the output is committed to, as Argo CD and Flux clone it. It is written
   * into committed files, so it must hold no credentials.
   */
  readonly repoUrl: string;
  /** The output folder's path inside that repository, for example "dist" or "clusters/prod/edge". */
  readonly path: string;
  /**
   * The branch, tag or commit Argo CD deploys (Flux follows its `GitRepository`).
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * The start of every Argo CD and Flux object name: `<namePrefix><chart>` and
   * `<namePrefix><chart>-<folder>`. Unique names are what keeps these objects from taking over
   * an Application or Kustomization someone else made (an `istio` one installing Istio): Argo CD
   * and `kubectl apply` update an object of the same name in place. At most 30 characters.
   * @default - the last folder of `path` and a hash of `repoUrl` and `path`, for example
   * "dist-a1b2c-", so two apps in one cluster differ
   */
  readonly namePrefix?: string;
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
  readonly namePrefix: string;
  readonly defaultNamespace: string;
  readonly argoCd: Required<ArgoCdDeliveryOptions>;
  readonly flux: Required<FluxDeliveryOptions>;
}

const NAME_PREFIX = /^[a-z0-9][-a-z0-9]*$/;

/** Checks the delivery options (they end up in YAML that Argo CD and Flux act on). */
export function checkDelivery(scope: ErrorScope, prop: string, options: unknown): ResolvedDelivery {
  const given = checkOptions(scope, prop, options as GitOpsDeliveryOptions,
    ['repoUrl', 'path', 'targetRevision', 'namePrefix', 'defaultNamespace', 'argoCd', 'flux']);
  const repoUrl = checkRepoUrl(scope, `${prop}.repoUrl`, given.repoUrl);
  const path = checkRepoPath(scope, `${prop}.path`, given.path);
  const namePrefix = given.namePrefix ?? defaultNamePrefix(repoUrl, path);
  if (typeof namePrefix !== 'string' || namePrefix.length > MAX_PREFIX || !NAME_PREFIX.test(namePrefix)) {
    throw propError(scope, `${prop}.namePrefix`, given.namePrefix, 'is not a name prefix Kubernetes names and labels take',
      `use 1 to ${MAX_PREFIX} lowercase letters, digits and "-", starting with a letter or digit, for example "edge-"`);
  }
  const argo = checkOptions(scope, `${prop}.argoCd`, given.argoCd ?? {}, ['namespace', 'project', 'destinationServer', 'createNamespace', 'retryWithNewRevisions']);
  const flux = checkOptions(scope, `${prop}.flux`, given.flux ?? {}, ['namespace', 'sourceName', 'interval', 'retryInterval', 'dependsOn']);
  const dependsOn = checkList(scope, `${prop}.flux.dependsOn`, flux.dependsOn ?? [], 'list Kustomization names, for example ["emissary-ingress"]')
    .map((name) => checkObjectName(scope, `${prop}.flux.dependsOn`, name));
  const destinationServer = argo.destinationServer ?? 'https://kubernetes.default.svc';
  if (typeof destinationServer !== 'string' || !/^https:\/\/[^\s'"`{}]+$/.test(destinationServer)) {
    throw propError(scope, `${prop}.argoCd.destinationServer`, argo.destinationServer, 'is not a cluster API URL', 'give for example "https://kubernetes.default.svc"');
  }
  return {
    repoUrl,
    path,
    targetRevision: checkGitRef(scope, `${prop}.targetRevision`, given.targetRevision ?? 'HEAD'),
    namePrefix,
    defaultNamespace: checkNamespace(scope, `${prop}.defaultNamespace`, given.defaultNamespace ?? 'default'),
    argoCd: {
      namespace: checkNamespace(scope, `${prop}.argoCd.namespace`, argo.namespace ?? 'argocd'),
      project: checkObjectName(scope, `${prop}.argoCd.project`, argo.project ?? 'default'),
      destinationServer,
      createNamespace: checkBoolean(scope, `${prop}.argoCd.createNamespace`, argo.createNamespace ?? false),
      retryWithNewRevisions: checkBoolean(scope, `${prop}.argoCd.retryWithNewRevisions`, argo.retryWithNewRevisions ?? false),
    },
    flux: {
      namespace: checkNamespace(scope, `${prop}.flux.namespace`, flux.namespace ?? 'flux-system'),
      sourceName: checkObjectName(scope, `${prop}.flux.sourceName`, flux.sourceName ?? 'flux-system'),
      interval: checkGoDuration(scope, `${prop}.flux.interval`, flux.interval ?? '10m'),
      retryInterval: checkGoDuration(scope, `${prop}.flux.retryInterval`, flux.retryInterval ?? '2m'),
      dependsOn,
    },
  };
}

/**
 * The pattern of every duration in Flux's CRDs (kustomize-controller's `interval`,
 * `retryInterval` and `timeout`: `+kubebuilder:validation:Pattern`): numbers, decimals allowed,
 * each with the unit ms, s, m or h ("10m", "1h30m", "1.5h", "500ms"). The API server refuses any
 * other string, and Go durations Flux's pattern leaves out ("1us") with it.
 */
const FLUX_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** A Go duration as Flux's CRD pattern takes it (`FLUX_DURATION`). */
function checkGoDuration(scope: ErrorScope, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !FLUX_DURATION.test(value)) {
    throw propError(scope, prop, value, 'is not a Go duration', 'give for example "10m", "1h30m" or "1.5h" (units ms, s, m, h)');
  }
  return value;
}
