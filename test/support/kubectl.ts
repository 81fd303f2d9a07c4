/** The tests that build kustomize folders run `kubectl kustomize`, as Argo CD and Flux build them. */
import { execFileSync } from 'child_process';

/**
 * `kubectl kustomize folder`, its YAML output. Where `kubectl` (with its built-in kustomize) is
 * not on PATH, it fails with what to install instead of a `spawnSync kubectl ENOENT`. It finds
 * that out from the build itself: a `kubectl kustomize --help` probe ahead of it cost each test
 * file one more start of kubectl (~0.1 s of CPU).
 */
export function kustomize(folder: string): string {
  try {
    return execFileSync('kubectl', ['kustomize', folder], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 2 ** 30 });
  } catch (e: any) {
    // kubectl before 1.14 has no kustomize command: `Error: unknown command "kustomize" for "kubectl"`.
    const missing = e.code === 'ENOENT' ? 'ENOENT' : /unknown command "kustomize"/.test(String(e.stderr)) ? 'kubectl has no kustomize command' : undefined;
    if (missing === undefined) throw e;
    throw new Error('these tests need kubectl on PATH (its built-in kustomize builds the output folders as Argo CD and Flux do): '
      + `${missing}. Install kubectl 1.21 or later (https://kubernetes.io/docs/tasks/tools/, or your package manager), then run the tests again.`);
  }
}
