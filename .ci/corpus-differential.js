#!/usr/bin/env node
/**
 * The differential test: `check` against Emissary's own compiler over ../shared/reference/
 * emissary-corpus (real configuration from Emissary's repository, at main, v3.10.0, v2.5.1 and
 * v1.14.4). Each file is compiled alone by the compiler of its release and checked alone with
 * `--emissary-version` of that release. A file is flagged by the compiler when it reports an
 * error or a Mapping that reaches no route, and by `check` when it reports an error (warnings
 * are hardening). Every disagreement must be listed, with its reason, in
 * .ci/corpus-expectations.json; a listed file that now agrees fails the run too, so the list
 * stays true. Prints the agreement figures README reports.
 *
 * Usage: node .ci/corpus-differential.js [--jobs N] [--write-expectations]   (after `npx projen compile`)
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CORPUS = path.join(ROOT, '..', 'shared', 'reference', 'emissary-corpus');
const RUN = path.join(ROOT, '..', 'shared', 'emissary-compile', 'run.sh');
const EXPECTATIONS = path.join(__dirname, 'corpus-expectations.json');
const { checkManifests, parseManifests } = require(path.join(ROOT, 'lib', 'src', 'validation'));

/** The compiler and the `--emissary-version` for each release the corpus comes from. */
const RELEASES = { main: { compiler: 'current', check: '4.1' }, 'v3.10.0': { compiler: 'v3.10.0', check: '3.10' }, 'v2.5.1': { compiler: 'v2.5.1', check: '2.5' }, 'v1.14.4': { compiler: 'v1.14.4', check: '1.14' } };

const args = process.argv.slice(2);
const jobs = Number(args[args.indexOf('--jobs') + 1]) || 2;

/** CORPUS_COMPILER_CACHE=dir keeps each compiler summary (`<file>.json`) for reruns while developing; CI runs without it. */
const CACHE = process.env.CORPUS_COMPILER_CACHE;

function summarize(out) {
  const summary = JSON.parse(out.slice(0, out.lastIndexOf('\n}') + 2));
  // A TCPMapping proxies TCP: it never has an HTTP route, which the harness counts as unrouted.
  const unrouted = summary.unrouted_mappings.filter((u) => !/^TCPMapping .* prefix None/.test(u));
  return { problems: [...summary.errors.map((e) => `error: ${e.error}`), ...unrouted.map((u) => `unrouted: ${u}`)] };
}

function compile(file, release) {
  const cached = CACHE && path.join(CACHE, `${file}.json`);
  if (cached && fs.existsSync(cached)) return Promise.resolve(summarize(fs.readFileSync(cached, 'utf8')));
  return new Promise((resolve) => {
    const child = spawn('bash', [RUN, '--emissary', release.compiler, path.join(CORPUS, file)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      if (code === 2) return resolve({ harnessFailure: err.trim() || out.slice(-300) });
      if (cached) fs.writeFileSync(cached, out);
      resolve(summarize(out));
    });
  });
}

function check(file, release) {
  const parsed = parseManifests(fs.readFileSync(path.join(CORPUS, file)), file);
  const findings = parsed.problems.map((p) => `input: ${p.message}`);
  if (parsed.documents.length > 0) {
    findings.push(...checkManifests(parsed.documents, undefined, { emissaryVersion: release.check }).findings
      .filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.resource}: ${f.message}`));
  }
  return findings;
}

async function main() {
  const index = JSON.parse(fs.readFileSync(path.join(CORPUS, 'index.json'), 'utf8'));
  const files = Object.keys(index).sort();
  const started = Date.now();
  const results = {};
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < files.length) {
      const file = files[next++];
      const release = RELEASES[index[file].emissary_ref];
      if (!release) throw new Error(`${file}: release ${index[file].emissary_ref} has no compiler here`);
      results[file] = { release: index[file].emissary_ref, compiler: await compile(file, release), check: check(file, release) };
    }
  }));
  const expectations = fs.existsSync(EXPECTATIONS) ? JSON.parse(fs.readFileSync(EXPECTATIONS, 'utf8')) : { disagreements: {} };
  const counts = { agreeClean: 0, agreeFlagged: 0, checkOnly: 0, compilerOnly: 0, harnessFailures: 0 };
  const unexplained = [];
  const stale = [];
  const disagreements = {};
  for (const file of files) {
    const { compiler, check: found, release } = results[file];
    if (compiler.harnessFailure) {
      counts.harnessFailures++;
      unexplained.push(`${file}: the compiler harness failed: ${compiler.harnessFailure}`);
      continue;
    }
    const c = compiler.problems.length > 0;
    const k = found.length > 0;
    const verdict = c === k ? (c ? 'agreeFlagged' : 'agreeClean') : (k ? 'checkOnly' : 'compilerOnly');
    counts[verdict]++;
    const listed = expectations.disagreements[file];
    if (verdict === 'checkOnly' || verdict === 'compilerOnly') {
      disagreements[file] = { release, verdict, reason: listed?.verdict === verdict ? listed.reason : 'TODO' };
      if (!listed || listed.verdict !== verdict) unexplained.push(`${file} (${release}): ${verdict}: not in .ci/corpus-expectations.json\n    check: ${found.join(' | ') || '-'}\n    compiler: ${compiler.problems.join(' | ') || '-'}`);
    } else if (listed) {
      stale.push(`${file}: listed as ${listed.verdict}, but check and the compiler now agree (${verdict}): remove it from .ci/corpus-expectations.json`);
    }
  }
  if (args.includes('--write-expectations')) {
    fs.writeFileSync(EXPECTATIONS, `${JSON.stringify({ ...expectations, disagreements }, null, 2)}\n`);
  }
  const total = files.length;
  const agree = counts.agreeClean + counts.agreeFlagged;
  console.log(`corpus: ${total} files, agree on ${agree} (${counts.agreeClean} clean, ${counts.agreeFlagged} flagged by both), `
    + `check only ${counts.checkOnly}, compiler only ${counts.compilerOnly}, harness failures ${counts.harnessFailures}; ${Math.round((Date.now() - started) / 1000)} s with ${jobs} jobs`);
  for (const line of [...unexplained, ...stale]) console.error(line);
  if (unexplained.length + stale.length > 0) {
    console.error(`${unexplained.length} unexplained disagreement(s), ${stale.length} stale expectation(s)`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
