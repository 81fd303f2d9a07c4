import { CrdSchemas } from './crd-schemas';
import { EmissaryRelease } from './emissary-release';
import { isHelmValuesFile } from './input/tool-files';
import { ambassadorIdsOf, ManifestDocument, MTLS_RULES, MtlsRuleOptions, resourceId, Severity } from './rules';
import { ManifestModel } from './rules/model';
import { runRules } from './rules/rule';
import { isClusterScoped } from '../core/cluster-scoped';
import { didYouMean } from '../core/similar-names';
import { isDnsLabel, isDnsSubdomain, isServiceName } from '../core/validators';

type Json = Record<string, any>;

/** One problem found in the manifests: unreadable input, a schema problem, a bad name, or a rule violation. */
export interface ManifestFinding {
  /**
   * The rule: `input` (not a readable Kubernetes object), `crd-schema`, `crd-cel` (a CEL rule of
   * the CRD), `object-name` or one of `MTLS_RULES`.
   */
  readonly rule: string;
  /** `error` (a check fails on it) or `warning` (hardening; a check passes). */
  readonly severity: Severity;
  /** `Kind/namespace/name` of the resource (`-` for input that is no resource). */
  readonly resource: string;
  /** The file it was read from. */
  readonly file: string;
  /** Its position among the documents of that file, from 0, if known. */
  readonly index?: number;
  /** The line of the field (or document) the finding is about, from 1, if known. */
  readonly line?: number;
  /** The column, from 1, if known. */
  readonly column?: number;
  /** The field it is about (`spec.tls`), when it is about one field. */
  readonly field?: string;
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
  /** Every problem: input first, then schema and name problems, then by rule. */
  readonly findings: ManifestFinding[];
  /** How many documents were Kubernetes objects (an apiVersion and a kind). */
  readonly objects: number;
  /** How many were checked against a CRD schema. */
  readonly schemaChecked: number;
  /** Kinds with no bundled schema (built-in kinds, other CRDs), by `apiVersion/Kind`, with their counts: read by the rules, never an error. */
  readonly otherKinds: Record<string, number>;
  /** The Emissary release the rules followed. */
  readonly emissaryVersion: string;
}

/** Options of `checkManifests`: those of the rules. */
export type CheckManifestsOptions = MtlsRuleOptions;

const OPTION_KEYS = ['externalTlsContexts', 'externalResolvers', 'emissaryVersion'];

/**
 * Real kinds of the groups whose schemas are bundled, but not their own (the package bundles
 * the CRDs its constructs write): not schema-checked, never refused as unknown. Their CRDs:
 * cert-manager's deploy/crds, Istio's security.istio.io, consul-k8s's control-plane/config/crd.
 * The rules still read them (an issuer decides what a Certificate's ca.crt holds).
 */
const UNBUNDLED_KINDS: Readonly<Record<string, readonly string[]>> = {
  'cert-manager.io': ['Issuer', 'ClusterIssuer', 'CertificateRequest'],
  'security.istio.io': ['RequestAuthentication'],
  'consul.hashicorp.com': ['ServiceDefaults', 'ServiceResolver', 'ServiceRouter', 'ServiceSplitter', 'ProxyDefaults', 'Mesh', 'IngressGateway',
    'TerminatingGateway', 'ExportedServices', 'SamenessGroup', 'JWTProvider', 'ControlPlaneRequestLimit', 'PeeringAcceptor', 'PeeringDialer'],
};

/**
 * The one check the validation plugin and the command line run: every object of a group the
 * schemas know against the schema of its exact apiVersion and kind (unknown fields rejected),
 * every object's name against what the API server accepts, and the cross-resource rules
 * (`MTLS_RULES`), which group objects by the Ambassador ids that read them, as Emissary does.
 *
 * It fails closed: a document that is not a Kubernetes object (no string apiVersion and kind)
 * is an `input` finding, never skipped; a v1 `List`'s items are checked one by one. Arguments
 * are checked for JavaScript callers. Parse YAML text with `parseManifests()` first: its
 * documents carry their positions, so findings name the line and column.
 *
 * @param given the documents, each `{ doc, file, index? }`
 * @param schemas the CRD schemas @default CrdSchemas.bundled()
 */
export function checkManifests(given: readonly ManifestDocument[], schemas: CrdSchemas = CrdSchemas.bundled(),
  options: CheckManifestsOptions = {}): ManifestCheck {
  checkArguments(given, schemas, options);
  const findings: ManifestFinding[] = [];
  const docs: ManifestDocument[] = [];
  // Helm values of Ambassador's chart (by file name) are no objects: the rules read the pod they describe.
  const helmValues: ManifestDocument[] = [];
  given.forEach((m, position) => {
    if (m.doc === null || m.doc === undefined) return; // an empty YAML document
    if (isHelmValuesFile(m.file) && isObject(m.doc) && m.doc.kind === undefined) {
      helmValues.push(m);
      return;
    }
    for (const item of isList(m.doc) ? m.doc.items.map((doc: unknown, i: number) => ({ doc, i })) : [{ doc: m.doc, i: undefined }]) {
      const where = item.i === undefined ? `document ${m.index ?? position}` : `item ${item.i} of the List in document ${m.index ?? position}`;
      const at = m.source?.locate(item.i === undefined ? [] : ['items', item.i]);
      if (!isObject(item.doc) || typeof item.doc.apiVersion !== 'string' || typeof item.doc.kind !== 'string' || item.doc.apiVersion === '' || item.doc.kind === '') {
        findings.push({
          rule: 'input',
          severity: 'error',
          resource: '-',
          file: m.file,
          index: m.index,
          ...(at && { line: at.line, column: at.column }),
          message: `${where} is not a Kubernetes object (no string apiVersion and kind)`,
          fix: 'give objects with apiVersion, kind and metadata',
        });
        continue;
      }
      if (item.doc.apiVersion.startsWith('kustomize.config.k8s.io/')) continue; // Kustomizations and Components configure kustomize
      docs.push(item.i === undefined ? m : { doc: item.doc, file: m.file, index: m.index, ...(m.source && { source: { locate: (p) => m.source!.locate(['items', item.i!, ...p]) } }) });
    }
  });
  const otherKinds: Record<string, number> = {};
  let schemaChecked = 0;
  const finding = (m: ManifestDocument, rule: string, message: string, fix: string, at: readonly (string | number)[] = [], details?: string[], severity: Severity = 'error') => {
    const position = m.source?.locate(at);
    findings.push({
      rule,
      severity,
      resource: resourceId(m.doc),
      file: m.file,
      index: m.index,
      ...(position && { line: position.line, column: position.column }),
      ...(at.length > 0 && { field: at.join('.') }),
      ambassadorIds: idsOf(m.doc),
      message,
      fix,
      ...(details && { details }),
    });
  };
  for (const m of docs) {
    nameProblems(m.doc).forEach(([message, fix, field]) => finding(m, 'object-name', message, fix, ['metadata', field]));
    const group = m.doc.apiVersion.includes('/') ? m.doc.apiVersion.split('/')[0] : '';
    if (!schemas.hasGroup(group) || (!schemas.kindsOf(m.doc.apiVersion).includes(m.doc.kind) && UNBUNDLED_KINDS[group]?.includes(m.doc.kind))) {
      const key = `${m.doc.apiVersion}/${m.doc.kind}`;
      otherKinds[key] = (otherKinds[key] ?? 0) + 1;
      continue;
    }
    schemaChecked++;
    const problems = schemas.problems(m.doc);
    if (problems === undefined) {
      finding(m, 'crd-schema', `no CRD schema defines kind ${m.doc.kind} in ${m.doc.apiVersion}${didYouMean(m.doc.kind, schemas.kindsOf(m.doc.apiVersion))}`,
        'use a kind and apiVersion the CRDs define (or add the CRD that does)', ['kind']);
    } else if (problems.length > 0) {
      finding(m, 'crd-schema', `fails the ${m.doc.apiVersion} ${m.doc.kind} schema: ${problems.map((p) => p.text).join('; ')}`, schemaFix(m.doc), problems[0].path, problems.map((p) => p.text));
    }
    // The schema's CEL rules, which the API server evaluates beside it: a finding for each.
    for (const f of schemas.ruleFailures(m.doc) ?? []) {
      const where = f.path.length > 0 ? f.path.join('.') : 'the object';
      if (f.notEvaluated) {
        finding(m, 'crd-cel', `the CEL rule of ${where} was ${f.message}: ${f.rule}`,
          'check this object with kubectl apply --dry-run=server, which evaluates every rule', f.path, undefined, 'warning');
      } else {
        finding(m, 'crd-cel', `fails a CEL rule of the ${m.doc.apiVersion} ${m.doc.kind} CRD at ${where}: ${f.reason}: ${f.message}`,
          `change the object so that the rule holds (the API server refuses it otherwise): ${f.rule}`, f.path);
      }
    }
  }
  const model = new ManifestModel([...docs, ...helmValues], options);
  for (const v of runRules(MTLS_RULES, model)) {
    findings.push({
      rule: v.rule,
      severity: v.severity,
      resource: v.resource,
      file: v.file,
      index: v.index,
      ...(v.line !== undefined && { line: v.line, column: v.column }),
      ...(v.field && { field: v.field }),
      ambassadorIds: idsOf(v.document.doc),
      message: v.message,
      fix: v.fix,
    });
  }
  return { findings, objects: docs.length, schemaChecked, otherKinds, emissaryVersion: model.release.toString() };
}

/** JavaScript callers may pass anything: say what is wrong, with the fix, before reading it. */
function checkArguments(given: unknown, schemas: unknown, options: unknown): void {
  const where = 'checkManifests()';
  if (!Array.isArray(given)) {
    throw new Error(`${where}: given ${describe(given)} is not a list of { doc, file } documents. Fix: `
      + (typeof given === 'string' ? 'parse YAML text first: checkManifests(parseManifests(text, \'file.yaml\').documents)' : 'pass an array such as [{ doc: manifest, file: \'app.yaml\' }]'));
  }
  given.forEach((m: unknown, i) => {
    if (!isObject(m) || !('doc' in m) || typeof m.file !== 'string') {
      const bare = isObject(m) && typeof m.kind === 'string' && !('doc' in m);
      throw new Error(`${where}: given[${i}] ${describe(m)} is not a { doc, file } document. Fix: `
        + (bare ? 'wrap each manifest: { doc: manifest, file: \'where it came from\' }' : 'give { doc: the parsed object, file: a name for reports }'));
    }
  });
  if (!(schemas instanceof CrdSchemas)) {
    throw new Error(`${where}: schemas ${describe(schemas)} is not a CrdSchemas. Fix: leave it out for the bundled schemas, or pass CrdSchemas.bundled().with(CrdSchemas.fromFiles([...]))`);
  }
  if (!isObject(options)) throw new Error(`${where}: options ${describe(options)} is not an object. Fix: pass { externalTlsContexts, externalResolvers, emissaryVersion } or nothing`);
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length > 0) throw new Error(`${where}: options ${JSON.stringify(unknown)} are not known${didYouMean(unknown[0], OPTION_KEYS)}. Fix: use ${OPTION_KEYS.join(', ')}`);
  for (const key of ['externalTlsContexts', 'externalResolvers']) {
    const value = (options as Json)[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) throw new Error(`${where}: options.${key} ${describe(value)} is not a list of names. Fix: pass names, for example ["mesh-ctx"]`);
  }
  if ((options as Json).emissaryVersion !== undefined) {
    try {
      EmissaryRelease.parse((options as Json).emissaryVersion);
    } catch (e) {
      throw new Error(`${where}: options.emissaryVersion: ${(e as Error).message}`);
    }
  }
}

const describe = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : (() => {
    try {
      return JSON.stringify(value)?.slice(0, 60) ?? String(value);
    } catch {
      return String(value);
    }
  })();
  return text;
};

/** A `List` or `<Kind>List` of objects, as `kubectl get -o yaml` writes them. */
const isList = (doc: unknown): doc is { items: unknown[] } =>
  isObject(doc) && doc.apiVersion === 'v1' && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items);

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const idsOf = (doc: Json) => (String(doc.apiVersion).startsWith('getambassador.io/') ? ambassadorIdsOf(doc) : undefined);

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const isPathSegmentName = (name: unknown) =>
  typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name);

/** The API server rejects an object without a valid name (and namespace): each problem, with its fix. */
export function nameProblems(doc: Json): Array<[string, string, 'name' | 'namespace']> {
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const problems: Array<[string, string, 'name' | 'namespace']> = [];
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
    problems.push([`metadata.name ${JSON.stringify(metadata.name ?? null)} is not a ${kind} name the API server accepts${rule}`, fix, 'name']);
  }
  if (metadata.namespace != null && (isClusterScoped(String(doc.kind)) || !isDnsLabel(metadata.namespace))) {
    problems.push(isClusterScoped(String(doc.kind))
      ? [`metadata.namespace ${JSON.stringify(metadata.namespace)} is set on a cluster-scoped ${doc.kind}`, 'remove metadata.namespace', 'namespace']
      : [`metadata.namespace ${JSON.stringify(metadata.namespace)} is not a namespace name (RFC 1123 label)`, 'use at most 63 lowercase letters, digits and "-"', 'namespace']);
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
