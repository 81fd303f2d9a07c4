import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AmbassadorPodPatch } from './pod-patch';
import { propError } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';

type Json = Record<string, any>;

interface Wiring {
  /** The pattern construct that wired the Deployment, named in errors. */
  readonly scope: IConstruct;
  readonly patch: AmbassadorPodPatch;
  readonly containerName: string;
}

const WIRINGS = new WeakMap<ApiObject, Wiring[]>();

/**
 * Applies `patch` to an Ambassador Deployment of the app, on the named container.
 *
 * The Deployment may come from any cdk8s-plus version or be a plain `ApiObject`, so the patch is
 * applied to the manifest itself, after cdk8s has resolved it: the Deployment's `toJson()` is
 * wrapped once and applies every wiring in order. (RFC 6902 JSON patches, cdk8s's other escape
 * hatch, cannot append to a list that may not exist yet, such as `volumes`.) The same checks run
 * now, against the Deployment as it is, so a clash is reported where the pattern is created, and
 * again at synth, in case the Deployment changed since.
 */
export function wireDeployment(scope: IConstruct, patch: AmbassadorPodPatch, deployment: IKubeObject, containerName: string): void {
  const apiObject = isConstruct(deployment) ? apiObjectOf(deployment) : undefined;
  if (apiObject?.kind !== 'Deployment') {
    const what = !isConstruct(deployment) ? 'is not a construct'
      : apiObject ? `is a ${apiObject.kind}, not a Deployment` : 'is a reference to an object outside the app';
    throw propError(scope, 'ambassadorDeployment', isConstruct(deployment) ? deployment.node.path : deployment, what,
      'pass the Deployment of this app that runs Ambassador (a cdk8s-plus Deployment or an ApiObject of kind Deployment); for an Ambassador installed otherwise use addHelmValues() or addKustomizeComponent()');
  }
  const wiring: Wiring = { scope, patch, containerName };
  const path = deployment.node.path;
  let current: Json;
  try {
    current = apiObject.toJson();
  } catch (e) {
    throw propError(scope, 'ambassadorDeployment', path, `cannot be synthesized yet (${(e as Error).message})`, 'give the Deployment its containers before wiring it');
  }
  applyWiring(wiring, current, path);
  const wirings = WIRINGS.get(apiObject);
  if (wirings) {
    wirings.push(wiring);
    return;
  }
  WIRINGS.set(apiObject, [wiring]);
  const toJson = apiObject.toJson.bind(apiObject);
  Object.defineProperty(apiObject, 'toJson', {
    value: () => {
      const json = toJson();
      for (const w of WIRINGS.get(apiObject)!) applyWiring(w, json, path);
      return json;
    },
  });
}

/** Adds the patch to a resolved Deployment manifest, in place; throws (naming the pattern) on a clash. */
function applyWiring({ scope, patch, containerName }: Wiring, deployment: Json, path: string): void {
  const template = child(child(deployment, 'spec'), 'template');
  const metadata = child(template, 'metadata');
  if (Object.keys(patch.podLabels).length > 0) metadata.labels = withEntries(scope, 'pod label', metadata.labels, patch.podLabels, path);
  if (Object.keys(patch.podAnnotations).length > 0) metadata.annotations = withEntries(scope, 'pod annotation', metadata.annotations, patch.podAnnotations, path);
  const pod = child(template, 'spec');
  const containers: Json[] = pod.containers ?? [];
  const index = containers.findIndex((c) => c.name === containerName);
  if (index < 0) {
    throw propError(scope, 'ambassadorContainer', containerName, `is not a container of Deployment ${path} (it has ${containers.map((c) => c.name).join(', ') || 'none'})`,
      'name the container that runs Ambassador, or give it that name');
  }
  const volumes: Json[] = [...(pod.volumes ?? [])];
  for (const volume of patch.volumes) {
    if (volumes.some((v) => v.name === volume.name)) {
      throw propError(scope, 'volume', volume.name, `is already a volume of Deployment ${path}`, 'give this pattern another volume name, or wire the Deployment only once');
    }
    volumes.push(sortedDeep(volume));
  }
  const container = { ...containers[index] };
  const mounts: Json[] = [...(container.volumeMounts ?? [])];
  for (const mount of patch.volumeMounts) {
    const clash = mounts.find((m) => trimSlash(m.mountPath) === trimSlash(mount.mountPath));
    if (clash) {
      throw propError(scope, 'mountPath', mount.mountPath, `is already mounted (volume "${clash.name}") in container "${containerName}"`, 'give this pattern another mount path');
    }
    // A mount of the container that names our volume would read our certificates elsewhere.
    const sameVolume = containers.flatMap((c) => c.volumeMounts ?? []).find((m: Json) => m.name === mount.name);
    if (sameVolume) {
      throw propError(scope, 'volume', mount.name, `is already the name of a mount (at ${sameVolume.mountPath}) of Deployment ${path}, though no volume of that name exists yet`,
        'give this pattern another volume name (volumeName), or rename that mount');
    }
    mounts.push(sortedDeep(mount));
  }
  const env: Json[] = [...(container.env ?? [])];
  for (const [name, value] of Object.entries(patch.env)) {
    if (env.some((e) => e.name === name)) {
      throw propError(scope, 'env', name, `is already set in container "${containerName}"`, 'remove it from the Deployment: this pattern sets it');
    }
    env.push({ name, value });
  }
  for (const [name, fieldPath] of Object.entries(patch.fieldEnv ?? {})) {
    const existing = env.find((e) => e.name === name);
    if (existing?.valueFrom?.fieldRef?.fieldPath === fieldPath) continue; // already there, as the pattern needs it
    if (existing) {
      throw propError(scope, 'env', name, `is already set in container "${containerName}", not from ${fieldPath}`, `remove it from the Deployment: this pattern sets it from ${fieldPath}`);
    }
    env.push({ name, valueFrom: { fieldRef: { fieldPath } } });
  }
  if (mounts.length > 0) container.volumeMounts = mounts;
  if (env.length > 0) container.env = env;
  pod.containers = containers.map((c, i) => (i === index ? sortedKeys(container) : c));
  if (volumes.length > 0) pod.volumes = volumes;
  Object.assign(template, { spec: sortedKeys(pod) });
}

/** `map` with `entries` added; an entry already there with another value is a clash. */
function withEntries(scope: IConstruct, what: string, map: Record<string, string> | undefined, entries: Record<string, string>, path: string) {
  const merged = { ...map };
  for (const [key, value] of Object.entries(entries)) {
    if (merged[key] !== undefined && merged[key] !== value) {
      throw propError(scope, what, key, `is already "${merged[key]}" on Deployment ${path}, and this pattern needs "${value}"`, `remove it from the Deployment, or set it to "${value}"`);
    }
    merged[key] = value;
  }
  return sortedKeys(merged);
}

function child(parent: Json, key: string): Json {
  parent[key] ??= {};
  return parent[key];
}

/** cdk8s writes keys sorted; keep what we add in that order. */
function sortedKeys<T extends Json>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}

function sortedDeep(value: unknown): any {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== 'object') return value;
  return sortedKeys(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortedDeep(v)])));
}

function trimSlash(path: string): string {
  return String(path).replace(/\/+$/, '') || '/';
}
