import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A maker of temporary folders (`<tmp>/<prefix>XXXXXX`) that are all removed after the test file
 * (jest's afterAll), so the tests leave nothing behind. Call it at the top level of a test file.
 */
export function temporaryFolders(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
