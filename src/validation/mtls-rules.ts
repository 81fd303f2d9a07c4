/**
 * Cross-resource rules over synthesized manifests: what a single construct cannot see, because
 * the resources may come from different constructs, charts or hand-written YAML.
 */
import { EXTERNAL_RESOLVER_ANNOTATION, EXTERNAL_TLS_CONTEXT_ANNOTATION } from '../core/annotations';

type Json = Record<string, any>;

/** A manifest document and the file it came from. */
export interface ManifestDocument {
  /** The parsed document. */
  readonly doc: Json;
  /** The file it was read from. */
  readonly file: string;
}

/** One rule violation. */
export interface MtlsViolation {
  /** The rule's id. */
  readonly rule: string;
  /** `Kind/namespace/name` of the offending resource. */
  readonly resource: string;
  /** The file holding it. */
  readonly file: string;
  /** What is wrong. */
  readonly message: string;
  /** What to do. */
  readonly fix: string;
}

/** Options for `checkMtlsRules`. */
export interface MtlsRuleOptions {
  /**
   * TLSContexts that exist in the cluster but not in these manifests. Mappings made with
   * `TlsContext.fromName()` need no entry: they carry the annotation
   * `cdk8s-ambassador-mtls/external-tls-context`.
   * @default []
   */
  readonly externalTlsContexts?: string[];
  /**
   * Resolvers that exist in the cluster but not in these manifests (or annotate the Mapping with
   * `cdk8s-ambassador-mtls/external-resolver: <name>`).
   * @default []
   */
  readonly externalResolvers?: string[];
}

const AMBASSADOR_GROUP = 'getambassador.io/';
const RESOLVER_KINDS = ['ConsulResolver', 'KubernetesEndpointResolver', 'KubernetesServiceResolver'];

/** `Kind/namespace/name` of a manifest (`-` for no namespace): how rules and reports name it. */
export function resourceId(doc: Json): string {
  return `${doc.kind}/${doc.metadata?.namespace ?? '-'}/${doc.metadata?.name}`;
}
const idOf = resourceId;
const idsOf = (spec: Json | undefined): string[] => {
  const value = spec?.ambassador_id;
  if (value === undefined) return ['default'];
  return Array.isArray(value) ? value : [value];
};
const containersOf = (doc: Json): Json[] => doc.kind === 'Deployment' ? doc.spec?.template?.spec?.containers ?? [] : [];
const isConnector = (doc: Json) => containersOf(doc).some((c) => (c.command ?? []).includes('consul_connect_integration'));
const isAmbassador = (doc: Json) => !isConnector(doc)
  && containersOf(doc).some((c) => c.name === 'ambassador' || /(^|\/)(ambassador|emissary|aes)[:@]/.test(c.image ?? ''));

/** Checks the mTLS wiring across `docs`; returns every violation found. */
export function checkMtlsRules(docs: ManifestDocument[], options: MtlsRuleOptions = {}): MtlsViolation[] {
  const violations: MtlsViolation[] = [];
  const add = (rule: string, m: ManifestDocument, message: string, fix: string) =>
    violations.push({ rule, resource: idOf(m.doc), file: m.file, message, fix });
  const ambassador = docs.filter((m) => typeof m.doc?.apiVersion === 'string' && m.doc.apiVersion.startsWith(AMBASSADOR_GROUP));
  const contexts = ambassador.filter((m) => m.doc.kind === 'TLSContext');
  const resolvers = ambassador.filter((m) => RESOLVER_KINDS.includes(m.doc.kind));

  for (const m of ambassador.filter((x) => x.doc.kind === 'Mapping')) {
    const spec = m.doc.spec ?? {};
    const mine = idsOf(spec);
    const annotations = m.doc.metadata?.annotations ?? {};
    const externalTls = [...(options.externalTlsContexts ?? []), annotations[EXTERNAL_TLS_CONTEXT_ANNOTATION]];
    const externalResolvers = [...(options.externalResolvers ?? []), annotations[EXTERNAL_RESOLVER_ANNOTATION]];
    if (typeof spec.tls === 'string' && !externalTls.includes(spec.tls)) {
      const found = contexts.filter((c) => c.doc.metadata?.name === spec.tls);
      if (found.length === 0) {
        add('mapping-tls-exists', m, `tls "${spec.tls}" names no TLSContext of this app`,
          `define TLSContext "${spec.tls}" or fix the name; if it is installed some other way, reference it with TlsContext.fromName() (or list it in the plugin property externalTlsContexts)`);
      } else if (!found.some((c) => mine.every((id) => idsOf(c.doc.spec).includes(id)))) {
        add('mapping-tls-ambassador-id', m, `ambassador_id ${JSON.stringify(mine)} is not covered by TLSContext "${spec.tls}" (${JSON.stringify(idsOf(found[0].doc.spec))})`,
          'give the Mapping and its TLSContext the same ambassador_id');
      }
    }
    if (typeof spec.resolver === 'string' && !externalResolvers.includes(spec.resolver)
      && !resolvers.some((r) => r.doc.metadata?.name === spec.resolver)) {
      add('mapping-resolver-exists', m, `resolver "${spec.resolver}" names no resolver of this app`, `define resolver "${spec.resolver}" or fix the name; if it is installed some other way, list it in the plugin property externalResolvers`);
    }
  }

  for (const m of docs.filter((x) => isConnector(x.doc))) {
    const env: Json[] = containersOf(m.doc).find((c) => (c.command ?? []).includes('consul_connect_integration'))?.env ?? [];
    const value = (name: string) => env.find((e) => e.name === name)?.value as string | undefined;
    const secret = value('_AMBASSADOR_TLS_SECRET_NAME') ?? `${value('_AMBASSADOR_ID') || 'ambassador'}-consul-connect`;
    const secretNamespace = value('_AMBASSADOR_TLS_SECRET_NAMESPACE') ?? m.doc.metadata?.namespace;
    const reads = contexts.some((c) => {
      const [name, ns] = String(c.doc.spec?.secret ?? '').split('.');
      return name === secret && (ns ?? c.doc.metadata?.namespace) === secretNamespace;
    });
    if (!reads) {
      add('connector-secret-read', m, `the connector writes Secret "${secret}"${secretNamespace ? ` in "${secretNamespace}"` : ''}, which no TLSContext of this app reads`,
        `give a TLSContext secret: ${secret}${secretNamespace ? ` (or ${secret}.${secretNamespace} from another namespace)` : ''}, or use ConsulConnector.tlsContext`);
    }
  }

  const deployments = docs.filter((x) => isAmbassador(x.doc));
  if (deployments.length > 0) {
    const mounts = deployments.flatMap((d) => containersOf(d.doc).flatMap((c) => (c.volumeMounts ?? []).map((v: Json) => String(v.mountPath))));
    for (const c of contexts) {
      for (const field of ['cert_chain_file', 'private_key_file', 'cacert_chain_file']) {
        const file = c.doc.spec?.[field];
        if (typeof file === 'string' && !mounts.some((p) => file.startsWith(p.endsWith('/') ? p : `${p}/`))) {
          add('tlscontext-files-mounted', c, `${field} ${file} is under no volume mount of the Ambassador Deployment(s) of this app`,
            'mount the certificates there (IstioMtls does), or point the TLSContext at the mounted path');
        }
      }
    }
  }
  return violations;
}
