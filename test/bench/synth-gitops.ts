/**
 * The whole main job at N routes: the benchmark's l2 app synthesized and written by `GitOpsApp`
 * (default sharding), then every folder a GitOps tool builds run through `kubectl kustomize`,
 * as Argo CD's repo server and Flux's kustomize-controller would.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildL2 } from './synth-l2';
import { GitOpsApp } from '../../src';

/** What one GitOps run measured. */
export interface GitOpsResult {
  readonly n: number;
  /** Median ms to construct, synthesize and write the app into an empty folder. */
  readonly synthMs: number;
  /** The folders with a kustomization.yaml (what GitOps tools build). */
  readonly folders: number;
  readonly kustomizeMaxMs: number;
  readonly kustomizeTotalMs: number;
}

/** Synthesizes into a fresh folder `runs` times (median), then builds every folder of the last. */
export function measureGitOps(n: number, runs: number): GitOpsResult {
  const samples: number[] = [];
  let outdir = '';
  for (let run = 0; run < runs; run++) {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-gitops-${n}-`));
    const start = process.hrtime.bigint();
    buildL2(new GitOpsApp({ outdir }), n).synth();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const folders = buildFolders(outdir);
  const times = folders.map((folder) => {
    const start = process.hrtime.bigint();
    execFileSync('kubectl', ['kustomize', folder], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 2 ** 30 });
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n,
    synthMs: sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2,
    folders: folders.length,
    kustomizeMaxMs: Math.max(...times),
    kustomizeTotalMs: times.reduce((a, b) => a + b, 0),
  };
}

/** Every folder under `dir` holding a Kustomization (not a kustomize Component). */
function buildFolders(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    const kustomization = path.join(d, 'kustomization.yaml');
    if (fs.existsSync(kustomization) && /^kind: Kustomization$/m.test(fs.readFileSync(kustomization, 'utf8'))) found.push(d);
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(d, entry.name));
  };
  walk(dir);
  return found.sort();
}
