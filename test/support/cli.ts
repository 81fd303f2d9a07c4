/** Runs the command line in-process, as `npx cdk8s-ambassador-mtls` would. */
import { main } from '../../src/cli/main';

/** Runs the command line in-process; returns its exit code and what it printed. */
export function cli(args: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => ((stderr += String(s)), true));
  try {
    return { code: main(args, () => stdin), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
