/**
 * The whole main job at N routes, one sample: the benchmark's l2 app constructed, synthesized and
 * written by `GitOpsApp` into an empty folder; then the same app with one route more written over
 * that output (the incremental re-synth); then, if asked, every folder a GitOps tool builds run
 * through `kubectl kustomize`, as Argo CD's repo server and Flux's kustomize-controller would.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildL2 } from './synth-l2';
import { GitOpsApp, ShardingOptions } from '../../src';

/** What one GitOps sample measured. */
export interface GitOpsSample {
  /** ms to construct, synthesize and write the app of N routes into an empty folder. */
  readonly synthMs: number;
  /** ms to construct, synthesize and write the app of N + 1 routes over that output. */
  readonly incrementalMs: number;
  /** The files the incremental synth changed (1: the added route's shard file). */
  readonly changedFiles: number;
  /** Peak RSS of the process after the full synth, in MB (10^6 bytes). */
  readonly rssMb: number;
  /** The folders with a kustomization.yaml (what GitOps tools build), and their build times. */
  readonly folders: number;
  readonly kustomizeMs: number[];
  /** The objects in the largest folder. */
  readonly largestFolder: number;
}

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** One sample at `n` routes; `kustomize`: also build every folder; `sharding`: other than the default (for tests). */
export function gitopsSample(n: number, kustomize: boolean, sharding?: ShardingOptions): GitOpsSample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-gitops-${n}-`));
  try {
    let start = process.hrtime.bigint();
    buildL2(new GitOpsApp({ outdir, sharding }), n).synth();
    const synthMs = elapsed(start);
    const rssMb = (process.resourceUsage().maxRSS * 1024) / 1e6; // maxRSS is in KiB
    const before = contents(outdir);
    start = process.hrtime.bigint();
    buildL2(new GitOpsApp({ outdir, sharding }), n + 1).synth();
    const incrementalMs = elapsed(start);
    const after = contents(outdir);
    const changedFiles = [...after].filter(([file, text]) => before.get(file) !== text).length;
    const folders = buildFolders(outdir);
    const kustomizeMs = kustomize ? folders.map((folder) => {
      const begin = process.hrtime.bigint();
      execFileSync('kubectl', ['kustomize', folder], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 2 ** 30 });
      return elapsed(begin);
    }) : [];
    const largestFolder = Math.max(...[...after].filter(([file]) => file.endsWith('.k8s.yaml'))
      .map(([file, text]) => (path.basename(file) === 'manifests.k8s.yaml' ? (text.match(/^kind: /gm) ?? []).length : 1)));
    return { synthMs, incrementalMs, changedFiles, rssMb, folders: folders.length, kustomizeMs, largestFolder };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every file under `dir` with its text. */
function contents(dir: string): Map<string, string> {
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Every folder under `dir` holding a Kustomization that a GitOps tool builds (not a split chart's own). */
function buildFolders(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    const kustomization = path.join(d, 'kustomization.yaml');
    const entries = fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory());
    const split = entries.some((e) => e.name === 'base' || e.name.startsWith('base-'));
    if (!split && fs.existsSync(kustomization) && /^kind: Kustomization$/m.test(fs.readFileSync(kustomization, 'utf8'))) found.push(d);
    for (const entry of entries) walk(path.join(d, entry.name));
  };
  walk(dir);
  return found.sort();
}
