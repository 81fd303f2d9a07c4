/**
 * The manifests the rules read, indexed once: getambassador.io objects by kind, the Ambassador
 * ids that read each (as Emissary groups them), and the Deployments that matter.
 */
import { EXTERNAL_RESOLVER_ANNOTATION, EXTERNAL_TLS_CONTEXT_ANNOTATION } from '../../core/annotations';

export type Json = Record<string, any>;

/** A manifest document and where it came from. */
export interface ManifestDocument {
  /** The parsed document. */
  readonly doc: Json;
  /** The file it was read from. */
  readonly file: string;
  /** Its position among the documents of that file, from 0. @default - unknown */
  readonly index?: number;
}

/** One rule violation. */
export interface MtlsViolation {
  /** The rule's id, for example `mapping-tls-exists`. */
  readonly rule: string;
  /** `Kind/namespace/name` of the offending resource. */
  readonly resource: string;
  /** The file holding it. */
  readonly file: string;
  /** Its position among the documents of that file, if known. */
  readonly index?: number;
  /** What is wrong. */
  readonly message: string;
  /** What to do. */
  readonly fix: string;
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
}

/** `Kind/namespace/name` of a manifest (`-` for no namespace): how rules and reports name it. */
export function resourceId(doc: Json): string {
  return `${doc?.kind}/${doc?.metadata?.namespace ?? '-'}/${doc?.metadata?.name ?? doc?.name ?? '(no name)'}`;
}

/** The Ambassador ids that read a getambassador.io object: its `ambassador_id`, else `default`. */
export function ambassadorIdsOf(doc: Json): string[] {
  const value = objectOf(doc.spec).ambassador_id;
  if (value === undefined || value === null) return ['default'];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export const RESOLVER_KINDS = ['ConsulResolver', 'KubernetesEndpointResolver', 'KubernetesServiceResolver'];

/** `value` if it is a list (hand-written YAML may hold anything where a list belongs), else []. */
export const listOf = (value: unknown): any[] => (Array.isArray(value) ? value : []);
/** `value` if it is an object, else {}. */
export const objectOf = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : {});

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

  /** The resolvers a Mapping's `resolver` may name without this app defining them. */
  public externalResolvers(mapping: Json): string[] {
    const annotated = objectOf(objectOf(mapping.metadata).annotations)[EXTERNAL_RESOLVER_ANNOTATION];
    return [...(this.options.externalResolvers ?? []), ...(annotated !== undefined ? [annotated] : [])];
  }
}
