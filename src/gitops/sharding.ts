import * as crypto from 'crypto';
import { createHash } from 'crypto';
import { ErrorScope, propError } from '../core/errors';
import { checkOptions } from '../core/validators';

type Json = Record<string, any>;

/**
 * How `GitOpsApp` splits a large chart into folders that each build alone.
 *
 * `kubectl kustomize` takes time that grows with the square of the objects in a folder
 * (kubernetes-sigs/kustomize#5084; on 2 cores: 250 objects 0.14 s, 1,000 1.0 s, 2,000 5.0 s,
 * 4,000 21.9 s), and Argo CD and Flux build a folder on every sync: so no folder should hold more
 * than `threshold` objects, whatever the chart's size.
 */
export interface ShardingOptions {
  /**
   * The most objects a folder holds. A chart with more is split: `base/` and shard folders. A
   * shard folder that would hold more is split in two (by the next bit of its objects' hash), so
   * the shard count grows with the chart and every folder builds in about a second or less.
   * @default 1000
   */
  readonly threshold?: number;
  /**
   * A fixed number of shard folders (a power of two, 2 to 1024) instead of a count that grows
   * with the chart: the folders then never change as the chart grows, and a synth fails when one
   * would hold more than `threshold` objects (raise `shards`, or leave it unset).
   * @default - grows with the chart
   */
  readonly shards?: number;
}

/** The defaults, chosen by the measurements above. */
export const DEFAULT_SHARDING: ShardingOptions = { threshold: 1000 };

/** Sharding options, checked: `depth` is the fixed number of hash bits, or undefined to grow. */
export interface ResolvedSharding {
  readonly threshold: number;
  readonly depth?: number;
}

/**
 * The kinds other objects refer to (a Mapping's TLSContext and resolver, a Secret, a
 * Namespace...): a split chart keeps them in `base/`, which GitOps tools apply first, so a
 * Mapping never reaches the cluster before the TLSContext it names.
 */
const BASE_KINDS = new Set([
  'Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Secret', 'ConfigMap',
  'TLSContext', 'ConsulResolver', 'KubernetesEndpointResolver', 'KubernetesServiceResolver', 'Module', 'Listener', 'Host',
  'Certificate', 'Issuer', 'ClusterIssuer',
]);

/** Bits of each object's hash used for its folder: far more than any chart needs (2^48 folders). */
const HASH_BITS = 48;
const MAX_FIXED_SHARDS = 1024;

/** Checks sharding options, filling in the defaults. */
export function checkSharding(scope: ErrorScope, prop: string, options: unknown): ResolvedSharding {
  const given = checkOptions(scope, prop, (options ?? {}) as ShardingOptions, ['threshold', 'shards']);
  const threshold = given.threshold ?? DEFAULT_SHARDING.threshold!;
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw propError(scope, `${prop}.threshold`, given.threshold, 'is not a whole number of objects of at least 1', 'give the largest number of objects a folder should hold, for example 1000');
  }
  if (given.shards === undefined) return { threshold };
  const shards = given.shards;
  if (!Number.isInteger(shards) || shards < 2 || shards > MAX_FIXED_SHARDS || (shards & (shards - 1)) !== 0) { // eslint-disable-line no-bitwise
    throw propError(scope, `${prop}.shards`, given.shards, `is not a power of two from 2 to ${MAX_FIXED_SHARDS}: each shard folder is a prefix of its objects' hash`,
      'give 2, 4, 8, 16, 32... or leave shards unset, so that the shard count grows with the chart');
  }
  return { threshold, depth: Math.log2(shards) };
}

/** A chart's objects by folder (relative to the chart's folder; '' for the chart folder itself). */
export type ShardLayout = Map<string, Json[]>;

/**
 * Where each of a chart's objects goes, as a function of the objects alone (no earlier output is
 * read: `cdk8s synth` deletes the output folder before each run, and CI synthesizes afresh).
 *
 * Up to `threshold` objects: all in the chart's folder. Above, the chart is split: the base kinds
 * in `base/` (always written, even empty, so its Application or Kustomization stays and prunes),
 * every other object in a shard folder named by a prefix of the bits of a hash of its identity
 * (group, kind, namespace, name): `shard-0` and `shard-1` hold the objects whose hash starts with
 * 0 and 1; a folder that would pass the threshold is split by the next bit instead (`shard-00`
 * and `shard-01` in place of `shard-0`), until none does. Base kinds past the threshold are split
 * the same way (`base-0`, `base-1`...). With a fixed `shards` (2^depth), every object is in
 * `shard-<its first depth bits>`, and all 2^depth folders are written, empty or not.
 *
 * Why hash-prefix splitting (extendible hashing) rather than a count-driven modulo, jump or
 * consistent hash: a folder's name says exactly which objects it holds, whatever the chart's
 * size. So
 * - one added or removed route changes one file (its folder's), unless it makes that one folder
 *   split in two or two sibling folders join again; no other folder changes;
 * - a growing chart moves only the objects of the folder that splits, into its two halves, and
 *   a folder that keeps its name keeps exactly its objects: the Application or Kustomization of a
 *   folder never sees its objects leave for another folder, so it never prunes what another one
 *   is about to adopt;
 * - every folder holds at most `threshold` objects, at any size (a bound, not an average), and
 *   at least about half of that once split (the halves of a hash split evenly).
 * A count-driven modulo or jump hash moves objects out of every existing shard each time the
 * count grows; rendezvous hashing does too, and costs a hash per object per shard.
 */
export function shardLayout(docs: readonly Json[], options: ResolvedSharding): ShardLayout {
  if (docs.length <= options.threshold) return new Map([['', [...docs]]]);
  const base: Hashed[] = [];
  const rest: Hashed[] = [];
  for (const doc of docs) (BASE_KINDS.has(String(doc.kind)) ? base : rest).push({ doc, hash: identityHash(doc) });
  const layout: ShardLayout = new Map();
  const min = options.depth ?? 1;
  const max = options.depth ?? HASH_BITS;
  if (base.length > options.threshold) split(base, 'base-', '', min, max, options.threshold, layout);
  else layout.set('base', base.map((h) => h.doc));
  split(rest, 'shard-', '', min, max, options.threshold, layout);
  return new Map([...layout].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Hashed {
  readonly doc: Json;
  /** The first 48 bits of the SHA-256 of the object's identity, as a number. */
  readonly hash: number;
}

/** Adds the folders of `objects` (whose hashes all start with `bits`) to `layout`. */
function split(objects: Hashed[], prefix: string, bits: string, min: number, max: number, threshold: number, layout: ShardLayout): void {
  const depth = bits.length;
  if (depth >= max || (depth >= min && objects.length <= threshold)) {
    layout.set(prefix + bits, objects.map((h) => h.doc));
    return;
  }
  const bit = 2 ** (HASH_BITS - 1 - depth);
  const zeros: Hashed[] = [];
  const ones: Hashed[] = [];
  for (const h of objects) (Math.floor(h.hash / bit) % 2 === 0 ? zeros : ones).push(h);
  split(zeros, prefix, `${bits}0`, min, max, threshold, layout);
  split(ones, prefix, `${bits}1`, min, max, threshold, layout);
}

/** The first 48 bits of a SHA-256 of an object's identity (API group, kind, namespace, name). */
function identityHash(doc: Json): number {
  const apiVersion = String(doc.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const identity = `${group}/${doc.kind}/${doc.metadata?.namespace ?? ''}/${doc.metadata?.name}`;
  return parseInt(sha256Hex(identity).slice(0, 12), 16);
}

// One-shot `crypto.hash` (Node 20.12 and later) hashes a short string in a quarter of the time a
// Hash object takes; the same SHA-256 either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha256Hex: (text: string) => string = oneShot ? (text) => oneShot('sha256', text) : (text) => createHash('sha256').update(text).digest('hex');

/**
 * The folders of a split chart that hold more than `threshold` objects: with a fixed `shards`
 * only (a growing layout splits them), an error naming the chart, the folder and the fix.
 */
export function checkFolderSizes(chartPath: string, layout: ShardLayout, options: ResolvedSharding): void {
  if (options.depth === undefined) return;
  const over = [...layout].filter(([, objects]) => objects.length > options.threshold);
  if (over.length === 0) return;
  const total = [...layout.values()].reduce((n, objects) => n + objects.length, 0);
  const [folder, objects] = over.reduce((a, b) => (b[1].length > a[1].length ? b : a));
  const shards = 2 ** options.depth;
  // About 1.5 x the even spread, and always more than the count that failed: a hash spreads a few
  // objects unevenly, so the estimate can be the count given, which must not be offered as a raise.
  const needed = Math.max(2 * shards, 2 ** Math.ceil(Math.log2(Math.max(2, (total * 1.5) / options.threshold))));
  const raise = needed <= MAX_FIXED_SHARDS ? `, or raise it (${needed} for ${total} objects)` : ` (${MAX_FIXED_SHARDS} is the most it can be)`;
  throw new Error(`${chartPath}: sharding.shards ${shards} puts ${objects.length} objects in ${folder}/ (${over.length} folder(s) past the threshold of ${options.threshold}), `
    + 'which kubectl kustomize, Argo CD and Flux take several seconds to build (its cost grows with the square of the objects). '
    + `Fix: leave sharding.shards unset, so that the shard count grows with the chart${raise}`);
}

/** True for the folders GitOps tools apply first. */
export function isBaseFolder(folder: string): boolean {
  return folder === 'base' || folder.startsWith('base-');
}
