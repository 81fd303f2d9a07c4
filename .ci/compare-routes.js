#!/usr/bin/env node
// Compares what Emissary's compiler made of a v2 chart and of its `migrate --to v3alpha1`
// output: the same Mappings, each with the same route (prefix, rewrite, host, service, resolver)
// and the same TLS origination (context, client certificate, upstream verification, SNI, ALPN),
// the same TLSContexts, no new error, and the same Envoy routes (every match, header matcher,
// rewrite and added header). Usage: compare-routes.js V2_SUMMARY MIGRATED_SUMMARY V2_ENVOY MIGRATED_ENVOY
const fs = require('fs');

const read = (file) => {
  const text = fs.readFileSync(file, 'utf8');
  return JSON.parse(text.slice(0, text.lastIndexOf('}') + 1));
};
const [before, after] = process.argv.slice(2, 4).map(read);
const [envoyBefore, envoyAfter] = process.argv.slice(4, 6).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
/** Every Envoy route of the listeners but Emissary's own /ambassador/v0/ ones, canonical and sorted. */
const envoyRoutes = (config) => {
  const found = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    if (node.match && node.route && !String(node.match.prefix ?? '').startsWith('/ambassador/v0/')) return found.push(canonical(node));
    Object.values(node).forEach(walk);
  };
  walk(config.static_resources?.listeners);
  return found.sort();
};
const canonical = (value) => JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
const routeOf = (r) => JSON.stringify({
  prefix: r.prefix, rewrite: r.rewrite, host: r.host, service: r.service, resolver: r.resolver, tls_requested: r.tls_requested, mtls: r.mtls,
  cluster: r.cluster && {
    host: r.cluster.host, port: r.cluster.port, tls_context: r.cluster.tls_context, originates_tls: r.cluster.originates_tls, client_cert: r.cluster.client_cert,
    validates_upstream_with: r.cluster.validates_upstream_with, sni: r.cluster.sni, alpn: r.cluster.alpn, tls_params: r.cluster.tls_params,
  },
  in_envoy_routes: r.in_envoy_routes,
});
const byName = (summary) => new Map(summary.routes.map((r) => [`${r.namespace}/${r.name}`, routeOf(r)]));
const contexts = (summary) => JSON.stringify(summary.tls_contexts.filter((c) => !c.synthesized_by_emissary).map((c) => ({ ...c, source: undefined })).sort((a, b) => (a.name < b.name ? -1 : 1)));
const problems = [];
const [a, b] = [byName(before), byName(after)];
for (const [name, route] of a) {
  if (!b.has(name)) problems.push(`Mapping ${name}: routed from v2, not after migration`);
  else if (b.get(name) !== route) problems.push(`Mapping ${name}: v2 ${route}\n  migrated ${b.get(name)}`);
}
for (const name of b.keys()) if (!a.has(name)) problems.push(`Mapping ${name}: routed only after migration`);
if (contexts(before) !== contexts(after)) problems.push(`TLSContexts differ:\n  v2 ${contexts(before)}\n  migrated ${contexts(after)}`);
const [routesBefore, routesAfter] = [envoyRoutes(envoyBefore), envoyRoutes(envoyAfter)];
if (JSON.stringify(routesBefore) !== JSON.stringify(routesAfter)) {
  const only = (xs, ys) => xs.filter((x) => !ys.includes(x));
  problems.push(`Envoy routes differ:\n  only from v2: ${only(routesBefore, routesAfter).join('\n    ')}\n  only migrated: ${only(routesAfter, routesBefore).join('\n    ')}`);
}
if (after.errors.length > before.errors.length) problems.push(`migration added Emissary errors: ${JSON.stringify(after.errors)}`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${a.size} Mapping(s) routed the same (${routesBefore.length} Envoy routes), TLS origination included`);
