#!/usr/bin/env node
// Checks that Emissary's Envoy configuration for a Linkerd chart sends `l5d-dst-override` with
// each Mapping's service (what Linkerd's proxy routes by in ingress mode, and in Linkerd 2.8 and
// before), for every Mapping of the chart that asks for it, and that every route adding the
// header also removes a client's own first (Envoy removes before it adds), so no client picks
// the destination. Usage: linkerd-headers.js ENVOY_JSON CHART_DIR
const fs = require('fs');
const path = require('path');
const { parseAllDocuments } = require('yaml');

const [envoyFile, chartDir] = process.argv.slice(2);
const values = new Set();
let routes = 0;
let relays = 0;
(function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (node === null || typeof node !== 'object') return;
  // Emissary's own Mappings (diagnostics and probes, /ambassador/v0/) take the Module's header
  // too, with their upstream 127.0.0.1:8877: traffic to loopback never passes Linkerd's proxy
  // (linkerd-init's outbound chain returns packets for the lo interface: linkerd.io's iptables
  // reference, ignore-loopback), so no client can route through the mesh with it.
  const added = (node.request_headers_to_add ?? []).filter((h) => h.header?.key === 'l5d-dst-override' && !/^(127\.|\[::1\]|localhost(:|$))/.test(h.header.value ?? ''));
  if (added.length > 0) {
    routes++;
    if (!(node.request_headers_to_remove ?? []).includes('l5d-dst-override')) relays++;
  }
  if (node.header?.key === 'l5d-dst-override') values.add(node.header.value);
  Object.values(node).forEach(walk);
})(JSON.parse(fs.readFileSync(envoyFile, 'utf8')));

const specs = fs.readdirSync(chartDir).filter((f) => f.startsWith('Mapping.') && f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(chartDir, f), 'utf8')).map((d) => d.toJS().spec));
// An IP upstream gets no header (ingress mode takes a name only): it routes by destination.
const services = specs.filter((s) => s.add_linkerd_headers !== false).map((s) => s.service.replace(/^https?:\/\//, ''));
const missing = services.filter((s) => !values.has(s));
if (services.length === 0 || missing.length > 0 || relays > 0) {
  console.error(`linkerd-headers: ${services.length === 0 ? 'no Mapping found' : missing.length > 0 ? `no l5d-dst-override for ${missing.join(', ')}`
    : `${relays} of ${routes} routes add l5d-dst-override without removing a client's`}`);
  process.exit(1);
}
console.log(`linkerd-headers: ${services.length} Mappings send l5d-dst-override with their service; all ${routes} routes that add it remove a client's first`);
