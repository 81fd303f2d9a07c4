import { IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { AmbassadorPodPatch } from './pod-patch';
import { propError } from '../core/errors';
import { AmbassadorInstall } from '../install/ambassador-install';
import { AmbassadorHelmChart } from '../install/helm-chart';

type Json = Record<string, any>;

/** Options for rendering the pod wiring as Helm values. */
export interface HelmValuesOptions {
  /**
   * The chart that installs Ambassador. With an install target, the target's chart (giving
   * another is an error).
   * @default - the install target's chart, else AmbassadorHelmChart.EMISSARY_INGRESS
   */
  readonly chart?: AmbassadorHelmChart;
  /**
   * Your own values for that chart, as you would write them (for Edge Stack, with the
   * `emissary-ingress:` key). The result holds them and the wiring merged: Helm replaces a list
   * from an earlier values file with a later one (it merges maps only), so two files that both
   * set `volumes` would lose one's entries. A clash (the same volume, mount path, env var,
   * annotation or Module key with another value) is an error.
   * @default - none: the wiring alone
   */
  readonly mergeWith?: Record<string, unknown>;
}

/**
 * Renders the patch as values of the Emissary-ingress chart, for the chart chosen, merged with
 * the user's own values. In charts/emissary-ingress/templates/deployment.yaml `podLabels` and
 * `podAnnotations` are maps, `volumes` and `volumeMounts` lists appended to the chart's own, `env`
 * a map of plain values (upper-cased and quoted) and `envRaw` a YAML string appended to the
 * container's env (the only way to a `valueFrom`); templates/module.yaml renders the `ambassador`
 * Module's config from `module:`.
 */
export function toHelmValues(scope: IConstruct, patch: AmbassadorPodPatch, options: HelmValuesOptions = {},
  install?: AmbassadorInstall): Record<string, unknown> {
  const chart = options.chart ?? install?.helmChart ?? AmbassadorHelmChart.EMISSARY_INGRESS;
  if (!(chart instanceof AmbassadorHelmChart)) {
    throw propError(scope, 'chart', chart, 'is not a chart this library knows', 'use AmbassadorHelmChart.EMISSARY_INGRESS or AmbassadorHelmChart.EDGE_STACK');
  }
  if (install !== undefined && install.helmChart !== chart) {
    throw propError(scope, 'chart', chart.chartName, install.helmChart
      ? `differs from the install target, ${install.description}`
      : `is a Helm chart, but the install target is ${install.description}: Helm values would reach no Ambassador`,
    install.helmChart ? 'leave chart unset: it comes from the install target' : 'use addKustomizeComponent() (static YAML) or wire() (a Deployment of this app) instead');
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
    envRaw: envRaw(scope, chart, at('envRaw'), base.envRaw, patch.fieldEnv ?? {}),
    module: mergeModule(scope, at('module'), base.module, patch.moduleConfig ?? {}),
  };
  // A key the wiring leaves empty is left out, unless you set it: in a values file of its own, an
  // empty `volumes: []` would replace the list of an earlier file (Helm merges maps, not lists).
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(wiring)) {
    const empty = value === undefined || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value).length === 0);
    if (!empty || key in base) merged[key] = value ?? base[key];
  }
  return chart.valuesKey === undefined ? merged : { ...user, [chart.valuesKey]: merged };
}

/**
 * `envRaw` with the downward-API variables appended: the chart's `env` map takes plain values
 * only. The emissary-ingress chart sets no `envRaw` of its own; the edge-stack chart sets one
 * (REDIS_URL, AMBASSADOR_AES_SECRET_NAME: charts/edge-stack/values.yaml), which a value of ours
 * would replace, so there yours must be given to append to.
 */
function envRaw(scope: IConstruct, chart: AmbassadorHelmChart, key: string, theirs: unknown, fields: Record<string, string>): string | undefined {
  const names = Object.keys(fields);
  if (names.length === 0) return undefined;
  if (theirs !== undefined && typeof theirs !== 'string' && !(theirs !== null && typeof theirs === 'object' && Object.keys(theirs).length === 0)) {
    throw propError(scope, `mergeWith ${key}`, theirs, 'is not a string', `write ${key} as a YAML string (a block scalar, "|"), as the chart expects`);
  }
  const text = typeof theirs === 'string' ? theirs : '';
  if (chart === AmbassadorHelmChart.EDGE_STACK && text === '') {
    throw propError(scope, `mergeWith ${key}`, undefined, `is needed: the wiring sets ${names.join(', ')} through envRaw, and a values file that sets envRaw `
      + 'replaces the edge-stack chart\'s own (REDIS_URL, AMBASSADOR_AES_SECRET_NAME), which Edge Stack needs',
    `copy emissary-ingress.envRaw from the values.yaml of your edge-stack chart version into mergeWith (as { "emissary-ingress": { envRaw: "..." } }); the wiring appends ${names.join(', ')}`);
  }
  const lines = names.filter((name) => !new RegExp(`name:\\s*["']?${name}["']?\\s*$`, 'm').test(text))
    .map((name) => stringify([{ name, valueFrom: { fieldRef: { fieldPath: fields[name] } } }]));
  if (lines.length === 0) return text;
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${lines.join('')}`;
}

function mergeModule(scope: IConstruct, key: string, theirs: unknown, ours: Record<string, unknown>): Record<string, unknown> | undefined {
  if (Object.keys(ours).length === 0) return undefined;
  if (theirs !== undefined && (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs))) {
    throw propError(scope, `mergeWith ${key}`, theirs, 'is not a map', `write ${key} as a map of Module settings, as the chart expects`);
  }
  const merged: Record<string, unknown> = { ...(theirs as Json) };
  for (const [name, value] of Object.entries(ours)) {
    if (merged[name] !== undefined && JSON.stringify(merged[name]) !== JSON.stringify(value)) {
      throw propError(scope, `mergeWith ${key}.${name}`, merged[name], `clashes with the wiring, which needs ${JSON.stringify(value)}`, `remove it from your values, or set it to ${JSON.stringify(value)}`);
    }
    merged[name] = value;
  }
  return merged;
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
