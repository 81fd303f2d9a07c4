/**
 * Run before every test file (jest's setupFilesAfterEnv): the output folders cdk8s's
 * `Testing.app()` and `Testing.chart()` make in the temporary folder (`cdk8s.outdir.XXXXXX`, one
 * per call, most never written) are removed after the file, as temporaryFolders() does for ours.
 */
import * as fs from 'fs';
import { App, AppProps, Testing } from 'cdk8s';

const made: string[] = [];
const app = Testing.app.bind(Testing);
Object.defineProperty(Testing, 'app', {
  configurable: true,
  value: (props?: AppProps): App => {
    const created = app(props);
    if (props?.outdir === undefined) made.push(created.outdir);
    return created;
  },
});

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
