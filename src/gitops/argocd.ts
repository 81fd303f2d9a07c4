import { deliveryPrefix, ownershipLabels, TIER_LABEL } from './delivery-names';
import { ResolvedDelivery } from './delivery-options';

type Json = Record<string, any>;

/**
 * Sync retries: Argo CD's default is 5 attempts (5 s doubling, about 2.5 min), after which an
 * automated sync never tries that commit again. Ambassador's CRDs often arrive later than that
 * (another Application, a Helm install), so the retry is unlimited: the controller retries while
 * `RetryCount < Limit || Limit < 0` (controller/appcontroller.go), each wait doubling up to 3 min.
 */
const RETRY = { limit: -1, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } };

/** The options of one chart's ApplicationSet, beyond the app's delivery options. */
export interface ApplicationSetInput {
  /** The chart's output folder. */
  readonly chart: string;
  /** Its folders ('' alone: unsplit). */
  readonly folders: readonly string[];
  /** The Applications' destination namespace, if any (a namespace-less chart, or createNamespace). */
  readonly destinationNamespace?: string;
}

/**
 * An Argo CD `ApplicationSet` with a Git directory generator over a chart's folders: one
 * Application per folder (`<prefix><chart>-<folder>`, or `<prefix><chart>` unsplit), labelled
 * with its tier for the RollingSync strategy of a split chart (base before shards).
 *
 * - `spec.strategy` RollingSync, split charts only: with progressive syncs enabled
 *   (`applicationsetcontroller.enable.progressive.syncs`), the controller syncs each step's
 *   Applications only once the previous step's are healthy (`buildAppSyncMap`), and syncs them
 *   itself, with the Application's retry and sync options (`syncApplication`), in place of
 *   automated sync; where the feature is off, the controller ignores `strategy`.
 * - `syncPolicy.preserveResourcesOnDeletion`: without it the controller puts Argo CD's resources
 *   finalizer on every Application it generates, so deleting the ApplicationSet (to re-create it
 *   under a new name, say) deletes every Mapping and TLSContext: the edge goes down.
 * - the default `applicationsSync` (sync): the controller deletes the Applications of folders
 *   that are gone (a chart re-laid into shards, a shard split in two as the chart grows), which
 *   with the option above leaves their objects in place for the new Applications, generated for
 *   the new folders by the same directory patterns: growth needs no new ApplicationSet.
 */
export function argoCdApplicationSet(input: ApplicationSetInput, delivery: ResolvedDelivery): Json {
  const { chart, folders, destinationNamespace } = input;
  const chartPath = `${delivery.path}/${chart}`;
  const name = deliveryPrefix(delivery.namePrefix, chart, folders);
  const split = folders.some((f) => f !== '');
  const directories = split ? [{ path: `${chartPath}/base*` }, { path: `${chartPath}/shard-*` }] : [{ path: chartPath }];
  const labels = ownershipLabels(delivery.namePrefix);
  const syncOptions = [
    // The CRDs come with Ambassador, maybe from another Application still syncing: no dry run
    // for kinds the cluster does not know yet (the apply still fails and is retried).
    'SkipDryRunOnMissingResource=true',
    ...(delivery.argoCd.createNamespace ? ['CreateNamespace=true'] : []),
  ];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: delivery.argoCd.namespace, labels },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL: delivery.repoUrl, revision: delivery.targetRevision, directories } }],
      ...(split && { strategy: rollingSync() }),
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: split ? `${name}-{{.path.basenameNormalized}}` : name,
          labels: { ...labels, [TIER_LABEL]: split ? '{{if hasPrefix "base" .path.basename}}base{{else}}shard{{end}}' : 'base' },
        },
        spec: {
          project: delivery.argoCd.project,
          source: { repoURL: delivery.repoUrl, targetRevision: delivery.targetRevision, path: '{{.path.path}}' },
          destination: { server: delivery.argoCd.destinationServer, ...(destinationNamespace && { namespace: destinationNamespace }) },
          syncPolicy: {
            // A split chart's folders are always written, empty or not: a shard whose last route
            // is removed must prune it, which automated sync refuses without allowEmpty ("would
            // result in app having zero live resources"). An unsplit chart keeps Argo CD's guard
            // against a build that would delete every object.
            automated: { prune: true, selfHeal: true, ...(split && { allowEmpty: true }) },
            syncOptions,
            retry: { ...RETRY, ...(delivery.argoCd.retryWithNewRevisions && { refresh: true }) },
          },
        },
      },
    },
  };
}

/** Base folders first, then the shards: each step waits for the previous one to be healthy. */
function rollingSync(): Json {
  const step = (tier: string) => ({ matchExpressions: [{ key: TIER_LABEL, operator: 'In', values: [tier] }] });
  return { type: 'RollingSync', rollingSync: { steps: [step('base'), step('shard')] } };
}
