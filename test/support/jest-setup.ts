/**
 * Run before every test file (jest's setupFilesAfterEnv): cdk8s's `Testing.app()` and
 * `Testing.chart()` make an output folder per call in the temporary folder (`mkdtemp`), though
 * most apps of a test are never written. Here each gets a path of its own instead,
 * `<tmp>/cdk8s-outdirs-XXXXXX/app-<n>`, not created: `App.synth()` creates its outdir itself
 * (`mkdirSync(outdir, { recursive: true })`, cdk8s lib/app.js), and so does `GitOpsApp` and
 * `OutputFile.writeAll()`. An app that is written still gets a fresh folder no other app shares;
 * one that is not costs no system call (properties.test.ts makes ~1,160 apps: in a profile, the
 * mkdtemp and the removal of each took ~1.5 s of its ~6 s, mostly waiting on the disk). The one
 * folder is removed after the file, as temporaryFolders() does for ours.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Testing } from 'cdk8s';

let folder: string | undefined;
let made = 0;
const app = Testing.app.bind(Testing);
Object.defineProperty(Testing, 'app', {
  configurable: true,
  value: (props?: AppProps): App => {
    if (props?.outdir !== undefined) return app(props);
    folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-outdirs-'));
    return app({ ...props, outdir: path.join(folder, `app-${++made}`) });
  },
});

afterAll(() => {
  if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});
