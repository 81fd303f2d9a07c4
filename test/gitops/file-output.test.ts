import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { GitOpsApp, IstioMtls } from '../../src';
import { temporaryFolders } from '../support/temp';

const tmp = temporaryFolders('file-output-');
const INDEX = '.cdk8s-ambassador-mtls-files';

/** An app with an Istio chart per id (routes named after it), written to `outdir`. */
function appWith(outdir: string, charts: Record<string, string[]>): GitOpsApp {
  const app = new GitOpsApp({ outdir });
  for (const [id, routes] of Object.entries(charts)) {
    const istio = new IstioMtls(new Chart(app, id, { namespace: 'emissary' }), 'Istio', { tlsContextName: `${id}-upstream` });
    istio.addHelmValues({ path: 'helm/values.yaml' });
    for (const r of routes) istio.addMapping(r, { name: r, prefix: `/${r}/`, service: `${r}.apps:8080` });
  }
  return app;
}

/** A folder outside the output holding two files of its own, and a snapshot of them. */
function outsideFolder(): { dir: string; contents: () => Record<string, string> } {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'not ours');
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [someone-elses.yaml]\n');
  const contents = () => Object.fromEntries(fs.readdirSync(dir, { recursive: true }).map(String).sort()
    .map((f) => [f, fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : '<folder>']));
  return { dir, contents };
}

/** An output of chart edge whose kustomization.yaml is replaced by `link(outsideFile, file)`, and the outside folder. */
function linkedKustomization(link: (target: string, file: string) => void) {
  const outdir = tmp();
  appWith(outdir, { edge: ['a'] }).synth();
  const outside = outsideFolder();
  const before = outside.contents();
  const file = path.join(outdir, 'edge', 'kustomization.yaml');
  fs.rmSync(file);
  link(path.join(outside.dir, 'kustomization.yaml'), file);
  return { outdir, outside, before, file };
}

describe('GitOpsApp file output: confined by real path, removing only what it wrote', () => {
  test('a chart folder that is a symbolic link leaving the output: an error naming the link, nothing written or removed there', () => {
    const outdir = tmp();
    const outside = outsideFolder();
    const before = outside.contents();
    fs.symlinkSync(outside.dir, path.join(outdir, 'edge'));
    expect(() => appWith(outdir, { edge: ['a'] }).synth())
      .toThrow(/^GitOpsApp: output folder "edge" is a symbolic link \(to ".*"\) that leaves the output folder: GitOpsApp never writes, reads or removes through it\. Fix: remove the link/);
    expect(outside.contents()).toEqual(before);
  });

  test('a kustomization.yaml that is a symbolic link leaving the output: an error naming it, its target unchanged', () => {
    const { outdir, outside, before } = linkedKustomization(fs.symlinkSync);
    expect(() => appWith(outdir, { edge: ['a', 'b'] }).synth())
      .toThrow(/^GitOpsApp: output file "edge\/kustomization\.yaml" is a symbolic link \(to ".*kustomization\.yaml"\) that leaves the output folder/);
    expect(outside.contents()).toEqual(before);
  });

  test('files of a removed chart behind a folder link that leaves the output are not removed through it', () => {
    const outdir = tmp();
    appWith(outdir, { edge: ['a'], old: ['b'] }).synth();
    // The folder "old" is replaced by a link to a folder with files of the same names.
    const outside = outsideFolder();
    fs.cpSync(path.join(outdir, 'old'), outside.dir, { recursive: true });
    const before = outside.contents();
    fs.rmSync(path.join(outdir, 'old'), { recursive: true });
    fs.symlinkSync(outside.dir, path.join(outdir, 'old'));
    expect(() => appWith(outdir, { edge: ['a'] }).synth()).toThrow(/output folder "old" is a symbolic link .* that leaves the output folder/);
    expect(outside.contents()).toEqual(before);
  });

  test('a kustomization.yaml that is a hard link to a file outside: an error naming it, the other name unchanged', () => {
    const { outdir, outside, before, file } = linkedKustomization(fs.linkSync);
    expect(() => appWith(outdir, { edge: ['a', 'b'] }).synth())
      .toThrow(/^GitOpsApp: output file "edge\/kustomization\.yaml" is a hard link \(one file under 2 names, maybe outside the output folder\): GitOpsApp never writes through it\. Fix: remove .*kustomization\.yaml/);
    expect(outside.contents()).toEqual(before);
    // Removed, the file is written anew; a hard link whose content is already right is left alone.
    fs.rmSync(file);
    appWith(outdir, { edge: ['a', 'b'] }).synth();
    expect(fs.readFileSync(file, 'utf8')).toContain('Mapping.emissary.b.k8s.yaml');
    expect(fs.statSync(file).nlink).toBe(1);
  });

  test('a folder link that stays inside the output is followed', () => {
    const outdir = tmp();
    fs.mkdirSync(path.join(outdir, 'real-edge'));
    fs.symlinkSync(path.join(outdir, 'real-edge'), path.join(outdir, 'edge'));
    appWith(outdir, { edge: ['a'] }).synth();
    expect(fs.readdirSync(path.join(outdir, 'real-edge'))).toContain('kustomization.yaml');
  });

  test('a hand-kept file is never removed; the files of removed objects and charts are, by the index', () => {
    const outdir = tmp();
    appWith(outdir, { edge: ['a', 'b'], old: ['c'] }).synth();
    fs.writeFileSync(path.join(outdir, 'edge', 'README.md'), 'kept by hand');
    fs.mkdirSync(path.join(outdir, 'edge', 'notes'));
    fs.writeFileSync(path.join(outdir, 'edge', 'notes', 'patch.yaml'), 'kept by hand');
    fs.writeFileSync(path.join(outdir, 'old', 'OWNERS'), 'kept by hand');
    const index = fs.readFileSync(path.join(outdir, INDEX), 'utf8');
    expect(index.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([
      'edge/Mapping.emissary.a.k8s.yaml', 'edge/Mapping.emissary.b.k8s.yaml', 'edge/TLSContext.emissary.edge-upstream.k8s.yaml',
      'edge/helm/values.yaml', 'edge/kustomization.yaml',
      'old/Mapping.emissary.c.k8s.yaml', 'old/TLSContext.emissary.old-upstream.k8s.yaml', 'old/helm/values.yaml', 'old/kustomization.yaml',
    ]);

    appWith(outdir, { edge: ['a'] }).synth(); // route b and chart old removed
    expect(fs.readdirSync(path.join(outdir, 'edge')).sort())
      .toEqual(['Mapping.emissary.a.k8s.yaml', 'README.md', 'TLSContext.emissary.edge-upstream.k8s.yaml', 'helm', 'kustomization.yaml', 'notes']);
    expect(fs.readFileSync(path.join(outdir, 'edge', 'notes', 'patch.yaml'), 'utf8')).toBe('kept by hand');
    // The removed chart's files are gone, its folders too where nothing else was left.
    expect(fs.readdirSync(path.join(outdir, 'old'))).toEqual(['OWNERS']);
    expect(fs.readFileSync(path.join(outdir, INDEX), 'utf8')).not.toContain('old/');
  });

  test('every path GitOpsApp writes is one its index takes back: a file starting with a dot is listed, kept, then removed', () => {
    const outdir = tmp();
    const withValues = (values: boolean) => {
      const app = new GitOpsApp({ outdir });
      const istio = new IstioMtls(new Chart(app, 'edge', { namespace: 'emissary' }), 'Istio');
      if (values) istio.addHelmValues({ path: 'helm/.values.yaml' });
      app.synth();
    };
    withValues(true);
    withValues(true); // reads the index the first synth wrote
    expect(fs.readFileSync(path.join(outdir, INDEX), 'utf8').split('\n')).toContain('edge/helm/.values.yaml');
    withValues(false);
    expect(fs.existsSync(path.join(outdir, 'edge', 'helm'))).toBe(false);
  });

  test('without the index (an older output), nothing is removed; a tampered or linked index is an error', () => {
    const outdir = tmp();
    appWith(outdir, { edge: ['a', 'b'] }).synth();
    fs.rmSync(path.join(outdir, INDEX));
    appWith(outdir, { edge: ['a'] }).synth();
    expect(fs.existsSync(path.join(outdir, 'edge', 'Mapping.emissary.b.k8s.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(outdir, INDEX), 'utf8')).not.toContain('Mapping.emissary.b');

    const outside = outsideFolder();
    const before = outside.contents();
    fs.appendFileSync(path.join(outdir, INDEX), `../${path.basename(outside.dir)}/unrelated.txt\n`);
    expect(() => appWith(outdir, { edge: ['a'] }).synth())
      .toThrow(/^GitOpsApp: \.cdk8s-ambassador-mtls-files "\.\.\/.*\/unrelated\.txt" is not a path GitOpsApp writes.*Fix: restore \.cdk8s-ambassador-mtls-files from Git, or delete it/);
    fs.rmSync(path.join(outdir, INDEX));
    fs.writeFileSync(path.join(outside.dir, 'index'), 'edge/Mapping.emissary.a.k8s.yaml\n');
    fs.symlinkSync(path.join(outside.dir, 'index'), path.join(outdir, INDEX));
    expect(() => appWith(outdir, { edge: ['a'] }).synth()).toThrow(/output file "\.cdk8s-ambassador-mtls-files" is a symbolic link .* that leaves the output folder/);
    expect(fs.readFileSync(path.join(outside.dir, 'index'), 'utf8')).toBe('edge/Mapping.emissary.a.k8s.yaml\n');
    expect(outside.contents()).toEqual({ ...before, index: 'edge/Mapping.emissary.a.k8s.yaml\n' });
  });

  test('a file of a removed object replaced by a link is left alone, link and target', () => {
    const outdir = tmp();
    appWith(outdir, { edge: ['a', 'b'] }).synth();
    const outside = outsideFolder();
    const file = path.join(outdir, 'edge', 'Mapping.emissary.b.k8s.yaml');
    fs.rmSync(file);
    fs.symlinkSync(path.join(outside.dir, 'unrelated.txt'), file);
    appWith(outdir, { edge: ['a'] }).synth();
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(outside.dir, 'unrelated.txt'), 'utf8')).toBe('not ours');
  });

  test('a plain cdk8s App writing output files is confined the same way', () => {
    const outdir = tmp();
    const outside = outsideFolder();
    const before = outside.contents();
    fs.mkdirSync(path.join(outdir, 'mesh'));
    fs.symlinkSync(outside.dir, path.join(outdir, 'mesh', 'helm'));
    const app = new App({ outdir });
    new IstioMtls(new Chart(app, 'mesh', { namespace: 'emissary' }), 'Istio').addHelmValues({ path: 'helm/values.yaml' });
    expect(() => app.synth()).toThrow(/^OutputFile\.writeAll\(\): output folder "mesh\/helm" is a symbolic link .* that leaves the output folder/);
    expect(outside.contents()).toEqual(before);
  });
});
