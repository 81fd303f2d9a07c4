/**
 * open(2) with O_NOFOLLOW fails on a symbolic link with an error code that differs by platform:
 * ELOOP on Linux and macOS, EMLINK on FreeBSD, EFTYPE on NetBSD. GitOpsApp must name the link
 * whichever it gets. This machine gives ELOOP, so open is made to fail the other ways here
 * (fs is mocked for this file alone: the modules under test see the same `openSync`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { GitOpsApp, IstioMtls } from '../../src';
import { temporaryFolders } from '../support/temp';

jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return { ...actual, openSync: jest.fn(actual.openSync) };
});

const tmp = temporaryFolders('file-link-errno-');
const realOpen: typeof fs.openSync = jest.requireActual('fs').openSync;

function synth(outdir: string, routes: string[]): void {
  const app = new GitOpsApp({ outdir });
  const istio = new IstioMtls(new Chart(app, 'edge', { namespace: 'emissary' }), 'Istio', { externallyWired: true });
  for (const r of routes) istio.addMapping(r, { name: r, prefix: `/${r}/`, service: `${r}.apps:8080` });
  app.synth();
}

afterEach(() => (fs.openSync as jest.Mock).mockImplementation(realOpen));

test.each(['ELOOP', 'EMLINK', 'EFTYPE'])('a kustomization.yaml linked outside the output is named as a link when open fails with %s', (code) => {
  const outdir = tmp();
  synth(outdir, ['a']);
  const outside = tmp();
  const target = path.join(outside, 'kustomization.yaml');
  fs.writeFileSync(target, 'resources: [someone-elses.yaml]\n');
  const link = path.join(outdir, 'edge', 'kustomization.yaml');
  fs.rmSync(link);
  fs.symlinkSync(target, link);
  (fs.openSync as jest.Mock).mockImplementation((file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode | null) => {
    if (file === link) throw Object.assign(new Error(`${code}: cannot open '${file}'`), { code });
    return realOpen(file, flags, mode);
  });
  expect(() => synth(outdir, ['a', 'b']))
    .toThrow(/^GitOpsApp: output file "edge\/kustomization\.yaml" is a symbolic link \(to ".*kustomization\.yaml"\) that leaves the output folder/);
  expect(fs.openSync).toHaveBeenCalledWith(link, expect.anything(), expect.anything());
  expect(fs.readFileSync(target, 'utf8')).toBe('resources: [someone-elses.yaml]\n');
});
