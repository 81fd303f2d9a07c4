/**
 * `check` over a folder of N routes, as a pipeline runs it on a GitOps repository: the l2 app
 * written by `GitOpsApp` (shard folders), then `check` on the folder (reading, decoding and
 * parsing with positions, schemas, names and every rule), against the floor: reading the same
 * files and parsing them with the `yaml` library, nothing else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildL2 } from './synth-l2';
import { GitOpsApp } from '../../src';
import { runCheck } from '../../src/cli/check-command';
import { readInputs } from '../../src/cli/read-inputs';

/** What one check measurement found. */
export interface CheckResult {
  readonly n: number;
  readonly files: number;
  readonly objects: number;
  /** Median ms of `check` on the folder (text output, exit 0 expected). */
  readonly checkMs: number;
  /** Median ms of reading the same files and parsing them with `yaml`. */
  readonly floorMs: number;
}

export function measureCheck(n: number, runs: number): CheckResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-check-${n}-`));
  try {
    buildL2(new GitOpsApp({ outdir }), n).synth();
    const options = { format: 'text' as const, externalTlsContexts: [], externalResolvers: [], crds: [], toolVersion: 'bench' };
    const files = readInputs([outdir], () => '').inputs;
    const floor = () => {
      let documents = 0;
      for (const file of readInputs([outdir], () => '').inputs) documents += parseAllDocuments(file.bytes.toString('utf8')).map((d) => d.toJS()).length;
      return documents;
    };
    const check = () => {
      const result = runCheck(readInputs([outdir], () => ''), options);
      if (result.exitCode !== 0) throw new Error(`check found problems in the benchmark's own app:\n${result.stdout.slice(0, 2000)}`);
      return Number(/(\d+) object\(s\) read/.exec(result.stdout)?.[1]);
    };
    const time = (f: () => number) => {
      const start = process.hrtime.bigint();
      f();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const objects = check(); // warm-up, and the count
    floor();
    const checkMs: number[] = [];
    const floorMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      floorMs.push(time(floor));
      checkMs.push(time(check));
    }
    return { n, files: files.length, objects, checkMs: median(checkMs), floorMs: median(floorMs) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The `check:` line the README's performance table reports. */
export function checkLine(c: CheckResult): string {
  return `check: N=${c.n} files=${c.files} objects=${c.objects} check_ms=${Math.round(c.checkMs)} parse_floor_ms=${Math.round(c.floorMs)} check/floor=${(c.checkMs / c.floorMs).toFixed(2)}`;
}
