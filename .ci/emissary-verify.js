#!/usr/bin/env node
// Reads the JSON summaries Emissary's compiler harness wrote (one CHART.txt per chart: the JSON,
// then a last line) and fails unless, in every chart: no error, no unrouted Mapping, and every
// Mapping that asks for a TLSContext originates TLS presenting that context's certificate.
// Usage: emissary-verify.js SUMMARY_DIR
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
// Charts (dist/ and fixtures) of CertManagerMtls, whose TLSContexts always verify the upstream.
const verifies = (chart) => chart.startsWith('cert-manager');
let failures = 0;
let checked = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const summary = JSON.parse(text.slice(0, text.lastIndexOf('}') + 1));
  const chart = file.replace(/\.txt$/, '');
  const fail = (message) => {
    failures++;
    console.error(`${chart}: ${message}`);
  };
  for (const e of summary.errors) fail(`Emissary error: ${e.error} (${e.resources.join(', ')})`);
  for (const m of summary.unrouted_mappings) fail(`unrouted Mapping: ${JSON.stringify(m)}`);
  const contexts = new Map(summary.tls_contexts.map((c) => [c.name, c]));
  for (const route of summary.routes.filter((r) => r.tls_requested)) {
    checked++;
    const context = contexts.get(route.tls_requested);
    const source = context?.cert_source ?? {};
    const expected = source.secret !== undefined ? `secret:${source.secret}` : `file:${source.files?.cert_chain_file}`;
    if (!route.mtls || !route.cluster.originates_tls) {
      fail(`Mapping ${route.name} asks for tls ${route.tls_requested} but does not originate mTLS`);
    } else if (!route.cluster.client_cert.includes(expected) || route.cluster.tls_context !== route.tls_requested) {
      fail(`Mapping ${route.name} originates TLS with ${route.cluster.tls_context} (${route.cluster.client_cert}), not ${route.tls_requested} (${expected})`);
    }
    // The ALPN a TLSContext asks for reaches Envoy; an Istio context's must be "istio" (a sidecar
    // in PERMISSIVE mode picks its mTLS chain by it).
    const alpn = context?.alpn_protocols ?? null;
    const istio = source.secret === 'istio-certs' || /istio/.test(source.files?.cert_chain_file ?? '');
    if (alpn !== null && JSON.stringify(route.cluster.alpn) !== JSON.stringify(String(alpn).split(','))) {
      fail(`Mapping ${route.name} sends ALPN ${JSON.stringify(route.cluster.alpn)}, not its TLSContext's ${alpn}`);
    } else if (istio && JSON.stringify(route.cluster.alpn) !== '["istio"]') {
      fail(`Mapping ${route.name} presents Istio's certificate without ALPN "istio" (${JSON.stringify(route.cluster.alpn)})`);
    }
  }
  // Charts whose TLSContexts verify the upstream and send SNI (cert-manager): Emissary must
  // configure both on the cluster, not only accept the fields.
  if (verifies(chart)) {
    for (const route of summary.routes.filter((r) => r.tls_requested)) {
      const context = contexts.get(route.tls_requested);
      if (!route.cluster.validates_upstream_with) fail(`Mapping ${route.name} does not verify its upstream's certificate`);
      if ((route.cluster.sni ?? null) !== (context?.sni ?? null)) fail(`Mapping ${route.name} sends SNI ${route.cluster.sni}, not its TLSContext's ${context?.sni}`);
    }
  }
  if (summary.routes.length === 0) fail('no Mapping routed at all');
}
if (failures > 0) {
  console.error(`emissary-verify: ${failures} problem(s)`);
  process.exit(1);
}
console.log(`emissary-verify: ${checked} Mappings with tls originate mTLS with their TLSContext's certificate`);
