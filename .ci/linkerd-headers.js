#!/usr/bin/env node
// Checks that Emissary's Envoy configuration for a Linkerd chart sends `l5d-dst-override` with
// each Mapping's service (what Linkerd's proxy routes by), for every Mapping of the chart.
// Usage: linkerd-headers.js ENVOY_JSON CHART_DIR
const fs = require('fs');
const path = require('path');
const { parseAllDocuments } = require('yaml');

const [envoyFile, chartDir] = process.argv.slice(2);
const values = new Set();
(function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (node === null || typeof node !== 'object') return;
  if (node.header?.key === 'l5d-dst-override') values.add(node.header.value);
  Object.values(node).forEach(walk);
})(JSON.parse(fs.readFileSync(envoyFile, 'utf8')));

const services = fs.readdirSync(chartDir).filter((f) => f.startsWith('Mapping.') && f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(chartDir, f), 'utf8')).map((d) => d.toJS().spec.service));
const missing = services.filter((s) => !values.has(s));
if (services.length === 0 || missing.length > 0) {
  console.error(`linkerd-headers: ${services.length === 0 ? 'no Mapping found' : `no l5d-dst-override for ${missing.join(', ')}`}`);
  process.exit(1);
}
console.log(`linkerd-headers: ${services.length} Mappings send l5d-dst-override with their service`);
