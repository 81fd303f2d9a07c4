import { createHash } from 'crypto';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { FileWriter } from './file-writer';
import { ShardLayout } from './sharding';

type Json = Record<string, any>;

/** The one manifest file of a shard folder. */
export const SHARD_FILE = 'manifests.k8s.yaml';

/**
 * What the hashes in a shard file's first line depend on besides the objects: the version of this
 * format (bump it when the text written for the same objects changes: the YAML options, the
 * header) and cdk8s's, whose `Yaml.stringify` writes the text with the YAML library it bundles.
 * Either changing renders every shard file again. The library's own version is left out, so that
 * an upgrade that writes the same text leaves every file as it is; a test in
 * test/gitops/sharding.test.ts fails when the text changes and this does not.
 */
const FORMAT = `cdk8s-ambassador-mtls shard 1, cdk8s ${cdk8sVersion()}`;
const HEADER = /^# cdk8s-ambassador-mtls: objects ([0-9a-f]{32}), text ([0-9a-f]{32})\n/;

/** What Argo CD and Flux build: the manifests only, never the subfolders' values or Components. */
export function writeKustomization(writer: FileWriter, folder: string, resources: string[]): void {
  writer.write(path.join(folder, 'kustomization.yaml'), Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }));
}

/**
 * The folders of a split chart, and its own `kustomization.yaml`, which lists them. Nothing that
 * GitOpsApp generates builds the chart folder once it is split (each folder has its own
 * Application or Kustomization); the list is there for a tool still pointed at the chart folder
 * from before the chart was split, until its delivery objects are updated: it then applies the
 * same objects, instead of none (Argo CD would refuse to prune them all, but flag the app) or,
 * for Flux, which generates a kustomization from every YAML file below a folder without one,
 * the delivery files too.
 */
export function writeSplitChart(writer: FileWriter, chartFolder: string, layout: ShardLayout, fileOf: ReadonlyMap<Json, string>): void {
  for (const [folder, docs] of layout) writeShard(writer, path.join(chartFolder, folder), docs.map((doc) => [fileOf.get(doc)!, doc]));
  writeKustomization(writer, chartFolder, [...layout.keys()]);
}

/**
 * A shard folder: its manifests in one file, in file-name order (kind, namespace, name), so
 * a changed object changes its own lines; writing thousands of small files costs more than
 * synthesizing them (on the 2-core machines of the benchmark, 15,000 files took 1.4 to 4.4 s).
 * An empty folder keeps its `kustomization.yaml` (with no resources), so the Application or
 * Kustomization that deploys it stays and prunes what it held.
 *
 * The file's first line is a YAML comment with two hashes: of the objects (their JSON, which
 * `JSON.stringify` makes in a fraction of the time YAML takes) and of the text below the line. A
 * synth that finds both unchanged leaves the file as it is without rendering its YAML: adding one
 * route to 10,000 renders one shard. The hashes sit in the file they describe, so one added route
 * still changes one file, and no Git merge can pair a file with another file's hash; a file edited
 * by hand fails the text hash and is written again.
 */
function writeShard(writer: FileWriter, folder: string, entries: Array<[string, Json]>): void {
  if (entries.length === 0) {
    writeKustomization(writer, folder, []);
    return;
  }
  const docs = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, doc]) => doc);
  const objects = createHash('sha256').update(FORMAT);
  // JSON keeps every value a resolved manifest holds (cdk8s removes null and undefined from
  // objects, and both write `null` in arrays), in order: equal JSON, equal YAML.
  for (const doc of docs) objects.update('\n').update(JSON.stringify(doc));
  const objectsHash = objects.digest('hex').slice(0, 32);
  writer.writeUnlessCurrent(path.join(folder, SHARD_FILE), (text) => {
    const header = HEADER.exec(text);
    return header !== null && header[1] === objectsHash && header[2] === textHash(text.slice(header[0].length));
  }, () => {
    const body = Yaml.stringify(...docs);
    return `# cdk8s-ambassador-mtls: objects ${objectsHash}, text ${textHash(body)}\n${body}`;
  });
  writeKustomization(writer, folder, [SHARD_FILE]);
}

function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function cdk8sVersion(): string {
  try {
    return String(require('cdk8s/package.json').version); // eslint-disable-line @typescript-eslint/no-require-imports
  } catch {
    return 'unknown';
  }
}
