import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Kinds the API server keeps once per cluster, not per namespace: two of them with one name
 * clash across charts, whatever namespace the chart gives them.
 */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PriorityClass', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

const GUARDED = Symbol.for('cdk8s-ambassador-mtls.duplicate-objects');

/** True for a kind the API server keeps once per cluster. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/**
 * Makes synth fail, with any cdk8s App, when two objects of `scope`'s chart have the same kind,
 * namespace and name (the cluster would keep only one), or two cluster-scoped objects of the app
 * the same kind and name. The check runs once per chart and app, at synth, over every object
 * (ours, cdk8s-plus's or hand-written), and names both constructs.
 */
export function guardAgainstDuplicates(scope: IConstruct): void {
  const chart = Chart.of(scope);
  if (!(GUARDED in chart)) {
    Object.defineProperty(chart, GUARDED, { value: true });
    chart.node.addValidation({ validate: () => duplicates(chart.node.findAll(), false) });
  }
  const app = chart.node.root;
  if (app instanceof App && !(GUARDED in app)) {
    Object.defineProperty(app, GUARDED, { value: true });
    app.node.addValidation({ validate: () => duplicates(app.node.findAll(), true) });
  }
}

/** One message per pair of objects with the same identity, among the namespaced or cluster-scoped ones. */
function duplicates(constructs: IConstruct[], clusterScoped: boolean): string[] {
  const seen = new Map<string, ApiObject>();
  const errors: string[] = [];
  for (const c of constructs) {
    if (!ApiObject.isApiObject(c) || isClusterScoped(c.kind) !== clusterScoped) continue;
    const namespace = clusterScoped ? undefined : c.metadata.namespace;
    const key = `${c.apiGroup}/${c.kind}/${namespace ?? ''}/${c.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, c);
      continue;
    }
    const where = namespace === undefined ? '' : ` in namespace "${namespace}"`;
    errors.push(`${c.kind} "${c.name}"${where} is defined twice, by ${first.node.path} and ${c.node.path}: the cluster would keep only one. `
      + 'Fix: give one of them another name (or namespace), or create it once and share the object');
  }
  return errors;
}
