/**
 * The synth benchmark (`npx projen bench`): N mTLS routes synthesized three ways, for N = 100,
 * 1,000 and 10,000, in one process:
 *
 * - l2: this library's constructs (IstioMtls and ConsulConnector, shared TLSContexts, N Mappings);
 * - l1: the same documents from plain cdk8s and the imported classes;
 * - floor: the same documents built as plain objects and serialised by the `yaml` library.
 *
 * All three must produce the same YAML, byte for byte. Each way runs after a warm-up, several
 * times (a multiple of three), in rotating order; the median is reported. No GC is forced between runs: a forced full
 * GC shrinks V8's young generation, and the next run then pays for regrowing it (it doubled the
 * N=1000 figures), which is no cost a real synth has. Peak RSS is the process's high-water mark
 * after each N (so the N=10000 figure is the peak of the whole run), in MB (10^6 bytes).
 *
 * `--strict` makes a missed target fail the run (exit 1); a document mismatch always does.
 */
import * as os from 'os';
import { checkLine, measureCheck } from './check-folder';
import { synthFloor } from './synth-floor';
import { GitOpsResult, measureGitOps } from './synth-gitops';
import { synthL1 } from './synth-l1';
import { synthL2 } from './synth-l2';

type Way = 'l2' | 'l1' | 'floor';

const WAYS: ReadonlyArray<[Way, (n: number) => string]> = [['l2', synthL2], ['l1', synthL1], ['floor', synthFloor]];
const SIZES = [
  { n: 100, warmups: 10, runs: 21 },
  { n: 1000, warmups: 5, runs: 21 },
  { n: 10000, warmups: 1, runs: 6 },
];
const TARGETS = { l2OverL1: 1.10, l2OverFloor: 2.0, rssMb: 400, kustomizeMaxMs: 3000, gitopsOverL2: 1.3 };
/** The GitOps runs: N, and how many synths to take the median of (each writes every file anew). */
const GITOPS_SIZES = [{ n: 1000, runs: 5 }, { n: 10000, runs: 3 }];

interface Result {
  readonly n: number;
  readonly ms: Record<Way, number>;
  readonly rssMb: number;
}

function main(): number {
  const strict = process.argv.includes('--strict');
  console.log(`machine: node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  if (process.argv.includes('--check-only')) {
    console.log(checkLine(measureCheck(10000, 3)));
    return 0;
  }

  const results: Result[] = [];
  for (const size of SIZES) {
    const mismatch = compareOutputs(size.n);
    if (mismatch) {
      console.error(`mismatch: N=${size.n}: the three ways differ. ${mismatch}`);
      return 1;
    }
    results.push(measure(size.n, size.warmups, size.runs));
  }

  const gitops = GITOPS_SIZES.map(({ n, runs }) => ({ ...measureGitOps(n, runs), rssMb: (process.resourceUsage().maxRSS * 1024) / 1e6 }));

  printTable(results);
  const misses = [...missedTargets(results), ...missedGitOpsTargets(gitops, results)];
  for (const miss of misses) console.log(`targets: missed: ${miss}`);
  if (misses.length === 0) console.log('targets: all met');
  // The `bench:` lines come last, N=10000 at the very end, for scripts that read them.
  for (const r of results) console.log(benchLine(r));
  // Then the `gitops:` lines, N=10000 last, and the `check:` line.
  for (const g of gitops) console.log(gitopsLine(g));
  console.log(checkLine(measureCheck(10000, 3)));
  return strict && misses.length > 0 ? 1 : 0;
}

/** Undefined when l2, l1 and floor write the same YAML for `n` routes, else where they differ. */
function compareOutputs(n: number): string | undefined {
  const [l2, l1, floor] = WAYS.map(([, synth]) => synth(n));
  for (const [way, other] of [['l1', l1], ['floor', floor]] as const) {
    if (other !== l2) {
      const a = l2.split('\n');
      const b = other.split('\n');
      const differing = a.findIndex((text, i) => text !== b[i]);
      const line = differing === -1 ? a.length : differing; // -1: l2 is a prefix of the other
      return `First difference between l2 and ${way} at line ${line + 1}: ${JSON.stringify(a[line] ?? '(end)')} vs ${JSON.stringify(b[line] ?? '(end)')}`;
    }
  }
  return undefined;
}

function measure(n: number, warmups: number, runs: number): Result {
  for (let i = 0; i < warmups; i++) for (const [, synth] of WAYS) synth(n);
  const samples: Record<Way, number[]> = { l2: [], l1: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    // Rotate the order, so that no way always runs right after the same other one.
    for (let k = 0; k < WAYS.length; k++) {
      const [way, synth] = WAYS[(run + k) % WAYS.length];
      const start = process.hrtime.bigint();
      synth(n);
      samples[way].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return {
    n,
    ms: { l2: median(samples.l2), l1: median(samples.l1), floor: median(samples.floor) },
    rssMb: (process.resourceUsage().maxRSS * 1024) / 1e6, // maxRSS is in KiB
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

function benchLine(r: Result): string {
  return `bench: N=${r.n} l2=${r.ms.l2.toFixed(1)} l1=${r.ms.l1.toFixed(1)} floor=${r.ms.floor.toFixed(1)} `
    + `l2/l1=${ratio(r.ms.l2, r.ms.l1)} l2/floor=${ratio(r.ms.l2, r.ms.floor)} rss=${Math.round(r.rssMb)}`;
}

function gitopsLine(g: GitOpsResult & { rssMb: number }): string {
  return `gitops: N=${g.n} synth_ms=${Math.round(g.synthMs)} folders=${g.folders} kustomize_max_ms=${Math.round(g.kustomizeMaxMs)} `
    + `kustomize_total_ms=${Math.round(g.kustomizeTotalMs)} rss=${Math.round(g.rssMb)}`;
}

/** At N=10000: every folder builds in under 3 s, the GitOps synth costs at most 1.3 times l2, RSS under 400 MB. */
function missedGitOpsTargets(gitops: Array<GitOpsResult & { rssMb: number }>, results: Result[]): string[] {
  const misses: string[] = [];
  const g = gitops.find((x) => x.n === 10000)!;
  const l2 = results.find((r) => r.n === 10000)!.ms.l2;
  if (g.kustomizeMaxMs >= TARGETS.kustomizeMaxMs) misses.push(`N=10000 kustomize_max_ms=${Math.round(g.kustomizeMaxMs)} >= ${TARGETS.kustomizeMaxMs}`);
  if (g.synthMs > TARGETS.gitopsOverL2 * l2) misses.push(`N=10000 synth_ms=${Math.round(g.synthMs)} > ${TARGETS.gitopsOverL2} x l2 (${l2.toFixed(1)})`);
  else console.log(`targets: gitops: synth_ms=${Math.round(g.synthMs)} is ${(g.synthMs / l2).toFixed(2)} x l2 (${l2.toFixed(1)})`);
  if (g.rssMb >= TARGETS.rssMb) misses.push(`gitops peak RSS ${Math.round(g.rssMb)} MB >= ${TARGETS.rssMb} MB`);
  return misses;
}

function printTable(results: Result[]): void {
  const header = ['N', 'l2 ms', 'l1 ms', 'floor ms', 'l2/l1', 'l2/floor', 'l2 µs/route', 'peak RSS MB'];
  const rows = results.map((r) => [
    String(r.n), r.ms.l2.toFixed(1), r.ms.l1.toFixed(1), r.ms.floor.toFixed(1),
    ratio(r.ms.l2, r.ms.l1), ratio(r.ms.l2, r.ms.floor), (r.ms.l2 * 1000 / r.n).toFixed(1), String(Math.round(r.rssMb)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** The targets: ratios at 1,000 and 10,000, linear cost per route, peak RSS at 10,000. */
function missedTargets(results: Result[]): string[] {
  const misses: string[] = [];
  const at = (n: number) => results.find((r) => r.n === n)!;
  for (const r of [at(1000), at(10000)]) {
    if (r.ms.l2 / r.ms.l1 > TARGETS.l2OverL1) misses.push(`N=${r.n} l2/l1=${ratio(r.ms.l2, r.ms.l1)} > ${TARGETS.l2OverL1}`);
    if (r.ms.l2 / r.ms.floor > TARGETS.l2OverFloor) misses.push(`N=${r.n} l2/floor=${ratio(r.ms.l2, r.ms.floor)} > ${TARGETS.l2OverFloor}`);
  }
  // Linear: a route must cost no more at N=10000 than at N=1000. Plain cdk8s (l1) is measured in
  // the same run, to tell growth of our own from growth of cdk8s and the V8 heap under it.
  const perRoute = (r: Result, way: Way) => r.ms[way] * 1000 / r.n;
  const growth = (way: Way) => perRoute(at(10000), way) / perRoute(at(1000), way) - 1;
  const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const linear = `l2 per route ${perRoute(at(10000), 'l2').toFixed(1)} µs at N=10000 vs ${perRoute(at(1000), 'l2').toFixed(1)} µs at N=1000 `
    + `(${percent(growth('l2'))}; l1 ${percent(growth('l1'))}, floor ${percent(growth('floor'))})`;
  if (growth('l2') > 0) misses.push(linear);
  else console.log(`targets: linear: ${linear}`);
  if (at(10000).rssMb >= TARGETS.rssMb) misses.push(`peak RSS ${Math.round(at(10000).rssMb)} MB >= ${TARGETS.rssMb} MB`);
  return misses;
}

process.exitCode = main();
