import { ambassadorIdsOf, Json, ManifestDocument, ManifestModel, nameOf, objectOf, specOf, textOf } from './model';
import { ManifestRule } from './rule';
import { isServiceAddress, parseServiceAddress } from '../../core/emissary-syntax';
import { didYouMean } from '../../core/similar-names';

const spec = specOf;
const covers = (target: ManifestDocument, ids: string[]) => ids.every((id) => ambassadorIdsOf(target.doc).includes(id));
/** `[scheme, host, port]` of a Mapping's service string, leniently (the syntax rule says what is wrong with it). */
export const parseService = (service: unknown): [string | undefined, string, string | undefined] => {
  const match = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^:/]*)(?::(\d+))?/.exec(textOf(service ?? ''));
  return [match?.[1], match?.[2] ?? '', match?.[3]];
};
/** The TLSContexts of the manifests named `name`. */
export const contextsNamed = (model: ManifestModel, name: unknown) => model.contexts.filter((c) => nameOf(c) === name);

/** The reference rules of a Mapping: its `tls` and `resolver`, and how Emissary reads its service with them. */
export const MAPPING_RULES: ManifestRule[] = [
  {
    id: 'mapping-tls-exists',
    summary: 'a Mapping\'s tls names a TLSContext of the manifests (or one declared external)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const tls = spec(m).tls;
        if (typeof tls !== 'string' || model.externalTlsContexts(m.doc).includes(tls)) continue;
        if (!model.contexts.some((c) => nameOf(c) === tls)) {
          report(m, `tls "${tls}" names no TLSContext in the manifests${didYouMean(tls, model.contexts.map((c) => textOf(nameOf(c))))}`,
            `define TLSContext "${tls}" or fix the name; if it is installed some other way, declare it external (TlsContext.fromName() in cdk8s, the plugin property externalTlsContexts, or check --external-tls-context)`,
            { at: ['spec', 'tls'] });
        }
      }
    },
  },
  {
    id: 'mapping-tls-ambassador-id',
    summary: 'the TLSContext a Mapping names is read by every Ambassador that reads the Mapping',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const tls = spec(m).tls;
        const found = contextsNamed(model, tls);
        const ids = ambassadorIdsOf(m.doc);
        if (found.length > 0 && !found.some((c) => covers(c, ids))) {
          report(m, `ambassador_id ${JSON.stringify(ids)} is not covered by TLSContext "${tls}" (${JSON.stringify(ambassadorIdsOf(found[0].doc))})`,
            'give the Mapping and its TLSContext the same ambassador_id', { at: ['spec', 'tls'] });
        }
      }
    },
  },
  {
    id: 'mapping-resolver-exists',
    summary: 'a Mapping\'s resolver names a resolver of the manifests or one Emissary builds in, read by the same Ambassadors',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const resolver = spec(m).resolver;
        if (typeof resolver !== 'string' || model.externalResolvers(m.doc).includes(resolver)) continue;
        const kind = model.resolverKind(resolver, ambassadorIdsOf(m.doc));
        if (kind === undefined) {
          report(m, `resolver "${resolver}" names no resolver in the manifests, nor one Emissary builds in${didYouMean(resolver, model.resolverNames())}`,
            `define resolver "${resolver}" or fix the name; if it is installed some other way, declare it external (the plugin property externalResolvers, or check --external-resolver)`,
            { at: ['spec', 'resolver'] });
        } else if (kind === 'ambiguous') {
          const found = model.resolvers.find((r) => nameOf(r) === resolver)!;
          report(m, `ambassador_id ${JSON.stringify(ambassadorIdsOf(m.doc))} is not covered by resolver "${resolver}" (${JSON.stringify(ambassadorIdsOf(found.doc))})`,
            'give the Mapping and its resolver the same ambassador_id', { at: ['spec', 'resolver'] });
        }
      }
    },
  },
  {
    id: 'mapping-tls-http',
    summary: 'a Mapping with tls does not name an http:// service (Emissary originates TLS anyway, to the port written or 443, and reports the contradiction)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const [scheme, host, port] = parseService(spec(m).service);
        if (typeof spec(m).tls === 'string' && scheme === 'http') {
          report(m, `service "${spec(m).service}" is http:// but tls "${spec(m).tls}" originates TLS: Emissary does so anyway, to port ${port ?? 443}, and reports "Originate-TLS context ... being used even though service ... lists HTTP"`,
            `write https://${host}${port ? `:${port}` : ''}, or remove tls for plain text`, { at: ['spec', 'service'] });
        }
      }
    },
  },
  {
    id: 'mapping-tls-fail-open',
    summary: 'a Mapping with tls names its service https:// (without it, a broken TLSContext means plain HTTP): hardening, a warning',
    severity: 'warning',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        const [scheme] = parseService(s.service);
        // Through a resolver that returns endpoints (Consul: the Connect sidecar takes mTLS only),
        // or one installed elsewhere whose kind is unknown here, the scheme does not decide.
        const viaEndpoints = typeof s.resolver === 'string' && model.resolverKind(s.resolver, ambassadorIdsOf(m.doc)) !== 'KubernetesServiceResolver';
        if (typeof s.tls === 'string' && scheme === undefined && !viaEndpoints) {
          report(m, `service "${s.service}" has no scheme: if TLSContext "${s.tls}" is missing or has no certificate, Emissary sends plain HTTP (ircluster.py: "Originate-TLS context ... is not defined")`,
            `write https://${s.service}, so a broken context fails closed`, { at: ['spec', 'service'] });
        }
      }
    },
  },
  {
    id: 'mapping-mesh-port',
    summary: 'a Mapping whose TLSContext holds Istio\'s certificates names the upstream port (without one Emissary dials 443, which Istio\'s sidecars seldom serve)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        const parsed = parseServiceAddress(s.service);
        if (typeof s.tls !== 'string' || !isServiceAddress(parsed) || parsed.port !== undefined) continue;
        const context = contextsNamed(model, s.tls).find((c) => covers(c, ambassadorIdsOf(m.doc)));
        if (!context) continue;
        const kind = typeof s.resolver === 'string' ? model.resolverKind(s.resolver, ambassadorIdsOf(m.doc)) : 'KubernetesServiceResolver';
        if (isIstioContext(context.doc) && kind === 'KubernetesServiceResolver') {
          report(m, `service "${s.service}" names no port, but tls "${s.tls}" originates Istio mTLS: Emissary dials port 443 of the Service, and the connection hangs or is refused`,
            `name the port the Service exposes, for example https://${parsed.host}:9080`, { at: ['spec', 'service'] });
        }
      }
    },
  },
  {
    id: 'mapping-tls-context-hosts',
    summary: 'the TLSContext a Mapping originates TLS with has no hosts (with hosts it also terminates TLS, serving the client certificate to clients)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const tls = spec(m).tls;
        const context = contextsNamed(model, tls).find((c) => covers(c, ambassadorIdsOf(m.doc)));
        const hosts = context && objectOf(context.doc.spec).hosts;
        if (Array.isArray(hosts) && hosts.length > 0) {
          report(m, `tls "${tls}" has hosts ${JSON.stringify(hosts)}, so Emissary also serves its client certificate to clients of those hosts (irhost.py)`,
            'use a TLSContext without hosts for upstream TLS, and a separate one (or a Host) for termination', { at: ['spec', 'tls'] });
        }
      }
    },
  },
  {
    id: 'mapping-consul-service',
    summary: 'a Mapping resolved through Consul names a bare Consul service (no port, no dots)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        if (typeof s.resolver !== 'string' || model.resolverKind(s.resolver, ambassadorIdsOf(m.doc)) !== 'ConsulResolver') continue;
        // A scheme is fine: Emissary strips it and originates TLS for https:// (ircluster.py); only the
        // name goes to Consul (irserviceresolver.py _consul_valid_mapping refuses dots, ignores a port).
        const [, host, port] = parseService(s.service);
        if (port !== undefined || host.includes('.')) {
          report(m, `service "${s.service}" is resolved through ConsulResolver "${s.resolver}", which looks up a bare Consul service name: Emissary ignores a port and rejects a dotted name`,
            'name the Consul service alone, for example qotm-sidecar-proxy (a service\'s Connect sidecar)', { at: ['spec', 'service'] });
        }
      }
    },
  },
];

/**
 * A TLSContext with Istio's certificates: `alpn_protocols: istio`, the `istio-certs` Secret
 * Emissary makes, or files mounted where Istio's certificates go (`/etc/istiocerts/`, the legacy
 * `istio.default` Secret's mount, or `/etc/istio-certs/`).
 */
export function isIstioContext(doc: Json): boolean {
  const s = objectOf(doc.spec);
  const secret = textOf(s.secret ?? '').split('.')[0];
  return textOf(s.alpn_protocols ?? '').split(',').map((p) => p.trim()).includes('istio') || secret === 'istio-certs'
    || ['cert_chain_file', 'private_key_file'].some((f) => /^\/etc\/istio-?certs\//.test(textOf(s[f] ?? '')));
}
