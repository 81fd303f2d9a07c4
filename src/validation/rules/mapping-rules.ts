import { ambassadorIdsOf, Json, ManifestDocument, objectOf } from './model';
import { ManifestRule } from './rule';

const spec = (m: ManifestDocument): Json => objectOf(m.doc.spec);
const nameOf = (m: ManifestDocument) => m.doc.metadata?.name;
const covers = (target: ManifestDocument, ids: string[]) => ids.every((id) => ambassadorIdsOf(target.doc).includes(id));
/** `[scheme, host, port]` of a Mapping's service string. */
const parseService = (service: unknown): [string | undefined, string, string | undefined] => {
  const match = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^:/]*)(?::(\d+))?/.exec(String(service ?? ''));
  return [match?.[1], match?.[2] ?? '', match?.[3]];
};

/** Rules about a Mapping's references and how Emissary reads its service. */
export const MAPPING_RULES: ManifestRule[] = [
  {
    id: 'mapping-tls-exists',
    summary: 'a Mapping\'s tls names a TLSContext of the manifests (or one declared external)',
    check: (model, report) => {
      for (const m of model.mappings) {
        const tls = spec(m).tls;
        if (typeof tls !== 'string' || model.externalTlsContexts(m.doc).includes(tls)) continue;
        if (!model.contexts.some((c) => nameOf(c) === tls)) {
          report(m, `tls "${tls}" names no TLSContext in the manifests`,
            `define TLSContext "${tls}" or fix the name; if it is installed some other way, declare it external (TlsContext.fromName() in cdk8s, the plugin property externalTlsContexts, or check --external-tls-context)`);
        }
      }
    },
  },
  {
    id: 'mapping-tls-ambassador-id',
    summary: 'the TLSContext a Mapping names is read by every Ambassador that reads the Mapping',
    check: (model, report) => {
      for (const m of model.mappings) {
        const tls = spec(m).tls;
        const found = model.contexts.filter((c) => nameOf(c) === tls);
        const ids = ambassadorIdsOf(m.doc);
        if (found.length > 0 && !found.some((c) => covers(c, ids))) {
          report(m, `ambassador_id ${JSON.stringify(ids)} is not covered by TLSContext "${tls}" (${JSON.stringify(ambassadorIdsOf(found[0].doc))})`,
            'give the Mapping and its TLSContext the same ambassador_id');
        }
      }
    },
  },
  {
    id: 'mapping-resolver-exists',
    summary: 'a Mapping\'s resolver names a resolver of the manifests, read by the same Ambassadors',
    check: (model, report) => {
      for (const m of model.mappings) {
        const resolver = spec(m).resolver;
        if (typeof resolver !== 'string' || model.externalResolvers(m.doc).includes(resolver)) continue;
        const found = model.resolvers.filter((r) => nameOf(r) === resolver);
        if (found.length === 0) {
          report(m, `resolver "${resolver}" names no resolver in the manifests`,
            `define resolver "${resolver}" or fix the name; if it is installed some other way, declare it external (the plugin property externalResolvers, or check --external-resolver)`);
        } else if (!found.some((r) => covers(r, ambassadorIdsOf(m.doc)))) {
          report(m, `ambassador_id ${JSON.stringify(ambassadorIdsOf(m.doc))} is not covered by resolver "${resolver}" (${JSON.stringify(ambassadorIdsOf(found[0].doc))})`,
            'give the Mapping and its resolver the same ambassador_id');
        }
      }
    },
  },
  {
    id: 'mapping-tls-http',
    summary: 'a Mapping with tls does not name an http:// service (Emissary originates TLS anyway, to port 443)',
    check: (model, report) => {
      for (const m of model.mappings) {
        const [scheme, host, port] = parseService(spec(m).service);
        if (typeof spec(m).tls === 'string' && scheme === 'http') {
          report(m, `service "${spec(m).service}" is http:// but tls "${spec(m).tls}" originates TLS: Emissary does so anyway, to port ${port ?? 443}, and logs the contradiction`,
            `write https://${host}${port ? `:${port}` : ''}, or remove tls for plain text`);
        }
      }
    },
  },
  {
    id: 'mapping-tls-fail-open',
    summary: 'a Mapping with tls names its service https:// (without it, a broken TLSContext means plain HTTP)',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        const [scheme] = parseService(s.service);
        // Through a resolver that returns endpoints (Consul: the Connect sidecar takes mTLS only),
        // or one installed elsewhere whose kind is unknown here, the scheme does not decide.
        const viaEndpoints = typeof s.resolver === 'string'
          && !model.resolvers.some((r) => nameOf(r) === s.resolver && r.doc.kind === 'KubernetesServiceResolver');
        if (typeof s.tls === 'string' && scheme === undefined && !viaEndpoints) {
          report(m, `service "${s.service}" has no scheme: if TLSContext "${s.tls}" is missing or has no certificate, Emissary sends plain HTTP (ircluster.py: "Originate-TLS context ... is not defined")`,
            `write https://${s.service}, so a broken context fails closed`);
        }
      }
    },
  },
  {
    id: 'mapping-consul-service',
    summary: 'a Mapping resolved through Consul names a bare Consul service (no port, no dots)',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        if (!model.resolvers.some((r) => r.doc.kind === 'ConsulResolver' && nameOf(r) === s.resolver)) continue;
        const [scheme, host, port] = parseService(s.service);
        if (port !== undefined || host.includes('.') || scheme !== undefined) {
          report(m, `service "${s.service}" is resolved through ConsulResolver "${s.resolver}", which looks up a bare Consul service name: Emissary ignores a port and rejects a dotted name`,
            'name the Consul service alone, for example qotm-sidecar-proxy (a service\'s Connect sidecar)');
        }
      }
    },
  },
  {
    id: 'mapping-route-conflict',
    summary: 'Mappings with the same host and prefix, for one Ambassador, agree on load_balancer, resolver and tls',
    check: (model, report) => {
      const routes = new Map<string, ManifestDocument>();
      for (const m of model.mappings) {
        const s = spec(m);
        const key = JSON.stringify([s.hostname ?? s.host ?? '*', s.prefix, s.prefix_regex ?? false, s.method ?? 'GET', s.headers ?? {}, s.query_parameters ?? {}, s.precedence ?? 0]);
        for (const id of ambassadorIdsOf(m.doc)) {
          const first = routes.get(`${id} ${key}`);
          if (first === undefined) {
            routes.set(`${id} ${key}`, m);
            continue;
          }
          const f = spec(first);
          const field = ['load_balancer', 'resolver', 'tls'].find((k) => JSON.stringify(f[k] ?? null) !== JSON.stringify(s[k] ?? null));
          if (field !== undefined) {
            report(m, `routes host "${s.hostname ?? s.host ?? '*'}" prefix "${s.prefix}" like Mapping ${nameOf(first)} for Ambassador "${id}" with another ${field} (${JSON.stringify(f[field] ?? null)} and ${JSON.stringify(s[field] ?? null)}): `
              + (field === 'load_balancer' ? 'Emissary drops one of them' : 'Emissary splits the traffic between them'),
            `give them different prefixes or hosts, or the same ${field}`);
            break;
          }
        }
      }
    },
  },
];
