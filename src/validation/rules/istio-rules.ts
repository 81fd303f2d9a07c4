import { Json, listOf, ManifestDocument, ManifestModel, objectOf, specOf, textOf } from './model';
import { ManifestRule } from './rule';

/** Istio's root namespace by default (meshConfig.rootNamespace). */
const ROOT_NAMESPACE = 'istio-system';

/**
 * A rule with no `from`, `to` or `when` matches every request (Istio's reference shows `rules:
 * [{}]` as the policy that allows all): a policy holding one refuses no caller.
 */
const matchesAll = (rule: unknown): boolean => ['from', 'to', 'when'].every((field) => listOf(objectOf(rule)[field]).length === 0);

/** The AuthorizationPolicies that allow (action ALLOW, Istio's default), name some rule, and refuse some request. */
const allowPolicies = (model: ManifestModel): ManifestDocument[] => model.docs.filter((m) => m.doc.kind === 'AuthorizationPolicy'
  && textOf(m.doc.apiVersion).startsWith('security.istio.io/') && (specOf(m).action ?? 'ALLOW') === 'ALLOW' && listOf(specOf(m).rules).length > 0
  && !listOf(specOf(m).rules).some(matchesAll));

const labelsOf = (value: unknown): Json => objectOf(objectOf(value).matchLabels);
const hasTarget = (s: Json) => s.targetRef !== undefined || listOf(s.targetRefs).length > 0;

/** Whether a policy's selector picks pods a Service selects: each label of the selector is the Service's too. */
const selects = (selector: Json, serviceSelector: Json) => Object.keys(serviceSelector).length > 0
  && Object.entries(selector).every(([k, v]) => serviceSelector[k] === v);

/** The port a Service's port sends to on its pods: its numeric targetPort, the port itself without one, undefined when named. */
const podPortOf = (p: Json): number | undefined => {
  const target = p.targetPort ?? p.port;
  if (typeof target === 'number') return target;
  return typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : undefined;
};

/**
 * The rules about Istio's AuthorizationPolicies (security.istio.io): what a policy applies to,
 * and which port it compares (issue 19).
 */
export const ISTIO_RULES: ManifestRule[] = [
  {
    id: 'istio-authz-scope',
    summary: 'an ALLOW AuthorizationPolicy with rules selects its workloads: without a selector it applies to every workload of its namespace (a warning), or of the whole mesh from istio-system (an error), and refuses all their other callers',
    severity: 'warning',
    check: (model, report) => {
      // istio.io, authorization-policy reference: a policy without a selector applies to all
      // workloads of its namespace; in the root namespace, to all namespaces, and there a
      // selector matches workloads in every namespace. Once an ALLOW policy applies, Istio denies
      // the workload every request no ALLOW policy matches.
      for (const m of allowPolicies(model)) {
        const s = specOf(m);
        const namespace = m.doc.metadata?.namespace;
        const selector = labelsOf(s.selector);
        if (hasTarget(s)) continue;
        if (Object.keys(selector).length === 0) {
          report(m, `has no selector, so it applies to every workload of ${namespace === ROOT_NAMESPACE ? 'every namespace of the mesh' : `namespace ${namespace ?? '(unset)'}`}: `
            + 'each of them then refuses every caller its rules do not name', 'select the pods the policy is for (selector.matchLabels: the labels of their Service\'s selector)',
          // Mesh-wide, it locks every workload of the mesh to these callers: hardly ever meant.
          { at: ['spec'], severity: namespace === ROOT_NAMESPACE ? 'error' : 'warning' });
        } else if (namespace === ROOT_NAMESPACE) {
          report(m, `is in Istio's root namespace, where its selector ${JSON.stringify(selector)} matches pods in every namespace of the mesh: each of them then refuses every caller its rules do not name`,
            'put the policy in the namespace of the pods it is for', { at: ['metadata', 'namespace'] });
        }
      }
    },
  },
  {
    id: 'istio-authz-pod-port',
    summary: 'an AuthorizationPolicy allows the port the pods receive on, not a Service port that maps elsewhere (Istio compares the workload\'s port)',
    severity: 'error',
    check: (model, report) => {
      const services = model.docs.filter((m) => m.doc.kind === 'Service' && m.doc.apiVersion === 'v1');
      for (const m of allowPolicies(model)) {
        const namespace = m.doc.metadata?.namespace;
        const selector = labelsOf(specOf(m).selector);
        const picked = services.filter((svc) => svc.doc.metadata?.namespace === namespace && selects(selector, objectOf(specOf(svc).selector)));
        const podPorts = new Set(picked.flatMap((svc) => listOf(specOf(svc).ports).map((p) => podPortOf(objectOf(p)))));
        const rules = listOf(specOf(m).rules);
        rules.forEach((rule, r) => listOf(objectOf(rule).to).forEach((to, t) => listOf(objectOf(objectOf(to).operation).ports).forEach((port, i) => {
          if (podPorts.has(Number(textOf(port)))) return;
          // istio/api#3075: the ports of an AuthorizationPolicy are the workload's, not the Service's.
          for (const svc of picked) {
            const mapped = listOf(specOf(svc).ports).map(objectOf)
              .find((p) => textOf(p.port) === textOf(port) && podPortOf(p) !== undefined && podPortOf(p) !== p.port);
            if (mapped === undefined) continue;
            report(m, `allows port "${textOf(port)}", the port of Service ${svc.doc.metadata?.name}, but its pods receive on ${podPortOf(mapped)}: Istio compares the port the pod receives on, `
              + 'so every request to those pods is refused', `allow "${podPortOf(mapped)}" instead`, { at: ['spec', 'rules', r, 'to', t, 'operation', 'ports', i] });
            return;
          }
        })));
      }
    },
  },
];
