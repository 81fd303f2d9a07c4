/**
 * What a getambassador.io TLSContext (v2 or v3alpha1) means on the Gateway API, or why it cannot
 * be carried over: its `secret` is the client certificate the Gateway presents to every backend
 * (`spec.tls.backend.clientCertificateRef`), its CA and `sni` go into the BackendTLSPolicy of
 * each Service a Mapping sends through it.
 */
import { Refusal } from '../conversion';

type Json = Record<string, any>;

/** A TLSContext read for the Gateway API. */
export interface TlsContextSource {
  /** The client certificate's Secret, and its namespace when the TLSContext names one. */
  readonly clientSecret?: { readonly name: string; readonly namespace?: string };
  /** The SNI the TLSContext sends (`sni`). */
  readonly sni?: string;
  /** True when the TLSContext verifies the upstream against a CA (a file or a Secret). */
  readonly verifies: boolean;
  /** The fields that cannot be carried over, each with why and the fix. */
  readonly refusals: Refusal[];
  /** What the reader should know about the conversion. */
  readonly notes: string[];
}

/** Fields read here; any other field of the spec is refused by name. */
const KNOWN = new Set(['secret', 'sni', 'cacert_chain_file', 'ca_secret', 'hosts', 'ambassador_id', 'secret_namespacing']);

/** The Secret the Ambassador Consul Connector writes by default (_AMBASSADOR_TLS_SECRET_NAME: ambassador-consul-connect, or <ambassador id>-consul-connect). */
const CONSUL_CONNECT_SECRET = /(^|-)consul-connect$/;

const MESH_ALPN = 'is Istio\'s: Istio reads alpn_protocols "istio" as the mesh\'s own mTLS: on the Gateway API the gateway joins the mesh instead '
  + '(an Istio Gateway, gatewayClassName istio, gets the mesh certificates itself); no BackendTLSPolicy or client certificate is written for it';

/** Reads a TLSContext's spec; `caConfigMap` is the CA the migration was told to use. */
export function readTlsContext(spec: Json, caConfigMap: string | undefined): TlsContextSource {
  const refusals: Refusal[] = [];
  const notes: string[] = [];
  const refuse = (field: string, reason: string, fix: string) => refusals.push({ field: `spec.${field}`, reason, fix });
  for (const field of Object.keys(spec)) {
    if (KNOWN.has(field)) continue;
    if (field === 'alpn_protocols') {
      const mesh = String(spec.alpn_protocols).split(',').map((p) => p.trim()).includes('istio');
      refuse(field, mesh ? MESH_ALPN : 'has no Gateway API counterpart: BackendTLSPolicy negotiates no ALPN (HTTP/2 to a backend is the Service port\'s appProtocol, GEP-1911)',
        mesh ? 'route through an Istio Gateway that joins the mesh (see docs/gateway-api.md, "Istio, Linkerd and Consul"), or keep this route on Emissary' : 'remove alpn_protocols, and set appProtocol on the Service port if the upstream speaks HTTP/2');
    } else if (field === 'cert_chain_file' || field === 'private_key_file') {
      refuse(field, 'is a file in Ambassador\'s pod: a Gateway takes its client certificate from a Secret (clientCertificateRef), and another implementation\'s pods have no such file',
        'put the certificate and key in a kubernetes.io/tls Secret and name it in secret');
    } else if (['min_tls_version', 'max_tls_version', 'cipher_suites', 'ecdh_curves'].includes(field)) {
      refuse(field, 'has no standard Gateway API counterpart (BackendTLSPolicy options are implementation-specific): the implementation\'s defaults would apply',
        'remove it if the defaults will do, or set the implementation\'s own option on the BackendTLSPolicy by hand after migrating');
    } else {
      refuse(field, 'has no Gateway API counterpart on the backend connection', 'remove it, or keep this TLSContext and its Mappings on Emissary');
    }
  }
  if (Array.isArray(spec.hosts) && spec.hosts.length > 0) {
    refuse('hosts', 'makes this TLSContext terminate TLS for those hosts: that is a Gateway listener\'s certificate (certificateRefs), which this command does not write',
      'move TLS termination to the Gateway\'s HTTPS listener by hand; migrate the origination contexts (hosts: [] or none)');
  }
  let clientSecret: TlsContextSource['clientSecret'];
  if (typeof spec.secret === 'string' && spec.secret !== '') {
    // Emissary reads "name.namespace" as a Secret in another namespace unless secret_namespacing is false.
    const dot = spec.secret.indexOf('.');
    clientSecret = spec.secret_namespacing !== false && dot > 0
      ? { name: spec.secret.slice(0, dot), namespace: spec.secret.slice(dot + 1) }
      : { name: spec.secret };
  }
  if (clientSecret && CONSUL_CONNECT_SECRET.test(clientSecret.name)) {
    refuse('secret', `is the Consul connector's copy of the Connect CA and leaf certificate (${clientSecret.name}): on the Gateway API the gateway joins the Consul mesh instead `
      + '(Consul API Gateway, or a gateway with a Connect sidecar), and upstreams are reached through the mesh, not with this certificate and a BackendTLSPolicy',
    'see docs/gateway-api.md, "Istio, Linkerd and Consul"; keep these routes on Emissary until the gateway joins the mesh');
  }
  const hasCa = spec.cacert_chain_file !== undefined || spec.ca_secret !== undefined;
  if (hasCa && caConfigMap === undefined) {
    const field = spec.cacert_chain_file !== undefined ? 'cacert_chain_file' : 'ca_secret';
    refuse(field, `names the CA as ${field === 'cacert_chain_file' ? 'a file in Ambassador\'s pod' : 'a Secret\'s tls.crt'}: a BackendTLSPolicy reads it from ca.crt of a ConfigMap in the upstream Service's namespace, which this command cannot derive`,
      'create that ConfigMap (cert-manager\'s trust-manager can copy the issuer\'s CA into each namespace) and pass --ca-config-map NAME');
  }
  if (!hasCa) {
    if (caConfigMap === undefined) {
      refuse('cacert_chain_file', 'is not set: Emissary verifies no upstream certificate through this TLSContext (any certificate is accepted), and a Gateway API BackendTLSPolicy always verifies one against a CA and the upstream\'s name, so the migrated route would refuse upstreams Emissary accepts',
        'pass --ca-config-map NAME, the ConfigMap (key ca.crt) in each upstream\'s namespace holding the CA that signs their certificates: verification is then gained, knowingly');
    } else {
      notes.push(`gains verification: Emissary accepted any upstream certificate through this TLSContext; the BackendTLSPolicy verifies it against ConfigMap ${caConfigMap} and the upstream's name`);
    }
  }
  if (spec.ambassador_id !== undefined) notes.push('ambassador_id is dropped: the Gateway and its routes have no Ambassador id');
  return {
    ...(clientSecret && { clientSecret }),
    ...(typeof spec.sni === 'string' && spec.sni !== '' && { sni: spec.sni }),
    verifies: hasCa,
    refusals,
    notes,
  };
}
