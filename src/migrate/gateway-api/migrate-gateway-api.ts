/**
 * `migrate --to gateway-api`: getambassador.io Mappings and TLSContexts (v2 and v3alpha1), across
 * every file given, to Gateway API v1.5 objects. Each Mapping's document becomes its HTTPRoute
 * (and the ReferenceGrants its Service needs); each TLSContext's document becomes the Gateway
 * that presents its client certificate (the first one) and the BackendTLSPolicies of the Services
 * sent through it. Every other document, and every byte outside the converted documents, stays
 * as it was. A document is converted only when everything it means is carried over; otherwise it
 * is refused, naming each field and why.
 */
import { Document, parseAllDocuments, stringify } from 'yaml';
import { backendTlsPolicyObject, gatewayObject, httpRouteObject, referenceGrantObject } from './gateway-objects';
import { MappingRoute, readMapping } from './mapping-route';
import { readTlsContext, TlsContextSource } from './tls-context-source';
import { YAML_OPTIONS } from '../../validation/input/parse-manifests';
import { Refusal } from '../conversion';

type Json = Record<string, any>;

/** Options of `migrateToGatewayApi`. */
export interface GatewayApiMigrationOptions {
  /**
   * The Gateway every HTTPRoute attaches to (and that is written when a TLSContext has a client
   * certificate).
   * @default - "edge", in the namespace of the TLSContext carrying the client certificate, else of the first Mapping, else "default"
   */
  readonly gateway?: { readonly name: string; readonly namespace?: string };
  /**
   * The GatewayClass of the Gateway written for the client certificate; without it a TLSContext
   * with a client certificate is refused (the certificate goes on the Gateway).
   * @default - none
   */
  readonly gatewayClassName?: string;
  /**
   * The ConfigMap (key `ca.crt`), in each upstream Service's namespace, with the CA that verifies
   * the upstreams; without it a route that originates TLS is refused.
   * @default - none
   */
  readonly caConfigMap?: string;
  /** Checks a written object (schema and CEL rules): problems refuse its source document. @default - no check */
  readonly validate?: (doc: Json) => string[];
}

/** One file to migrate. */
export interface GatewayApiMigrationInput {
  readonly file: string;
  readonly text: string;
}

/** What the migration gives. */
export interface GatewayApiMigration {
  /** Each input's new text, in input order (the same text when nothing in it was converted). */
  readonly texts: string[];
  /** How many documents were converted. */
  readonly converted: number;
  /** Each document refused, with why. */
  readonly refused: Array<{ readonly file: string; readonly index: number; readonly resource: string; readonly refusals: Refusal[] }>;
  /** Notes on conversions and on documents left as they are. */
  readonly notes: Array<{ readonly file: string; readonly index: number; readonly resource: string; readonly note: string }>;
}

interface Entry {
  readonly file: number;
  readonly index: number;
  readonly doc: Document;
  readonly js: Json;
  readonly resource: string;
  refusals: Refusal[];
  notes: string[];
  outputs: Json[];
}

const AMBASSADOR = /^getambassador\.io\/(v2|v3alpha1)$/;

/** Migrates the Mappings and TLSContexts of `inputs` to the Gateway API (see the module comment). Throws on text that is not YAML. */
export function migrateToGatewayApi(inputs: readonly GatewayApiMigrationInput[], options: GatewayApiMigrationOptions = {}): GatewayApiMigration {
  // A TLSContext that a refused Mapping still names stays for Emissary: it is held, and the
  // migration runs again without it (a held context's other Mappings are refused in turn).
  const held = new Map<string, string>();
  // What refused a Mapping in an earlier round stays said (a later round refuses it for its context first).
  const carried = new Map<string, Refusal[]>();
  for (;;) {
    const attempt = migrateOnce(inputs, options, held, carried);
    if (attempt.migration) return attempt.migration;
  }
}

function migrateOnce(
  inputs: readonly GatewayApiMigrationInput[], options: GatewayApiMigrationOptions, held: Map<string, string>, carried: Map<string, Refusal[]>,
): { migration?: GatewayApiMigration } {
  const entries: Entry[] = [];
  inputs.forEach((input, file) => {
    const docs = [...parseAllDocuments(input.text, { ...YAML_OPTIONS, keepSourceTokens: false })];
    for (const doc of docs) if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    docs.forEach((doc, index) => {
      const js = doc.toJS();
      if (js === null || typeof js !== 'object' || !AMBASSADOR.test(String(js.apiVersion)) || !['Mapping', 'TLSContext'].includes(js.kind)) return;
      entries.push({ file, index, doc, js, resource: `${js.kind}/${js.metadata?.namespace ?? '-'}/${js.metadata?.name}`, refusals: [], notes: [], outputs: [] });
    });
  });
  const namespaceOf = (e: Entry): string | undefined => (typeof e.js.metadata?.namespace === 'string' ? e.js.metadata.namespace : undefined);
  const specOf = (e: Entry): Json | undefined => (e.js.spec !== null && typeof e.js.spec === 'object' && !Array.isArray(e.js.spec) ? e.js.spec : undefined);
  const noSpec = (e: Entry) => e.refusals.push({ field: 'spec', reason: 'is missing or not an object (Ambassador\'s annotation form?)', fix: 'write the resource with metadata and spec first' });

  // TLSContexts, by their global name (Emissary's).
  const contexts = new Map<string, { entry: Entry; source: TlsContextSource; used: boolean }>();
  for (const e of entries.filter((x) => x.js.kind === 'TLSContext')) {
    const spec = specOf(e);
    if (!spec) {
      noSpec(e);
      continue;
    }
    const name = String(e.js.metadata?.name);
    if (contexts.has(name)) {
      e.refusals.push({ field: 'metadata.name', reason: `is the name of another TLSContext among the inputs (${contexts.get(name)!.entry.resource}): Emissary's TLSContext names are global`, fix: 'rename one of them first' });
      continue;
    }
    const source = readTlsContext(spec, options.caConfigMap);
    e.refusals.push(...source.refusals);
    if (held.has(name)) {
      e.refusals.push({ field: 'metadata.name', reason: `is still named by ${held.get(name)}, which is not migrated: Emissary needs this TLSContext for it`, fix: 'fix that Mapping\'s refusals first, then migrate both' });
    }
    e.notes.push(...source.notes);
    contexts.set(name, { entry: e, source, used: false });
  }

  // Mappings, as routes.
  const routes: Array<{ entry: Entry; route: MappingRoute; context?: { entry: Entry; source: TlsContextSource } }> = [];
  for (const e of entries.filter((x) => x.js.kind === 'Mapping')) {
    const spec = specOf(e);
    if (!spec) {
      noSpec(e);
      continue;
    }
    const read = readMapping(spec, namespaceOf(e), e.js.apiVersion === 'getambassador.io/v2');
    e.refusals.push(...read.refusals);
    e.notes.push(...read.notes);
    if (!read.route) continue;
    const context = read.route.tlsContext === undefined ? undefined : contexts.get(read.route.tlsContext);
    if (read.route.tlsContext !== undefined) {
      if (!context) {
        e.refusals.push({ field: 'spec.tls', reason: `names TLSContext "${read.route.tlsContext}", which is not among the inputs`, fix: 'give the file with that TLSContext too' });
        continue;
      }
      context.used = true;
      if (context.entry.refusals.length > 0) {
        e.refusals.push({ field: 'spec.tls', reason: `names TLSContext "${read.route.tlsContext}", which is not migrated (see its refusals)`, fix: 'fix that TLSContext first' });
        continue;
      }
    } else if (read.route.originatesTls) {
      if (options.caConfigMap === undefined) {
        e.refusals.push({
          field: 'spec.service',
          reason: 'originates TLS without a TLSContext: Emissary verifies no upstream certificate, and a Gateway API BackendTLSPolicy always verifies one against a CA and the upstream\'s name',
          fix: 'pass --ca-config-map NAME, the ConfigMap (key ca.crt) in the upstream\'s namespace with the CA that signs its certificate',
        });
        continue;
      }
      e.notes.push(`gains verification: Emissary accepted any upstream certificate; the BackendTLSPolicy verifies it against ConfigMap ${options.caConfigMap}`);
    }
    routes.push({ entry: e, route: read.route, context });
  }

  // The one client certificate the Gateway presents to every backend.
  let client: { entry: Entry; secret: { name: string; namespace: string } } | undefined;
  for (const [name, c] of contexts) {
    if (!c.used) {
      c.entry.notes.push(`no Mapping among the inputs sends traffic through TLSContext "${name}": left as it is`);
      continue;
    }
    const secret = c.source.clientSecret;
    if (!secret || c.entry.refusals.length > 0) continue;
    const full = { name: secret.name, namespace: secret.namespace ?? namespaceOf(c.entry) ?? 'default' };
    if (options.gatewayClassName === undefined) {
      c.entry.refusals.push({ field: 'spec.secret', reason: 'is the client certificate, which goes on the Gateway (spec.tls.backend.clientCertificateRef, one for every backend): this command writes that Gateway only for a GatewayClass you name', fix: 'pass --gateway-class CLASS (and --gateway NAMESPACE/NAME), or set clientCertificateRef on your Gateway by hand' });
    } else if (!client) {
      client = { entry: c.entry, secret: full };
    } else if (client.secret.name !== full.name || client.secret.namespace !== full.namespace) {
      c.entry.refusals.push({ field: 'spec.secret', reason: `presents client certificate ${full.namespace}/${full.name}, but the Gateway presents one certificate to every backend, and it is ${client.secret.namespace}/${client.secret.name} (from ${client.entry.resource})`, fix: 'use one client certificate for every upstream, or a Gateway per certificate (migrate them in separate runs with --gateway)' });
    }
  }
  const firstNamespace = (client && namespaceOf(client.entry)) ?? routes.map((r) => namespaceOf(r.entry)).find((ns) => ns !== undefined) ?? 'default';
  const gateway = { name: options.gateway?.name ?? 'edge', namespace: options.gateway?.namespace ?? firstNamespace };

  // Routes whose context was refused since (a second client certificate, no class) go too.
  const live = routes.filter((r) => {
    if (r.context && r.context.entry.refusals.length > 0) {
      r.entry.refusals.push({ field: 'spec.tls', reason: `names TLSContext "${r.route.tlsContext}", which is not migrated (see its refusals)`, fix: 'fix that TLSContext first' });
    }
    return r.entry.refusals.length === 0;
  });

  // BackendTLSPolicies, one per Service; a plain route to a Service with one would become TLS.
  const policies = new Map<string, { hostname: string; owner: Entry; by: string }>();
  for (const r of live.filter((x) => x.route.originatesTls)) {
    const key = `${r.route.service.namespace}/${r.route.service.name}`;
    const hostname = r.context?.source.sni ?? r.route.host;
    const existing = policies.get(key);
    if (existing && existing.hostname !== hostname) {
      r.entry.refusals.push({ field: r.context ? 'spec.tls' : 'spec.service', reason: `reaches Service ${key} as "${hostname}", another Mapping (${existing.by}) as "${existing.hostname}": one BackendTLSPolicy (SNI and verified name) applies per Service`, fix: 'give the Mappings to this Service one SNI' });
      continue;
    }
    if (!existing) {
      const owner = r.context?.entry ?? r.entry;
      policies.set(key, { hostname, owner, by: r.entry.resource });
      owner.outputs.push(backendTlsPolicyObject(r.route.service, hostname, options.caConfigMap!));
    }
  }
  for (const r of live.filter((x) => !x.route.originatesTls)) {
    const key = `${r.route.service.namespace}/${r.route.service.name}`;
    if (policies.has(key)) {
      r.entry.refusals.push({ field: 'spec.service', reason: `sends plain HTTP to Service ${key}, which another Mapping reaches over TLS: its BackendTLSPolicy would make this route TLS too`, fix: 'send both over TLS, or keep this Mapping on Emissary' });
    }
  }

  const converted = live.filter((r) => r.entry.refusals.length === 0);
  if (client) {
    const routeNamespaces = converted.map((r) => namespaceOf(r.entry));
    client.entry.outputs.unshift(gatewayObject(gateway.name, gateway.namespace, options.gatewayClassName!, client.secret, routeNamespaces));
    if (client.secret.namespace !== gateway.namespace) {
      client.entry.outputs.push(referenceGrantObject(client.secret.namespace, { kind: 'Gateway', namespace: gateway.namespace }, [{ kind: 'Secret', name: client.secret.name }]));
    }
  }
  const grants = new Map<string, { owner: Entry; ns: string; from: string; to: Map<string, { kind: string; name: string }> }>();
  for (const r of converted) {
    const ns = namespaceOf(r.entry);
    r.entry.outputs.unshift(httpRouteObject(String(r.entry.js.metadata?.name), ns, gateway, r.route));
    const routeNs = ns ?? 'default';
    if (r.route.service.namespace === routeNs) continue;
    const key = `${r.route.service.namespace}/${routeNs}`;
    const grant = grants.get(key) ?? { owner: r.entry, ns: r.route.service.namespace, from: routeNs, to: new Map() };
    grants.set(key, grant);
    grant.to.set(r.route.service.name, { kind: 'Service', name: r.route.service.name });
  }
  for (const g of grants.values()) g.owner.outputs.push(referenceGrantObject(g.ns, { kind: 'HTTPRoute', namespace: g.from }, [...g.to.values()]));

  // What is written must be what the API server accepts.
  for (const e of entries) {
    for (const out of e.outputs) {
      for (const problem of options.validate?.(out) ?? []) {
        e.refusals.push({ field: `${out.kind}/${out.metadata.name}`, reason: `would fail its schema or CEL rules: ${problem}`, fix: 'fix the source field it comes from' });
      }
    }
  }

  // A converted TLSContext must not leave a refused Mapping naming it.
  let holding = false;
  for (const [name, c] of contexts) {
    if (c.entry.refusals.length > 0 || held.has(name)) continue;
    const user = entries.find((m) => m.js.kind === 'Mapping' && m.refusals.length > 0 && m.js.spec?.tls === name);
    if (user) {
      held.set(name, user.resource);
      holding = true;
    }
  }
  if (holding) {
    for (const e of entries) if (e.refusals.length > 0) carried.set(`${e.file}#${e.index}`, [...(carried.get(`${e.file}#${e.index}`) ?? []), ...e.refusals]);
    return {};
  }
  for (const e of entries) {
    const all = [...(carried.get(`${e.file}#${e.index}`) ?? []), ...e.refusals];
    e.refusals = all.filter((r, i) => all.findIndex((x) => x.field === r.field && x.reason === r.reason) === i);
  }

  const texts = inputs.map((input, file) => {
    const crlf = input.text.includes('\r\n');
    const replacements = entries.filter((e) => e.file === file && e.refusals.length === 0 && e.outputs.length > 0).map((e) => {
      // The document's node only: a `---` marker before it and comments after it stay.
      const [from, to] = e.doc.contents?.range ?? e.doc.range ?? [0, 0];
      // The document's text ends with its line break when it has one: so does what replaces it.
      const joined = e.outputs.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
      const rendered = /\n$/.test(input.text.slice(from, to)) ? joined : joined.replace(/\n$/, '');
      return { from, to, text: crlf ? rendered.replace(/\n/g, '\r\n') : rendered };
    });
    let out = input.text;
    for (const r of replacements.sort((a, b) => b.from - a.from)) out = out.slice(0, r.from) + r.text + out.slice(r.to);
    return out;
  });
  return {
    migration: {
      texts,
      converted: entries.filter((e) => e.refusals.length === 0 && e.outputs.length > 0).length,
      refused: entries.filter((e) => e.refusals.length > 0)
        .map((e) => ({ file: inputs[e.file].file, index: e.index, resource: e.resource, refusals: e.refusals })),
      notes: entries.flatMap((e) => e.notes.map((note) => ({ file: inputs[e.file].file, index: e.index, resource: e.resource, note }))),
    },
  };
}
