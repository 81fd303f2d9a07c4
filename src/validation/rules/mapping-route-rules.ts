import { ambassadorIdsOf, Json, ManifestDocument, ManifestModel, nameOf, objectOf, specOf, textOf } from './model';
import { FROM_EMISSARY_2, FROM_EMISSARY_4, ManifestRule } from './rule';
import { hostProblem, isServiceAddress, parseServiceAddress, pathProblem } from '../../core/emissary-syntax';

const spec = specOf;

/** The retry_on values Emissary accepts (irretrypolicy.py, the same in 1.14 to 4.x). */
const RETRY_ON = ['5xx', 'gateway-error', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes'];

/** The rules about what a Mapping matches and where it routes, as Emissary's compiler reads them. */
export const MAPPING_ROUTE_RULES: ManifestRule[] = [
  {
    id: 'mapping-prefix',
    summary: 'a Mapping\'s prefix is a URL path Emissary can match as written: "/" first, no spaces, "#", "?", regex syntax or unencoded non-ASCII (unless prefix_regex)',
    severity: 'error',
    check: (model, report) => {
      for (const m of [...model.mappings]) {
        const s = spec(m);
        if (s.prefix_regex === true || s.prefix === undefined) continue; // a regex, or no prefix (the schema says so)
        const problem = pathProblem('prefix', s.prefix, false);
        if (problem) report(m, `prefix ${JSON.stringify(s.prefix)} ${problem.message}: no request path matches it`, problem.fix, { at: ['spec', 'prefix'] });
      }
    },
  },
  {
    id: 'mapping-rewrite',
    summary: 'a Mapping\'s rewrite is "" (no rewrite) or a URL path starting with "/"',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const rewrite = spec(m).rewrite;
        if (rewrite === undefined || rewrite === null) continue;
        const problem = pathProblem('rewrite', rewrite, true);
        if (problem) report(m, `rewrite ${JSON.stringify(rewrite)} ${problem.message}`, problem.fix, { at: ['spec', 'rewrite'] });
      }
    },
  },
  {
    id: 'mapping-service',
    summary: 'a Mapping\'s service is [http:// or https://]host[:port] with a valid host and port (ircluster.py reports anything else)',
    severity: 'error',
    check: (model, report) => {
      for (const m of [...model.mappings, ...model.tcpMappings]) {
        const service = spec(m).service;
        if (service === undefined) continue; // the schema requires it
        const parsed = parseServiceAddress(service);
        if (!isServiceAddress(parsed)) report(m, `service ${JSON.stringify(service)}${parsed.part ? `: ${parsed.part.name} ${parsed.part.value}` : ''} ${parsed.message}`, parsed.fix, { at: ['spec', 'service'] });
      }
    },
  },
  {
    id: 'mapping-host',
    summary: 'a Mapping\'s host or hostname is a DNS name or a glob with "*" at its start or end, and a host Emissary matches exactly holds no "*"',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        for (const field of ['hostname', 'host'] as const) {
          if (typeof s[field] !== 'string' || (field === 'host' && s.host_regex === true)) continue;
          // v2's host is an exact match, which Emissary 2.x and later receive from the conversion webhook as a glob hostname.
          const exact = field === 'host' && (m.doc.apiVersion !== 'getambassador.io/v2' || !model.release.atLeast(2));
          const problem = hostProblem(s[field], exact, textOf(m.doc.apiVersion));
          if (problem) report(m, `${field} ${JSON.stringify(s[field])} ${problem.message}`, problem.fix, { at: ['spec', field] });
        }
      }
    },
  },
  {
    id: 'mapping-unrouted',
    summary: 'a v3alpha1 Mapping names a host (hostname, host or an exact :authority header), or a Host selects it by its labels: else Emissary 2.x and later route it for no host',
    severity: 'error',
    releases: FROM_EMISSARY_2,
    check: (model, report) => {
      for (const m of model.mappings) {
        if (m.doc.apiVersion !== 'getambassador.io/v3alpha1' || hasHost(spec(m))) continue;
        const labels = objectOf(objectOf(m.doc.metadata).labels);
        const selected = (id: string) => model.hosts.some((h) => ambassadorIdsOf(h.doc).includes(id) && selects(model, h, labels));
        const unselected = ambassadorIdsOf(m.doc).filter((id) => !selected(id));
        if (unselected.length > 0) {
          report(m, `names no hostname (nor host or an exact :authority header), and no Host${unselected.length > 1 || unselected[0] !== 'default' ? ` of Ambassador ${unselected.join(', ')}` : ''} selects it by its labels: Emissary 2.x and later attach it to no Host, so no request reaches it (irhost.py: "A Mapping that specifies no host can never match a Host that specifies no mappingSelector")`,
            'set spec.hostname ("*" for every host), or label the Mapping for a Host\'s mappingSelector');
        }
      }
    },
  },
  {
    id: 'mapping-retry-policy',
    summary: 'a retry_policy names retry_on as Emissary knows it (else the Mapping is dropped)',
    severity: 'error',
    check: (model, report) => {
      for (const m of [...model.mappings, ...model.modules]) {
        const policy = m.doc.kind === 'Module' ? objectOf(spec(m).config).retry_policy : spec(m).retry_policy;
        if (policy === undefined || policy === null) continue;
        const retryOn = objectOf(policy).retry_on;
        if (!RETRY_ON.includes(retryOn)) {
          report(m, `retry_policy ${JSON.stringify(policy)} has ${retryOn === undefined ? 'no retry_on' : `retry_on ${JSON.stringify(retryOn)}, which Emissary does not know`}: Emissary reports "Invalid retry policy specified" and drops the ${m.doc.kind}`,
            `set retry_on to one of ${RETRY_ON.join(', ')}, or remove retry_policy`, { at: m.doc.kind === 'Module' ? ['spec', 'config', 'retry_policy'] : ['spec', 'retry_policy'] });
        }
      }
    },
  },
  {
    id: 'mapping-load-balancer',
    summary: 'a load_balancer is a policy Emissary accepts (ring_hash and maglev with one of cookie, header or source_ip), on a Mapping resolved to endpoints',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const lb = spec(m).load_balancer;
        if (lb === undefined || lb === null) continue;
        const problem = loadBalancerProblem(lb);
        if (problem) {
          report(m, `load_balancer ${JSON.stringify(lb)} ${problem}: Emissary reports "Invalid load_balancer specified" and drops the Mapping`,
            'use {policy: round_robin} or {policy: least_request} alone, or {policy: ring_hash or maglev} with exactly one of cookie: {name: ...}, header: ..., source_ip: true', { at: ['spec', 'load_balancer'] });
          continue;
        }
        const resolver = typeof spec(m).resolver === 'string' ? spec(m).resolver : moduleResolver(model, m);
        if (model.externalResolvers(m.doc).includes(resolver)) continue;
        if (model.resolverKind(resolver, ambassadorIdsOf(m.doc)) === 'KubernetesServiceResolver') {
          report(m, `load_balancer is set, but the Mapping is resolved by the KubernetesServiceResolver "${resolver}": Emissary reports "No load_balancer setting is allowed with the KubernetesServiceResolver" and drops the Mapping`,
            'resolve it through endpoints (resolver: kubernetes-endpoint, or a ConsulResolver), or remove load_balancer', { at: ['spec', 'load_balancer'] });
        }
      }
    },
  },
  {
    id: 'mapping-route-conflict',
    summary: 'Mappings with the same host and prefix, for one Ambassador, agree on load_balancer, resolver and tls',
    severity: 'error',
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
            `give them different prefixes or hosts, or the same ${field}`, { at: ['spec', 'prefix'] });
            break;
          }
        }
      }
    },
  },
  {
    id: 'mapping-shadow-alone',
    summary: 'a shadow Mapping has a Mapping that is not a shadow on the same route (host, prefix, method): alone, Emissary makes no route for it',
    severity: 'error',
    check: (model, report) => {
      const routeOf = (s: Json) => JSON.stringify([s.hostname ?? s.host ?? '*', s.prefix, s.prefix_regex ?? false, s.method ?? 'GET']);
      const primaries = new Set(model.mappings.filter((m) => spec(m).shadow !== true).flatMap((m) => ambassadorIdsOf(m.doc).map((id) => `${id} ${routeOf(spec(m))}`)));
      for (const m of model.mappings.filter((x) => spec(x).shadow === true)) {
        const alone = ambassadorIdsOf(m.doc).filter((id) => !primaries.has(`${id} ${routeOf(spec(m))}`));
        if (alone.length > 0) {
          report(m, `is a shadow of host "${spec(m).hostname ?? spec(m).host ?? '*'}" prefix "${spec(m).prefix}", which no Mapping that is not a shadow routes for Ambassador ${alone.join(', ')}: Emissary makes no route for a group of shadows alone (irhttpmappinggroup.py), so nothing is mirrored`,
            'add the Mapping that serves the route (the shadow copies its traffic), or remove shadow: true to serve it', { at: ['spec', 'shadow'] });
        }
      }
    },
  },
  {
    id: 'mapping-error-response-overrides',
    summary: 'no error_response_overrides: Emissary 4 no longer supports them (it drops a Mapping that sets them, and ignores the ambassador Module\'s)',
    severity: 'error',
    releases: FROM_EMISSARY_4,
    check: (model, report) => {
      for (const m of [...model.mappings, ...model.modules]) {
        const at = m.doc.kind === 'Module' ? ['spec', 'config', 'error_response_overrides'] : ['spec', 'error_response_overrides'];
        const value = m.doc.kind === 'Module' ? objectOf(spec(m).config).error_response_overrides : spec(m).error_response_overrides;
        if (value !== undefined) {
          // The error is posted on the Mapping itself (irhttpmapping.py), which marks it errored: the compiler
          // leaves it out of the route table. On the Module (ir.py) the field alone is ignored.
          report(m, `error_response_overrides is set, which Emissary 4 reports as "not supported in Emissary 4 and will be ignored"${m.doc.kind === 'Mapping' ? ', and then drops the whole Mapping: no route is made for it' : ''}`,
            'remove it (serve custom error pages from the upstream), or check for the release you run with --emissary-version', { at });
        }
      }
    },
  },
];

/**
 * A Mapping names its host: hostname, host, an exact `:authority` header without "*"
 * (irhttpmapping.py), or `host_regex: true`, which irhost.py matches on every Host. A host
 * redirect does not: irhost.py takes the redirect group's glob from the Mapping's own host,
 * never from host_rewrite (the host it redirects to), so a redirect needs a hostname too.
 */
function hasHost(s: Json): boolean {
  const authority = Object.entries(objectOf(s.headers)).find(([k]) => k.toLowerCase() === ':authority')?.[1];
  return (typeof s.hostname === 'string' && s.hostname !== '') || (typeof s.host === 'string' && s.host !== '') || s.host_regex === true
    || (typeof authority === 'string' && !authority.includes('*'));
}

/**
 * A Host's mappingSelector (v2: selector) matches `labels`: every matchLabels entry from 3.2, any
 * one before (irutils.py selector_matches). irhost.py reads `selector` when mappingSelector is
 * empty, and an empty selector (`{}`, a false value in Python) selects nothing; one whose
 * matchLabels is empty selects every Mapping.
 */
function selects(model: ManifestModel, host: ManifestDocument, labels: Json): boolean {
  const given = (value: unknown) => value !== undefined && value !== null && value !== false && value !== '' && value !== 0
    && (typeof value !== 'object' || Object.keys(value as object).length > 0);
  const hostSpec = objectOf(host.doc.spec);
  const selector = given(hostSpec.mappingSelector) ? hostSpec.mappingSelector : hostSpec.selector;
  if (!given(selector)) return false;
  const match = Object.entries(objectOf(objectOf(selector).matchLabels));
  if (match.length === 0) return true;
  const hit = ([k, v]: [string, unknown]) => labels[k] === v;
  return model.release.atLeast(3, 2) ? match.every(hit) : match.some(hit);
}

/** The resolver the ambassador Module names as the default, else Emissary's kubernetes-service. */
function moduleResolver(model: ManifestModel, m: ManifestDocument): string {
  const ids = ambassadorIdsOf(m.doc);
  const module = model.modules.find((x) => ids.every((id) => ambassadorIdsOf(x.doc).includes(id)));
  const resolver = objectOf(objectOf(module?.doc.spec).config).resolver;
  return typeof resolver === 'string' ? resolver : 'kubernetes-service';
}

/** What is wrong with a load_balancer, as irhttpmapping.py validate_load_balancer sees it. */
function loadBalancerProblem(lb: unknown): string | undefined {
  const o = objectOf(lb);
  const keys = Object.keys(o);
  if (['round_robin', 'least_request'].includes(o.policy)) return keys.length === 1 ? undefined : `has ${keys.filter((k) => k !== 'policy').join(', ')} beside policy ${o.policy}, which takes nothing else`;
  if (['ring_hash', 'maglev'].includes(o.policy)) {
    const hashes = keys.filter((k) => k !== 'policy');
    if (hashes.length !== 1) return `needs exactly one of cookie, header or source_ip beside policy ${o.policy} (it has ${hashes.length})`;
    if (hashes[0] === 'cookie' && objectOf(o.cookie).name === undefined) return 'has a cookie without a name';
    return ['cookie', 'header', 'source_ip'].includes(hashes[0]) ? undefined : `hashes on "${hashes[0]}", which is not cookie, header or source_ip`;
  }
  return o.policy === undefined ? 'has no policy' : `has the policy ${JSON.stringify(o.policy)}, which Emissary does not know`;
}
