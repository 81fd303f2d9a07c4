/**
 * The manifests the rules read, indexed once: getambassador.io objects by kind, the Ambassador
 * ids that read each (as Emissary groups them), and the Deployments that matter.
 */
import { EXTERNAL_RESOLVER_ANNOTATION, EXTERNAL_TLS_CONTEXT_ANNOTATION } from '../../core/annotations';
import { EmissaryRelease } from '../emissary-release';

export type Json = Record<string, any>;

/** A line and column in a file, both from 1. */
export interface SourcePosition {
  /** The line, from 1. */
  readonly line: number;
  /** The column, from 1. */
  readonly column: number;
}

/** Where the fields of one parsed document are in its file. */
export interface DocumentSource {
  /**
   * The position of the field at `path` (`['spec', 'tls']`): its key, or the nearest enclosing
   * field that exists; the document's start for `[]`.
   */
  locate(path: readonly (string | number)[]): SourcePosition;
}

/** A manifest document and where it came from. */
export interface ManifestDocument {
  /** The parsed document. */
  readonly doc: Json;
  /** The file it was read from. */
  readonly file: string;
  /** Its position among the documents of that file, from 0. @default - unknown */
  readonly index?: number;
  /** Where its fields are in the file (set by `parseManifests`). @default - unknown: findings name the file and index only */
  readonly source?: DocumentSource;
}

/** One rule violation. */
export interface MtlsViolation {
  /** The rule's id, for example `mapping-tls-exists`. */
  readonly rule: string;
  /** `error` (fails a check) or `warning` (hardening). */
  readonly severity: 'error' | 'warning';
  /** `Kind/namespace/name` of the offending resource. */
  readonly resource: string;
  /** The file holding it. */
  readonly file: string;
  /** Its position among the documents of that file, if known. */
  readonly index?: number;
  /** The line of the field (or document) it is about, from 1, when the document was parsed with positions. */
  readonly line?: number;
  /** The column, from 1, likewise. */
  readonly column?: number;
  /** The field it is about (`spec.tls`), when it is about one field. */
  readonly field?: string;
  /** What is wrong. */
  readonly message: string;
  /** What to do. */
  readonly fix: string;
  /** The document reported. */
  readonly document: ManifestDocument;
}

/** Options for the cross-resource rules. */
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
  /**
   * The Emissary (or Edge Stack) release the manifests are for, `major.minor`: rules whose
   * verdict differs between releases follow it.
   * @default "3.10"
   */
  readonly emissaryVersion?: string;
}

/** `Kind/namespace/name` of a manifest (`-` for no namespace): how rules and reports name it. */
export function resourceId(doc: Json): string {
  return `${textOf(doc?.kind)}/${textOf(doc?.metadata?.namespace ?? '-')}/${textOf(doc?.metadata?.name ?? doc?.name ?? '(no name)')}`;
}

/** The Ambassador ids that read a getambassador.io object: its `ambassador_id`, else `default`. */
export function ambassadorIdsOf(doc: Json): string[] {
  const value = objectOf(doc.spec).ambassador_id;
  if (value === undefined || value === null) return ['default'];
  return (Array.isArray(value) ? value : [value]).map(textOf);
}

/**
 * A value of hand-written YAML as text, as String() writes it. YAML may hold an object whose
 * `toString` key shadows the method (`{toString: false}`), which String() cannot convert: its
 * JSON text then. Rules convert with this, never String(), so that no document crashes them.
 */
export const textOf = (value: unknown): string => {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value);
  }
};

export const RESOLVER_KINDS = ['ConsulResolver', 'KubernetesEndpointResolver', 'KubernetesServiceResolver'];

/**
 * The resolvers Emissary makes itself when no resource defines them (irserviceresolver.py,
 * IRServiceResolverFactory.load_all, the same in 1.14 to 4.x), by name, with their kind.
 */
export const BUILT_IN_RESOLVERS: Readonly<Record<string, string>> = {
  'kubernetes-service': 'KubernetesServiceResolver',
  'kubernetes-endpoint': 'KubernetesEndpointResolver',
  'endpoint': 'KubernetesEndpointResolver',
  'consul': 'ConsulResolver',
  'consul-endpoint': 'ConsulResolver',
};

/** `value` if it is a list (hand-written YAML may hold anything where a list belongs), else []. */
export const listOf = (value: unknown): any[] => (Array.isArray(value) ? value : []);
/** `value` if it is an object, else {}. */
export const objectOf = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : {});
/** A manifest's spec, or {} (hand-written YAML may hold anything there). */
export const specOf = (m: ManifestDocument): Json => objectOf(m.doc.spec);
/** A manifest's metadata.name. */
export const nameOf = (m: ManifestDocument): unknown => m.doc.metadata?.name;

/** Helm values (a document without a kind) that set the chart's `volumeMounts`, at the top level or under `emissary-ingress:`. */
const helmValuesOf = (doc: unknown): Json | undefined => {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || (doc as Json).kind !== undefined) return undefined;
  const values = objectOf((doc as Json)['emissary-ingress'] ?? doc);
  return Array.isArray(values.volumeMounts) ? values : undefined;
};
const containersOf = (doc: Json): Json[] => (doc.kind === 'Deployment' ? listOf(doc.spec?.template?.spec?.containers).map(objectOf) : []);
const isConnectorContainer = (c: Json) => listOf(c.command).includes('consul_connect_integration');
/** The value of a literal env var of a container (not a valueFrom), if set. */
export const envValue = (container: Json, name: string): string | undefined => {
  const value = listOf(container.env).map(objectOf).find((e) => e.name === name)?.value;
  return typeof value === 'string' ? value : undefined;
};

/**
 * The Secret a Consul connector container writes: `_AMBASSADOR_TLS_SECRET_NAME`, else the
 * connector's own default, its Consul service name plus "-consul-connect", that is
 * "ambassador[-<_AMBASSADOR_ID>]-consul-connect" (NewAgent in cmd/consul_connect_integration/main.go);
 * in `_AMBASSADOR_TLS_SECRET_NAMESPACE`, else the connector's namespace.
 */
export const connectorSecretOf = (connector: ManifestDocument & { readonly container: Json }): { name: string; namespace: string | undefined } => {
  const id = envValue(connector.container, '_AMBASSADOR_ID');
  return {
    name: envValue(connector.container, '_AMBASSADOR_TLS_SECRET_NAME') || `ambassador${id ? `-${id}` : ''}-consul-connect`,
    namespace: envValue(connector.container, '_AMBASSADOR_TLS_SECRET_NAMESPACE') ?? connector.doc.metadata?.namespace,
  };
};

/** The manifests, indexed for the rules. */
export class ManifestModel {
  /** Every manifest that is an object with a kind. */
  public readonly docs: readonly ManifestDocument[];
  /** Every getambassador.io object. */
  public readonly ambassador: ManifestDocument[];
  /** TLSContexts. */
  public readonly contexts: ManifestDocument[];
  /** Resolvers of every kind. */
  public readonly resolvers: ManifestDocument[];
  /** Mappings. */
  public readonly mappings: ManifestDocument[];
  /** TCPMappings. */
  public readonly tcpMappings: ManifestDocument[];
  /** Hosts. */
  public readonly hosts: ManifestDocument[];
  /**
   * The Modules named `ambassador`: the only ones Emissary reads (irambassador.py and ir.py take
   * `aconf.get_module("ambassador")`, 1.14 to 4.x); a Module of another name configures nothing.
   */
  public readonly modules: ManifestDocument[];
  /** The release the rules follow. */
  public readonly release: EmissaryRelease;
  /** Consul connector Deployments, with their connector container. */
  public readonly connectors: Array<ManifestDocument & { readonly container: Json }>;
  /**
   * Ambassador Deployments (not connectors), with their Ambassador containers; and the Ambassador
   * pod as Helm values of the emissary-ingress chart describe it (top level, or under
   * `emissary-ingress:` for the edge-stack chart), whose `volumeMounts` the chart adds to its container.
   */
  public readonly ambassadorDeployments: Array<ManifestDocument & { readonly containers: Json[] }>;

  constructor(given: readonly ManifestDocument[], public readonly options: MtlsRuleOptions = {}) {
    // Only objects with a kind: a YAML document may be a scalar, a list or null.
    const docs = given.filter((m) => m.doc !== null && typeof m.doc === 'object' && !Array.isArray(m.doc) && typeof m.doc.kind === 'string');
    this.docs = docs;
    this.ambassador = docs.filter((m) => typeof m.doc?.apiVersion === 'string' && m.doc.apiVersion.startsWith('getambassador.io/'));
    this.contexts = this.ambassador.filter((m) => m.doc.kind === 'TLSContext');
    this.resolvers = this.ambassador.filter((m) => RESOLVER_KINDS.includes(m.doc.kind));
    this.mappings = this.ambassador.filter((m) => m.doc.kind === 'Mapping');
    this.tcpMappings = this.ambassador.filter((m) => m.doc.kind === 'TCPMapping');
    this.hosts = this.ambassador.filter((m) => m.doc.kind === 'Host');
    this.modules = this.ambassador.filter((m) => m.doc.kind === 'Module' && m.doc.metadata?.name === 'ambassador');
    this.release = options.emissaryVersion === undefined ? EmissaryRelease.DEFAULT : EmissaryRelease.parse(options.emissaryVersion);
    this.connectors = docs.flatMap((m) => containersOf(m.doc).filter(isConnectorContainer).map((container) => ({ ...m, container })));
    this.ambassadorDeployments = docs
      .filter((m) => !containersOf(m.doc).some(isConnectorContainer))
      .map((m) => ({ ...m, containers: containersOf(m.doc).filter((c) => c.name === 'ambassador' || /(^|\/)(ambassador|emissary|aes)[:@]/.test(String(c.image ?? ''))) }))
      .filter((m) => m.containers.length > 0)
      .concat(given.flatMap((m) => {
        const values = helmValuesOf(m.doc);
        return values ? [{ ...m, containers: [{ name: 'ambassador', volumeMounts: values.volumeMounts }] }] : [];
      }));
  }

  /** The TLSContexts a Mapping's `tls` may name without this app defining them. */
  public externalTlsContexts(mapping: Json): string[] {
    const annotated = objectOf(objectOf(mapping.metadata).annotations)[EXTERNAL_TLS_CONTEXT_ANNOTATION];
    return [...(this.options.externalTlsContexts ?? []), ...(annotated !== undefined ? [annotated] : [])];
  }

  /**
   * The kind of the resolver `name` as an object reading `ids` finds it: defined in the
   * manifests (`ambiguous` when defined there for other Ambassadors only), built in, or
   * `undefined` when it does not exist.
   */
  public resolverKind(name: string, ids: readonly string[]): string | undefined {
    const found = this.resolvers.filter((r) => r.doc.metadata?.name === name);
    const covering = found.find((r) => ids.every((id) => ambassadorIdsOf(r.doc).includes(id)));
    if (covering) return covering.doc.kind;
    if (found.length > 0) return 'ambiguous';
    return BUILT_IN_RESOLVERS[name];
  }

  /** The names of the resolvers and TLSContexts defined, built in or declared external: what a misspelt reference may have meant. */
  public resolverNames(): string[] {
    const defined = this.resolvers.map((r) => String(r.doc.metadata?.name));
    return [...new Set([...defined, ...Object.keys(BUILT_IN_RESOLVERS), ...(this.options.externalResolvers ?? [])])];
  }

  /** The resolvers a Mapping's `resolver` may name without this app defining them. */
  public externalResolvers(mapping: Json): string[] {
    const annotated = objectOf(objectOf(mapping.metadata).annotations)[EXTERNAL_RESOLVER_ANNOTATION];
    return [...(this.options.externalResolvers ?? []), ...(annotated !== undefined ? [annotated] : [])];
  }
}
