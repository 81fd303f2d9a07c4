#!/usr/bin/env node
// Every key of every Helm values file we write (dist/*/helm/, and the test fixtures') must be one
// the chart's templates read, or lie under one (podAnnotations.<annotation>, env.<VAR>,
// module.<setting>): a key no template reads is silently ignored by Helm. The keys come from
// ../shared/reference/charts/values-keys/*.tsv (generated from the charts' templates). Values of
// the edge-stack chart are checked under `emissary-ingress:` against the emissary-ingress chart
// (the subchart it passes them to) and at the top level against edge-stack 8.10.2; values of the
// emissary-ingress chart against both 8.9.1 and 8.10.0.
// Usage: helm-values-keys.js VALUES_KEYS_DIR VALUES_FILE...
const fs = require('fs');
const path = require('path');
const { parse } = require('yaml');

const [keysDir, ...files] = process.argv.slice(2);
const keysOf = (chart) => new Set(fs.readFileSync(path.join(keysDir, `${chart}.tsv`), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]));
const charts = {
  'emissary-ingress-8.9.1': keysOf('emissary-ingress-8.9.1'),
  'emissary-ingress-8.10.0': keysOf('emissary-ingress-8.10.0'),
  'edge-stack-8.10.2': keysOf('edge-stack-8.10.2'),
};

/** The keys of `values` no template of `keys` reads: each path is listed, or lies under a listed one. */
function unread(values, keys, prefix = []) {
  const problems = [];
  for (const [key, value] of Object.entries(values ?? {})) {
    const at = [...prefix, key];
    if (keys.has(at.join('.'))) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) problems.push(...unread(value, keys, at));
    else problems.push(at.join('.'));
  }
  return problems;
}

let failures = 0;
let checked = 0;
for (const file of files) {
  const values = parse(fs.readFileSync(file, 'utf8')) ?? {};
  const against = 'emissary-ingress' in values
    ? [['edge-stack-8.10.2', Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'emissary-ingress')), []],
      ['emissary-ingress-8.10.0', values['emissary-ingress'], ['emissary-ingress']]]
    : [['emissary-ingress-8.9.1', values, []], ['emissary-ingress-8.10.0', values, []]];
  for (const [chart, subtree, prefix] of against) {
    for (const key of unread(subtree, charts[chart])) {
      failures++;
      console.error(`helm-values-keys: ${file}: ${[...prefix, key].join('.')} is read by no template of ${chart}`);
    }
  }
  checked++;
}
if (failures > 0) process.exit(1);
console.log(`helm-values-keys: ${checked} values file(s), every key read by the chart's templates`);
