import * as path from 'path';
import { Yaml } from 'cdk8s';
import { argoCdApplicationSet } from './argocd';
import { deliveryObjectName, deliveryPrefix } from './delivery-names';
import { ResolvedDelivery } from './delivery-options';
import { FileWriter } from './file-writer';
import { deliveryKustomizationName, fluxKustomizations } from './flux';
import { at, propError } from '../core/errors';

/** Where a chart's delivery files go: one folder per tool, so each is applied on its own. */
export const ARGOCD_FILE = path.join('delivery', 'argocd', 'applicationset.yaml');
export const FLUX_FILE = path.join('delivery', 'flux', 'kustomizations.yaml');

/** What the delivery files of one chart need to know about it. */
export interface DeliveredChart {
  /** The chart's output folder. */
  readonly folder: string;
  /** Its folders ('' alone: unsplit). */
  readonly shards: string[];
  /** The namespaces of its namespaced objects. */
  readonly namespaces: ReadonlySet<string>;
  /** True when some namespaced object has no namespace (then none has one). */
  readonly unnamespaced: boolean;
}

/**
 * Writes `<chart>/delivery/argocd/applicationset.yaml` and `<chart>/delivery/flux/kustomizations.yaml`
 * for every chart, after checking that every generated name is unique in the app and that no
 * Kustomization would depend on one of the app's own (itself, or a cycle).
 */
export function writeDeliveryFiles(writer: FileWriter, charts: readonly DeliveredChart[], delivery: ResolvedDelivery): void {
  checkDeliveryNames(charts, delivery);
  for (const chart of charts) {
    const targetNamespace = chart.unnamespaced ? delivery.defaultNamespace : undefined;
    const destination = destinationNamespace(chart, delivery);
    const appSet = argoCdApplicationSet({ chart: chart.folder, folders: chart.shards, destinationNamespace: destination }, delivery);
    const flux = fluxKustomizations({ chart: chart.folder, folders: chart.shards, targetNamespace }, delivery);
    writer.write(path.join(chart.folder, ARGOCD_FILE), Yaml.stringify(appSet));
    writer.write(path.join(chart.folder, FLUX_FILE), Yaml.stringify(...flux));
  }
}

/**
 * The Applications' destination namespace: the default one for a chart whose objects give none;
 * with `createNamespace`, the one namespace of the chart's objects, which Argo CD then creates
 * (it creates the destination namespace only, so a chart spread over several is an error).
 */
function destinationNamespace(chart: DeliveredChart, delivery: ResolvedDelivery): string | undefined {
  if (chart.unnamespaced) return delivery.defaultNamespace;
  if (!delivery.argoCd.createNamespace || chart.namespaces.size === 0) return undefined;
  if (chart.namespaces.size > 1) {
    throw propError(at('GitOpsApp'), 'delivery.argoCd.createNamespace', true,
      `cannot apply to chart ${chart.folder}, whose objects are in the namespaces ${[...chart.namespaces].sort().join(', ')}: Argo CD creates one namespace per Application, its destination`,
      'turn createNamespace off (and create the namespaces with what installs Ambassador and the services), or put the chart\'s objects in one namespace');
  }
  return [...chart.namespaces][0];
}

/**
 * Every generated Argo CD and Flux name is unique in the app (charts `a_b` and `a-b`, a chart
 * `edge` split and a chart `edge-base`), and none is among `flux.dependsOn`: every generated
 * Kustomization depends on those, so it would wait for itself or for one that waits for it.
 */
function checkDeliveryNames(charts: readonly DeliveredChart[], delivery: ResolvedDelivery): void {
  const seen = new Map<string, string>();
  const external = new Set(delivery.flux.dependsOn);
  for (const { folder, shards } of charts) {
    const prefix = delivery.namePrefix;
    const names = new Set([deliveryPrefix(prefix, folder, shards), deliveryKustomizationName(prefix, folder, shards),
      ...shards.map((f) => deliveryObjectName(prefix, folder, shards, f))]);
    for (const name of names) {
      if (external.has(name)) {
        throw propError(at('GitOpsApp'), 'delivery.flux.dependsOn', name, `names the Kustomization that GitOpsApp generates for chart ${folder}: it would depend on itself and never become ready`,
          'list the Kustomization that installs Ambassador (for example "emissary-ingress"), or give delivery.namePrefix another value');
      }
      const other = seen.get(name);
      if (other !== undefined && other !== folder) {
        throw propError(at('GitOpsApp'), 'chart id', folder, `makes the Argo CD and Flux object name "${name}", which chart folder ${other} makes too`,
          'give the charts ids that differ in more than case, "_" and "-", and that no other chart\'s id plus "-base", "-shard-N" or "-delivery" spells');
      }
      seen.set(name, folder);
    }
  }
}
