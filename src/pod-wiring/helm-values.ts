import { IConstruct } from 'constructs';
import { AmbassadorPodPatch } from './pod-patch';
import { propError } from '../core/errors';

type Json = Record<string, any>;

/**
 * Which Helm chart installs Ambassador, and so where its values go.
 *
 * The Edge Stack chart (datawire/edge-stack `charts/edge-stack`) installs Emissary-ingress as a
 * subchart (its Chart.yaml `dependencies`), so every Emissary-ingress value sits under an
 * `emissary-ingress:` key there; top-level keys would be silently ignored.
 */
export class AmbassadorHelmChart {
  /** The `emissary-ingress` chart (datawire/emissary-ingress): values at the top level. */
  public static readonly EMISSARY_INGRESS = new AmbassadorHelmChart('emissary-ingress', undefined);
  /** The `edge-stack` chart (datawire/edge-stack): values under `emissary-ingress:`. */
  public static readonly EDGE_STACK = new AmbassadorHelmChart('edge-stack', 'emissary-ingress');

  private constructor(
    /** The chart's name. */
    public readonly chartName: string,
    /** The key the Emissary-ingress values sit under, if any. */
    public readonly valuesKey: string | undefined,
  ) {}
}

/** Options for rendering the pod wiring as Helm values. */
export interface HelmValuesOptions {
  /**
   * The chart that installs Ambassador.
   * @default AmbassadorHelmChart.EMISSARY_INGRESS
   */
  readonly chart?: AmbassadorHelmChart;
  /**
   * Your own values for that chart, as you would write them (for Edge Stack, with the
   * `emissary-ingress:` key). The result holds them and the wiring merged: Helm replaces a list
   * from an earlier values file with a later one (it merges maps only), so two files that both
   * set `volumes` would lose one's entries. A clash (the same volume, mount path, env var or
   * annotation with another value) is an error.
   * @default - none: the wiring alone
   */
  readonly mergeWith?: Record<string, unknown>;
}

/**
 * Renders the patch as values of the Emissary-ingress chart (`podLabels`, `podAnnotations`,
 * `volumes`, `volumeMounts`, `env`; in charts/emissary-ingress/templates/deployment.yaml the
 * first two are maps, the next two lists appended to the chart's own, and `env` a map of plain
 * values, upper-cased and quoted), for the chart chosen, merged with the user's own values.
 */
export function toHelmValues(scope: IConstruct, patch: AmbassadorPodPatch, options: HelmValuesOptions = {}): Record<string, unknown> {
  const chart = options.chart ?? AmbassadorHelmChart.EMISSARY_INGRESS;
  if (!(chart instanceof AmbassadorHelmChart)) {
    throw propError(scope, 'chart', chart, 'is not a chart this library knows', 'use AmbassadorHelmChart.EMISSARY_INGRESS or AmbassadorHelmChart.EDGE_STACK');
  }
  const user = options.mergeWith ?? {};
  if (user === null || typeof user !== 'object' || Array.isArray(user)) {
    throw propError(scope, 'mergeWith', user, 'is not a values object', 'give your values as an object, as in your values.yaml');
  }
  const base: Json = chart.valuesKey === undefined ? { ...user } : { ...(user as Json)[chart.valuesKey] };
  const at = (key: string) => (chart.valuesKey === undefined ? key : `${chart.valuesKey}.${key}`);
  const wiring: Json = {
    podLabels: mergeMap(scope, at('podLabels'), base.podLabels, patch.podLabels),
    podAnnotations: mergeMap(scope, at('podAnnotations'), base.podAnnotations, patch.podAnnotations),
    volumes: mergeList(scope, at('volumes'), base.volumes, patch.volumes, 'name'),
    volumeMounts: mergeList(scope, at('volumeMounts'), base.volumeMounts, patch.volumeMounts, 'mountPath'),
    env: mergeMap(scope, at('env'), base.env, patch.env),
  };
  // A key the wiring leaves empty is left out, unless you set it: in a values file of its own, an
  // empty `volumes: []` would replace the list of an earlier file (Helm merges maps, not lists).
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(wiring)) {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    if (!empty || key in base) merged[key] = value;
  }
  return chart.valuesKey === undefined ? merged : { ...user, [chart.valuesKey]: merged };
}

function mergeMap(scope: IConstruct, key: string, theirs: unknown, ours: Record<string, string>): Record<string, unknown> {
  if (theirs !== undefined && (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs))) {
    throw propError(scope, `mergeWith ${key}`, theirs, 'is not a map', `write ${key} as a map, as the chart expects`);
  }
  const merged: Record<string, unknown> = { ...(theirs as Json) };
  for (const [name, value] of Object.entries(ours)) {
    if (merged[name] !== undefined && String(merged[name]) !== value) {
      throw propError(scope, `mergeWith ${key}.${name}`, merged[name], `clashes with the wiring, which needs "${value}"`, `remove it from your values, or set it to "${value}"`);
    }
    merged[name] = value;
  }
  return merged;
}

function mergeList<T extends object>(scope: IConstruct, key: string, theirs: unknown, ours: readonly T[], unique: keyof T & string): unknown[] {
  if (theirs !== undefined && !Array.isArray(theirs)) {
    throw propError(scope, `mergeWith ${key}`, theirs, 'is not a list', `write ${key} as a list, as the chart expects`);
  }
  const merged: unknown[] = [...(theirs ?? [])];
  for (const entry of ours) {
    const clash = merged.find((m) => m !== null && typeof m === 'object' && (m as Json)[unique] === entry[unique]);
    if (clash !== undefined && JSON.stringify(clash) !== JSON.stringify(entry)) {
      throw propError(scope, `mergeWith ${key}`, clash, `has the ${unique} ${JSON.stringify(entry[unique])} the wiring needs for ${JSON.stringify(entry)}`, 'rename yours, or remove it: the wiring adds its own');
    }
    if (clash === undefined) merged.push({ ...entry });
  }
  return merged;
}
