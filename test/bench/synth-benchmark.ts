/**
 * The synth benchmark (`npx projen bench`). Two parts:
 *
 * 1. `bench:` lines, N = 100, 1,000 and 10,000 routes synthesized to one YAML string three ways,
 *    in this process:
 *    - l2: this library's constructs (IstioMtls and ConsulConnector, shared TLSContexts, N Mappings);
 *    - l1: the same documents as plain cdk8s `ApiObject`s (synth-l1.ts);
 *    - floor: the same documents built as plain objects and serialised by the `yaml` library.
 *    All three must produce the same YAML, byte for byte. Each way runs after a warm-up, several
 *    times (a multiple of three), in rotating order; the median is reported. No GC is forced
 *    between runs: a forced full GC shrinks V8's young generation, and the next run then pays for
 *    regrowing it, which is no cost a real synth has.
 * 2. `gitops:` lines, N = 1,000, 10,000 and 50,000 (`--sizes=` to choose): the main job, each
 *    run in a fresh process (bench-child.ts) that runs, side by side in an order rotating from
 *    run to run, GitOpsApp into an empty folder then one route added over that output (on the
 *    last run also `kubectl kustomize` over every folder), l1 and the floor. Medians, and a
 *    `spread:` line with min/median/max of each figure. Peak RSS is the process's right after the
 *    GitOps synth, in the runs where it ran first (the largest of those), in MB (10^6 bytes).
 *
 * 3. a `check:` line: the command line's check over the output of 10,000 routes (check-folder.ts).
 *
 * Options: `--strict` (a missed target fails the run, exit 1; a document mismatch always does),
 * `--gitops-only` (part 2 only), `--check-only` (part 3 only), `--sizes=1000,10000,50000`,
 * `--runs=N` (GitOps runs per size; default 5 up to 10,000 and 3 above).
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { checkLine, measureCheck } from './check-folder';
import { synthFloor } from './synth-floor';
import { GitOpsSample } from './synth-gitops';
import { synthL1 } from './synth-l1';
import { synthL2 } from './synth-l2';

type Way = 'l2' | 'l1' | 'floor';

const WAYS: ReadonlyArray<[Way, (n: number) => string]> = [['l2', synthL2], ['l1', synthL1], ['floor', synthFloor]];
const SIZES = [
  { n: 100, warmups: 10, runs: 21 },
  { n: 1000, warmups: 5, runs: 21 },
  { n: 10000, warmups: 1, runs: 6 },
];
const TARGETS = { l2OverL1: 1.10, l2OverFloor: 2.0, rssMb: 400 };
/** The issue-23 targets of the GitOps job at 50,000 routes. */
const GITOPS_TARGETS = { n: 50000, synthOverL1: 1.3, synthOverFloor: 2.0, kustomizeMaxMs: 1500, rssMb: 500, incrementalOverSynth: 0.6 };
const GITOPS_SIZES = [1000, 10000, 50000];

interface Result {
  readonly n: number;
  readonly ms: Record<Way, number>;
  readonly rssMb: number;
}

function main(): number {
  const strict = process.argv.includes('--strict');
  const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  console.log(`machine: node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, `
    + `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (process.argv.includes('--check-only')) {
    console.log(checkLine(measureCheck(10000, 3)));
    return 0;
  }

  const results: Result[] = [];
  if (!process.argv.includes('--gitops-only')) {
    for (const size of SIZES) {
      const mismatch = compareOutputs(size.n);
      if (mismatch) {
        console.error(`mismatch: N=${size.n}: the three ways differ. ${mismatch}`);
        return 1;
      }
      results.push(measure(size.n, size.warmups, size.runs));
    }
  }
  const sizes = option('sizes')?.split(',').map(Number) ?? GITOPS_SIZES;
  const gitops = sizes.map((n) => measureGitOps(n, Number(option('runs') ?? (n > 10000 ? 3 : 5))));

  if (results.length > 0) printTable(results);
  const misses = [...(results.length > 0 ? missedTargets(results) : []), ...missedGitOpsTargets(gitops)];
  for (const miss of misses) console.log(`targets: missed: ${miss}`);
  if (misses.length === 0) console.log('targets: all met');
  // The `bench:` lines, N=10000 last, then the `gitops:` lines, largest N last, for scripts that read them.
  for (const r of results) console.log(benchLine(r));
  for (const g of gitops) console.log(spreadLine(g));
  for (const g of gitops) console.log(gitopsLine(g));
  // Then the `check:` line (not with --gitops-only).
  if (!process.argv.includes('--gitops-only')) console.log(checkLine(measureCheck(10000, 3)));
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

/** The GitOps samples of one N: every run's figures. */
interface GitOpsRuns {
  readonly n: number;
  readonly synthMs: number[];
  readonly incrementalMs: number[];
  readonly l1Ms: number[];
  readonly floorMs: number[];
  readonly rssMb: number[];
  /** The last run's: folder count, largest folder (objects), kustomize build times. */
  readonly folders: number;
  readonly largestFolder: number;
  readonly kustomizeMs: number[];
  /** The files one added route changed (1 in a split chart; an unsplit one adds a file and lists it). */
  readonly changedFiles: number;
}

/**
 * Runs `runs` samples of `n` routes, each in a fresh process running the three ways side by side,
 * in an order that rotates from run to run (so that no way always runs first, or after the same
 * other); kubectl kustomize on the last run. Peak RSS: from the runs where GitOps ran first.
 */
function measureGitOps(n: number, runs: number): GitOpsRuns {
  const ORDERS = ['gitops,l1,floor', 'l1,floor,gitops', 'floor,gitops,l1'];
  const samples: Array<GitOpsSample & { l1Ms: number; floorMs: number; gitopsFirst: boolean }> = [];
  for (let run = 0; run < runs; run++) {
    const args = [path.join(__dirname, 'bench-child.js'), String(n), ORDERS[run % ORDERS.length], ...(run === runs - 1 ? ['--kustomize'] : [])];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 2 ** 26 });
    if (child.status !== 0) throw new Error(`bench-child ${args.slice(1).join(' ')} failed (${child.status}): ${child.stderr}`);
    samples.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
  }
  const last = samples[samples.length - 1];
  return {
    n,
    synthMs: samples.map((s) => s.synthMs),
    incrementalMs: samples.map((s) => s.incrementalMs),
    l1Ms: samples.map((s) => s.l1Ms),
    floorMs: samples.map((s) => s.floorMs),
    rssMb: samples.filter((s) => s.gitopsFirst).map((s) => s.rssMb),
    folders: last.folders,
    largestFolder: last.largestFolder,
    kustomizeMs: last.kustomizeMs,
    changedFiles: last.changedFiles,
  };
}

const max = (values: number[]) => Math.max(...values);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The line the issue asks for: medians; the kustomize figures are the last run's; RSS the largest. */
function gitopsLine(g: GitOpsRuns): string {
  return `gitops: N=${g.n} synth_ms=${Math.round(median(g.synthMs))} l1_ms=${Math.round(median(g.l1Ms))} floor_ms=${Math.round(median(g.floorMs))} `
    + `folders=${g.folders} kustomize_max_ms=${Math.round(max(g.kustomizeMs))} kustomize_total_ms=${Math.round(sum(g.kustomizeMs))} `
    + `rss=${Math.round(max(g.rssMb))} incremental_ms=${Math.round(median(g.incrementalMs))}`;
}

/** min/median/max of each figure over the runs, and the ratios of the medians. */
function spreadLine(g: GitOpsRuns): string {
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${Math.round(sorted[0])}/${Math.round(median(sorted))}/${Math.round(sorted[sorted.length - 1])}`;
  };
  const synth = median(g.synthMs);
  return `spread: N=${g.n} runs=${g.synthMs.length} synth_ms=${spread(g.synthMs)} l1_ms=${spread(g.l1Ms)} floor_ms=${spread(g.floorMs)} `
    + `incremental_ms=${spread(g.incrementalMs)} rss=${spread(g.rssMb)} synth/l1=${ratio(synth, median(g.l1Ms))} synth/floor=${ratio(synth, median(g.floorMs))} `
    + `incremental/synth=${ratio(median(g.incrementalMs), synth)} largest_folder=${g.largestFolder} changed_files=${g.changedFiles} `
    + `per_run: synth/l1=${perRun(g.synthMs, g.l1Ms)} synth/floor=${perRun(g.synthMs, g.floorMs)} incremental/synth=${perRun(g.incrementalMs, g.synthMs)}`;
}

/** The ratio of two ways within each run (they ran side by side in one process), in run order. */
function perRun(a: number[], b: number[]): string {
  return a.map((x, i) => ratio(x, b[i])).join(',');
}

/** The issue-23 targets, at 50,000 routes (or the largest N run, when no run reached 50,000). */
function missedGitOpsTargets(gitops: GitOpsRuns[]): string[] {
  if (gitops.length === 0) return [];
  const g = gitops.find((x) => x.n === GITOPS_TARGETS.n) ?? gitops[gitops.length - 1];
  const t = GITOPS_TARGETS;
  const synth = median(g.synthMs);
  const checks: Array<[string, number, number]> = [
    ['synth/l1', synth / median(g.l1Ms), t.synthOverL1],
    ['synth/floor', synth / median(g.floorMs), t.synthOverFloor],
    ['kustomize_max_ms', max(g.kustomizeMs), t.kustomizeMaxMs],
    ['rss', max(g.rssMb), t.rssMb],
    ['incremental/synth', median(g.incrementalMs) / synth, t.incrementalOverSynth],
  ];
  const misses: string[] = [];
  for (const [name, value, limit] of checks) {
    const shown = value >= 10 ? String(Math.round(value)) : value.toFixed(2);
    if (value > limit) misses.push(`gitops N=${g.n} ${name}=${shown} > ${limit}`);
    else console.log(`targets: gitops N=${g.n} ${name}=${shown} <= ${limit}`);
  }
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
