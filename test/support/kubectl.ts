/** The tests that build kustomize folders run `kubectl kustomize`, as Argo CD and Flux build them. */
import { execFileSync, spawnSync } from 'child_process';

let checked: string | undefined;

/**
 * Fails with what to install when `kubectl` (with its built-in kustomize) is not on PATH, instead
 * of a `spawnSync kubectl ENOENT` in the middle of a test. Call it in `beforeAll`.
 */
export function requireKubectl(): void {
  if (checked === 'ok') return;
  const probe = spawnSync('kubectl', ['kustomize', '--help'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('these tests need kubectl on PATH (its built-in kustomize builds the output folders as Argo CD and Flux do): '
      + `${probe.error ? (probe.error as NodeJS.ErrnoException).code : `kubectl kustomize --help exited ${probe.status}`}. `
      + 'Install kubectl 1.21 or later (https://kubernetes.io/docs/tasks/tools/, or your package manager), then run the tests again.');
  }
  checked = 'ok';
}

/** `kubectl kustomize folder`, its YAML output. */
export function kustomize(folder: string): string {
  requireKubectl();
  return execFileSync('kubectl', ['kustomize', folder], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 2 ** 30 });
}
