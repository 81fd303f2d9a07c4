import { CrdSchemas } from './crd-schemas';
import { ambassadorIdsOf, checkMtlsRules, ManifestDocument, MtlsRuleOptions, resourceId } from './rules';
import { isClusterScoped } from '../core/cluster-scoped';
import { isDnsLabel, isDnsSubdomain, isServiceName } from '../core/validators';

type Json = Record<string, any>;

/** One problem found in the manifests, by the schema check or a cross-resource rule. */
export interface ManifestFinding {
  /** The rule: `crd-schema`, `object-name` or one of `MTLS_RULES`. */
  readonly rule: string;
  /** `Kind/namespace/name` of the resource. */
  readonly resource: string;
  /** The file it was read from. */
  readonly file: string;
  /** Its position among the documents of that file, from 0, if known. */
  readonly index?: number;
  /** The Ambassador ids that read it (getambassador.io objects only; `default` without `ambassador_id`). */
  readonly ambassadorIds?: readonly string[];
  /** What is wrong. */
  readonly message: string;
  /** What to do. */
  readonly fix: string;
  /** For schema problems, each failing field. */
  readonly details?: readonly string[];
}

/** What `checkManifests` found, and what it read. */
export interface ManifestCheck {
  /** Every problem, schema problems first, then by rule. */
  readonly findings: ManifestFinding[];
  /** How many documents were Kubernetes objects (an apiVersion and a kind). */
  readonly objects: number;
  /** How many were checked against a CRD schema. */
  readonly schemaChecked: number;
  /** Kinds with no bundled schema (built-in kinds, other CRDs), by `apiVersion/Kind`, with their counts: read by the rules, never an error. */
  readonly otherKinds: Record<string, number>;
}

/**
 * The one check the validation plugin and the command line run: every object of a group the
 * schemas know (getambassador.io, security.istio.io, cert-manager.io, consul.hashicorp.com)
 * against the schema of its exact apiVersion and kind (unknown fields rejected), every object's
 * name against what the API server accepts, and the cross-resource rules (`MTLS_RULES`), which
 * group objects by the Ambassador ids that read them, as Emissary does.
 */
export function checkManifests(given: readonly ManifestDocument[], schemas: CrdSchemas, options: MtlsRuleOptions = {}): ManifestCheck {
  const docs = given.filter((m) => isObject(m.doc) && typeof m.doc.apiVersion === 'string' && typeof m.doc.kind === 'string'
    && !m.doc.apiVersion.startsWith('kustomize.config.k8s.io/')); // Kustomizations and Components are no manifests
  const findings: ManifestFinding[] = [];
  const otherKinds: Record<string, number> = {};
  let schemaChecked = 0;
  const finding = (m: ManifestDocument, rule: string, message: string, fix: string, details?: string[]) => findings.push({
    rule, resource: resourceId(m.doc), file: m.file, index: m.index, ambassadorIds: idsOf(m.doc), message, fix, ...(details && { details }),
  });
  for (const m of docs) {
    nameProblems(m.doc).forEach(([message, fix]) => finding(m, 'object-name', message, fix));
    const group = m.doc.apiVersion.includes('/') ? m.doc.apiVersion.split('/')[0] : '';
    if (!schemas.hasGroup(group)) {
      const key = `${m.doc.apiVersion}/${m.doc.kind}`;
      otherKinds[key] = (otherKinds[key] ?? 0) + 1;
      continue;
    }
    schemaChecked++;
    const problems = schemas.errors(m.doc);
    if (problems === undefined) {
      finding(m, 'crd-schema', `no CRD schema defines kind ${m.doc.kind} in ${m.doc.apiVersion}`,
        'use a kind and apiVersion the CRDs define (or add the CRD that does)');
    } else if (problems.length > 0) {
      finding(m, 'crd-schema', `fails the ${m.doc.apiVersion} ${m.doc.kind} schema: ${problems.join('; ')}`, schemaFix(m.doc), problems);
    }
  }
  // The rules also read Helm values of Ambassador's chart (documents without a kind), for the pod they describe.
  const values = given.filter((m) => isObject(m.doc) && m.doc.kind === undefined);
  for (const v of checkMtlsRules([...docs, ...values], options)) {
    const m = docs.find((d) => d.file === v.file && d.index === v.index && resourceId(d.doc) === v.resource);
    findings.push({
      rule: v.rule, resource: v.resource, file: v.file, index: v.index, ambassadorIds: m && idsOf(m.doc), message: v.message, fix: v.fix,
    });
  }
  return { findings, objects: docs.length, schemaChecked, otherKinds };
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const idsOf = (doc: Json) => (String(doc.apiVersion).startsWith('getambassador.io/') ? ambassadorIdsOf(doc) : undefined);

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const isPathSegmentName = (name: unknown) =>
  typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name);

/** The API server rejects an object without a valid name (and namespace): each problem, with its fix. */
export function nameProblems(doc: Json): Array<[string, string]> {
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const problems: Array<[string, string]> = [];
  const kind = String(doc.kind);
  // The API server's rules by kind (apimachinery validation): RBAC objects take any path segment
  // (system:controller:...), Services an RFC 1035 label, Namespaces an RFC 1123 label, the rest
  // an RFC 1123 subdomain. An object with only generateName gets its name from the server.
  const [valid, rule, fix] = RBAC_KINDS.has(kind) ? [isPathSegmentName, '', 'use a name without "/" and "%"']
    : kind === 'Service' ? [isServiceName, ' (RFC 1035 label)', 'use at most 63 lowercase letters, digits and "-", starting with a letter']
      : kind === 'Namespace' ? [isDnsLabel, ' (RFC 1123 label)', 'use at most 63 lowercase letters, digits and "-"']
        : [isDnsSubdomain, ' (RFC 1123 subdomain)', 'use at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit ("_" is not allowed)'];
  const generated = metadata.name === undefined && typeof metadata.generateName === 'string' && metadata.generateName !== '';
  if (!generated && !valid(metadata.name)) {
    problems.push([`metadata.name ${JSON.stringify(metadata.name ?? null)} is not a ${kind} name the API server accepts${rule}`, fix]);
  }
  if (metadata.namespace != null && (isClusterScoped(String(doc.kind)) || !isDnsLabel(metadata.namespace))) {
    problems.push(isClusterScoped(String(doc.kind))
      ? [`metadata.namespace ${JSON.stringify(metadata.namespace)} is set on a cluster-scoped ${doc.kind}`, 'remove metadata.namespace']
      : [`metadata.namespace ${JSON.stringify(metadata.namespace)} is not a namespace name (RFC 1123 label)`, 'use at most 63 lowercase letters, digits and "-"']);
  }
  return problems;
}

/** The fix for a schema failure; the annotation form of Ambassador's docs gets its own. */
function schemaFix(doc: Json): string {
  if (String(doc.apiVersion).startsWith('getambassador.io/') && doc.spec === undefined && doc.name !== undefined) {
    return 'this is Ambassador\'s annotation form (fields at the top level): as a Kubernetes resource, move name under metadata and the other fields under spec';
  }
  return 'fix or remove the fields named (the API server would reject or prune them)';
}
