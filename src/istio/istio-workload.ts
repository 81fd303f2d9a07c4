import { ErrorScope, propError } from '../core/errors';
import { apiObjectOf, IKubeObject } from '../core/kube-object';
import { checkOptions, checkPort } from '../core/validators';

/**
 * The pods behind a Service that Mappings name by a string (`web.apps:80`), which
 * `IstioAuthorization` cannot read from a Service object: which pods its policy selects, and
 * which port they receive on.
 */
export interface IstioWorkload {
  /**
   * The labels of the Service's pods (its `spec.selector`): the policy's `selector.matchLabels`,
   * so it applies to those pods only.
   */
  readonly selector: Record<string, string>;
  /**
   * The port the pods receive on for each Service port the Mappings use (the Service's
   * `targetPort`), for example `{ 80: 8080 }`: Istio matches the port the request arrives at on
   * the pod, not the Service port.
   * @default - none: needed with `restrictPorts` (the default) for every port a Mapping uses
   */
  readonly targetPorts?: Record<number, number>;
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Checks the `workloads` prop: keys `name.namespace`, each a selector of labels and pod ports. */
export function checkWorkloads(scope: ErrorScope, value: unknown): ReadonlyMap<string, IstioWorkload> {
  const workloads = new Map<string, IstioWorkload>();
  if (value === undefined) return workloads;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw propError(scope, 'workloads', value, 'is not an object', 'map each Service, as name.namespace, to its pods: { "web.apps": { selector: { app: "web" }, targetPorts: { 80: 8080 } } }');
  }
  for (const [service, given] of Object.entries(value)) {
    const prop = `workloads[${JSON.stringify(service)}]`;
    if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(service)) {
      throw propError(scope, 'workloads key', service, 'is not a Service named name.namespace', 'key each workload by the Service\'s name and namespace, for example "web.apps"');
    }
    const workload = checkOptions(scope, prop, given as IstioWorkload, ['selector', 'targetPorts']);
    const selector = workload.selector;
    if (selector === null || typeof selector !== 'object' || Array.isArray(selector) || Object.keys(selector).length === 0) {
      throw propError(scope, `${prop}.selector`, selector, 'names no labels: a policy without a selector applies to every workload of the namespace',
        'give the labels the Service selects its pods by (its spec.selector), for example { app: "web" }');
    }
    for (const [key, label] of Object.entries(selector)) {
      if (!LABEL_KEY.test(key) || typeof label !== 'string' || !LABEL_VALUE.test(label)) {
        throw propError(scope, `${prop}.selector`, { [key]: label }, 'is not a Kubernetes label', 'use the label keys and values of the Service\'s spec.selector');
      }
    }
    if (workload.targetPorts !== undefined) {
      if (workload.targetPorts === null || typeof workload.targetPorts !== 'object' || Array.isArray(workload.targetPorts)) {
        throw propError(scope, `${prop}.targetPorts`, workload.targetPorts, 'is not an object', 'map each Service port to the port its pods receive on, for example { 80: 8080 }');
      }
      for (const [port, target] of Object.entries(workload.targetPorts)) {
        if (!/^\d+$/.test(port)) throw propError(scope, `${prop}.targetPorts key`, port, 'is not a Service port number', 'key each pod port by the Service port, for example { 80: 8080 }');
        checkPort(scope, `${prop}.targetPorts key`, Number(port));
        checkPort(scope, `${prop}.targetPorts[${port}]`, target);
      }
    }
    workloads.set(service, workload);
  }
  return workloads;
}

/**
 * The labels a Service object selects its pods by, read at synth (a cdk8s-plus Service gets its
 * selector from `select()`, which may come after the Mapping); `{}` when it has none.
 */
export function selectorOfService(service: IKubeObject): Record<string, string> {
  const selector = apiObjectOf(service)?.toJson()?.spec?.selector;
  return selector !== null && typeof selector === 'object' ? { ...selector } : {};
}
