/**
 * Validation of the Argo CD and Flux objects GitOpsApp writes against those projects' APIs
 * (see delivery-api-check.mjs): types, enums, required fields and, unlike the packages alone, no
 * undeclared field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createSyncFn } from 'synckit';
import { parseAllDocuments } from 'yaml';

type Json = Record<string, any>;

let check: ((json: string) => string[]) | undefined;

/** Every problem found in `docs` (ApplicationSets, Applications, Kustomizations), as `Kind/name: message` lines. */
export function deliveryApiErrors(docs: Json[]): string[] {
  // A timeout, or a worker that fails to load (or exits) would leave this thread waiting for ever:
  // synckit has no default, and Atomics.wait is not woken by the worker's error
  // (nodejs/node#51679); with one, the test fails with the worker's own error.
  check ??= createSyncFn<(json: string) => Promise<string[]>>(path.join(__dirname, 'delivery-api-check.mjs'), { timeout: 60_000 });
  return check(JSON.stringify(docs));
}

/** Throws with every API problem in `docs`. */
export function expectValidDelivery(docs: Json[]): void {
  const errors = deliveryApiErrors(docs);
  if (errors.length > 0) throw new Error(`delivery objects fail Argo CD's or Flux's API:\n  ${errors.join('\n  ')}`);
}

/** The documents of every delivery file under `outdir` (`<chart>/delivery/{argocd,flux}/*.yaml`). */
export function deliveryDocuments(outdir: string): Json[] {
  const files = fs.readdirSync(outdir, { recursive: true }).map(String).filter((f) => /(^|[/\\])delivery[/\\](argocd|flux)[/\\][^/\\]+\.yaml$/.test(f)).sort();
  return files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS()));
}
