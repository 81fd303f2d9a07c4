import * as path from 'path';
import { ApiObject, App, AppProps, Chart, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartFolders } from './chart-folders';
import { DeliveredChart, writeDeliveryFiles } from './delivery';
import { checkDelivery, GitOpsDeliveryOptions, ResolvedDelivery } from './delivery-options';
import { FileWriter } from './file-writer';
import { manifestFiles } from './manifest-files';
import { OutputFile } from './output-file';
import { readIndex, removeStale, writeIndex } from './output-index';
import { resolveApp } from './resolve-app';
import { writeKustomization, writeSplitChart } from './shard-files';
import { checkFolderSizes, checkSharding, ResolvedSharding, shardLayout, ShardingOptions } from './sharding';
import { isClusterScoped } from '../core/cluster-scoped';
import { at, propError } from '../core/errors';
import { checkOptions } from '../core/validators';
import { nameProblems } from '../validation/check-manifests';
import { resourceId } from '../validation/rules';

type Json = Record<string, any>;

/** Props for `GitOpsApp`: cdk8s's `AppProps`, plus how to split large charts and deliver them. */
export interface GitOpsAppProps extends AppProps {
  /**
   * When and how a large chart is split into shard folders that each build alone.
   * @default - charts of more than 1,000 objects are split, into shard folders of at most 1,000 objects
   */
  readonly sharding?: ShardingOptions;
  /**
   * Where the output is committed: with it, each chart also gets an Argo CD `ApplicationSet`
   * (`<chart>/delivery/argocd/`) and Flux `Kustomization`s (`<chart>/delivery/flux/`) for its folders.
   * @default - no delivery files
   */
  readonly delivery?: GitOpsDeliveryOptions;
}

const SHARDING = Symbol.for('cdk8s-ambassador-mtls.sharding');

/**
 * A cdk8s `App` whose `synth()` writes one folder per chart, one file per resource, ready for a
 * GitOps repo: `<outdir>/<chart>/<Kind>[.<namespace>].<name>.k8s.yaml`, plus the chart's
 * `OutputFile`s (Helm values, kustomize Components) in subfolders, and a `kustomization.yaml`
 * listing exactly the manifests, so `kubectl kustomize`, Argo CD and Flux build the chart alone.
 *
 * Unlike cdk8s's own folder-per-chart output, the namespace is part of the file name, so two
 * objects that differ only by namespace (a `PeerAuthentication` named `default` in each of two
 * namespaces) do not overwrite each other; two objects that would share a file are an error.
 * Every chart id must be a safe folder name, unique in the app; every file stays inside
 * `outdir` by real path (no write, read or removal through a symbolic link that leaves it); the
 * app is resolved once; a file is rewritten only when its content changes. The files written are
 * listed in `<outdir>/.cdk8s-ambassador-mtls-files`, and a synth removes only files that list
 * names and it no longer writes: a file kept in the output by hand is never touched.
 *
 * A chart of more objects than `sharding.threshold` is written as `base/` and shard folders
 * instead, none holding more than the threshold (see `ShardingOptions`), each with its own
 * `kustomization.yaml`: `kubectl kustomize` gets slower with the square of the object count, and
 * Argo CD and Flux build each folder on every sync. A re-synth renders only the shard files whose
 * objects changed. With `delivery`, each chart also gets the Argo CD and Flux objects that deploy
 * its folders.
 */
export class GitOpsApp extends App {
  /**
   * Splits `chart` as `options` say, whatever the app's setting: another threshold for one
   * chart, or a fixed shard count.
   */
  public static shard(chart: Chart, options: ShardingOptions = {}): void {
    const where = at(Chart.isChart(chart) ? chart.node.path : 'GitOpsApp.shard()');
    if (!Chart.isChart(chart)) throw propError(where, 'chart', chart, 'is not a Chart', 'pass the chart to split');
    Object.defineProperty(chart, SHARDING, { value: checkSharding(where, 'options', options), configurable: true });
  }

  private readonly recordMetadata: boolean;
  private readonly sharding: ResolvedSharding;
  private readonly delivery?: ResolvedDelivery;

  constructor(props: GitOpsAppProps = {}) {
    const checked = checkOptions(at('GitOpsApp'), 'props', props, ['outdir', 'outputFileExtension', 'yamlOutputType', 'recordConstructMetadata', 'resolvers',
      'sharding', 'delivery']);
    if (checked.outdir !== undefined && (typeof checked.outdir !== 'string' || checked.outdir === '' || checked.outdir.includes('\0'))) {
      throw propError(at('GitOpsApp'), 'outdir', checked.outdir, 'is not a folder path', 'give the folder to write to, for example "dist"');
    }
    const sharding = checkSharding(at('GitOpsApp'), 'sharding', checked.sharding);
    const delivery = checked.delivery === undefined ? undefined : checkDelivery(at('GitOpsApp'), 'delivery', checked.delivery);
    const { sharding: _s, delivery: _d, ...appProps } = checked;
    super(appProps);
    this.sharding = sharding;
    this.delivery = delivery;
    OutputFile._writtenBy(this); // its synth() writes them, beside each chart's manifests
    // `cdk8s synth` asks for it when validation plugins run (as cdk8s's own App reads it).
    this.recordMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  /** Validates and resolves the app once, then writes the folders. */
  public override synth(): void {
    const { charts: resolved, constructs } = resolveApp(this);
    const folders = chartFolders(this, constructs);
    const writer = new FileWriter(this.outdir, at('GitOpsApp'));
    const previous = readIndex(writer, at('GitOpsApp'));
    const delivered: DeliveredChart[] = [];
    for (const [chart, docs] of resolved) {
      const folder = folders.get(chart)!;
      const files = manifestFiles(chart, docs); // two objects for one file are an error, wherever they land
      const { namespaces, unnamespaced } = checkObjects(chart, docs, this.delivery !== undefined);
      const sharding = (chart as unknown as Record<symbol, ResolvedSharding>)[SHARDING] ?? this.sharding;
      const layout = shardLayout(docs, sharding);
      if (layout.size === 1 && layout.has('')) {
        this.writeFolder(writer, folder, files);
      } else {
        checkFolderSizes(chart.node.path, layout, sharding);
        writeSplitChart(writer, folder, layout, new Map([...files].map(([file, doc]) => [doc, file])));
      }
      delivered.push({ folder, shards: [...layout.keys()], namespaces, unnamespaced });
    }
    if (this.delivery) writeDeliveryFiles(writer, delivered, this.delivery);
    OutputFile._writeAll(this, constructs, this.outdir, writer);
    const written = writer.writtenFiles();
    removeStale(writer, previous, written);
    writeIndex(writer, written);
    // Not listed: written only when `cdk8s synth` runs validation plugins, and read by it alone.
    if (this.recordMetadata) this.writeConstructPaths(writer, constructs);
  }

  /** A chart's folder: a file per manifest, and the `kustomization.yaml` listing exactly them. */
  private writeFolder(writer: FileWriter, folder: string, files: Map<string, Json>): void {
    for (const [file, doc] of files) writer.write(path.join(folder, file), Yaml.stringify(doc));
    writeKustomization(writer, folder, [...files.keys()].sort());
  }

  /**
   * `construct-metadata.json`, which `cdk8s synth` reads to name the construct behind each
   * violation a validation plugin reports. Keyed by `Kind/namespace/name`, the resource names
   * our plugin reports (cdk8s's own App keys it by name alone, which two namespaces can share).
   */
  private writeConstructPaths(writer: FileWriter, constructs: readonly IConstruct[]): void {
    const resources: Record<string, { path: string }> = {};
    for (const child of constructs) {
      if (!ApiObject.isApiObject(child)) continue;
      resources[`${child.kind}/${child.metadata.namespace ?? '-'}/${child.name}`] = { path: child.node.path };
    }
    writer.write('construct-metadata.json', JSON.stringify({ version: '1.0.0', resources }));
  }
}

/**
 * What the API server and, with delivery, the GitOps tools would reject: a name Kubernetes
 * refuses (an object named after a chart id with "_" or capitals), or namespaced objects without
 * a namespace beside others with one. Flux's server-side apply refuses a namespaced object
 * without one (fluxcd/flux2#3742), and its targetNamespace (like Argo CD's destination
 * namespace) can only supply one to a chart with none at all. Returns the namespaces of the
 * chart's namespaced objects, and whether some have none.
 */
function checkObjects(chart: Chart, docs: readonly Json[], delivered: boolean): { namespaces: Set<string>; unnamespaced: boolean } {
  let without: Json | undefined;
  const namespaces = new Set<string>();
  for (const doc of docs) {
    const [problem] = nameProblems(doc);
    if (problem) throw new Error(`${chart.node.path}: ${resourceId(doc)}: ${problem[0]}. Fix: ${problem[1]} (a name made from the chart id takes its characters: give the chart a lowercase id)`);
    if (isClusterScoped(String(doc.kind))) continue;
    if (doc.metadata?.namespace == null) without = without ?? doc;
    else namespaces.add(doc.metadata.namespace);
  }
  if (delivered && without && namespaces.size > 0) {
    throw new Error(`${chart.node.path}: ${resourceId(without)} has no namespace, beside objects that have one: Flux (server-side apply) refuses it, and a target namespace `
      + 'for it would move the others. Fix: give the chart (or the object) a namespace');
  }
  return { namespaces, unnamespaced: without !== undefined };
}
