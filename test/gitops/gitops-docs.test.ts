/**
 * The delivery instructions (docs/gitops.md) are real: the commands apply files that synth writes, the label
 * they list by is the one the objects carry, and the .gitignore lines do what README says in an
 * app made by `cdk8s init`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { temporaryFolders } from '../support/temp';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'docs', 'gitops.md'), 'utf8');
const DIST = path.join(ROOT, 'dist');
const tmp = temporaryFolders('readme-delivery-');

const charts = () => fs.readdirSync(DIST, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('docs/gitops.md: delivering the output', () => {
  test('the apply commands name the delivery files of every chart, and list by the label they carry', () => {
    const commands = [...new Set([...README.matchAll(/^ *for f in (dist\/\*\/delivery\/[^ ]+); do kubectl create --save-config -f "\$f"; done$/gm)].map((m) => m[1]))];
    expect(commands).toEqual(['dist/*/delivery/argocd/applicationset.yaml', 'dist/*/delivery/flux/kustomizations.yaml']);
    for (const glob of commands) {
      for (const chart of charts()) expect(fs.existsSync(path.join(ROOT, glob.replace('*', chart)))).toBe(true);
    }
    const labels = [...README.matchAll(/-l cdk8s-ambassador-mtls\/app=([a-z0-9-]+)/g)].map((m) => m[1]);
    expect(labels.length).toBe(3);
    const appSet = parse(fs.readFileSync(path.join(DIST, 'istio', 'delivery', 'argocd', 'applicationset.yaml'), 'utf8'));
    for (const label of labels) expect(appSet.metadata.labels['cdk8s-ambassador-mtls/app']).toBe(label);
    expect(README).toContain(`\`${appSet.metadata.name}\``);
  });

  test('the .gitignore lines make a cdk8s init app commit its output, the index included, and not construct-metadata.json', () => {
    const [, lines] = /```gitignore\n([\s\S]*?)```/.exec(README)!;
    const repo = tmp();
    const template = fs.readFileSync(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', '{{}}.gitignore'), 'utf8'); // sscaff names it so in the package
    expect(template.split('\n')).toContain('dist/'); // what README says: the template ignores the output
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, '.gitignore'), `${template.trimEnd()}\n${lines}`);
    for (const file of ['dist/istio/Mapping.emissary.a.k8s.yaml', 'dist/.cdk8s-ambassador-mtls-files', 'dist/construct-metadata.json']) {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), '');
    }
    expect(git('status', '--porcelain', '--untracked-files=all').split('\n').filter((l) => l !== '').sort())
      .toEqual(['?? .gitignore', '?? dist/.cdk8s-ambassador-mtls-files', '?? dist/istio/Mapping.emissary.a.k8s.yaml']);
  });

  test('Flux files apply themselves from Git; replacing the Kustomizations of an earlier version deletes none of their objects', () => {
    // A chart crossing the sharding threshold: one Kustomization becomes base + shards, with other names.
    const flux = parseAllDocuments(fs.readFileSync(path.join(DIST, 'route-table', 'delivery', 'flux', 'kustomizations.yaml'), 'utf8')).map((d) => d.toJS());
    expect(flux.map((k) => k.metadata.name)).not.toContain(flux[0].metadata.name.replace(/-base$/, ''));
    // The last one applies the file itself and prunes the Kustomizations it no longer lists.
    const self = flux[flux.length - 1];
    expect(self.metadata.name).toBe(flux[0].metadata.name.replace(/-base$/, '-delivery'));
    expect(self.spec).toMatchObject({ path: './dist/route-table/delivery/flux', prune: true });
    expect(README).toContain('`<prefix><chart>-delivery`');
    // So no other Kustomization may apply the file too: two would take the objects from each other.
    expect(README).not.toMatch(/commit the delivery files where your[^.]*Flux bootstrap Kustomization\s+syncs/);
    expect(README).toMatch(/do not also sync `delivery\/flux\/` from your bootstrap Kustomization/);
    // Kustomizations of an earlier version: README deletes every one of the app by its label, in its namespace, then creates them all again.
    const [, block] = /- Flux: nothing to apply again\.[\s\S]*?```sh\n([\s\S]*?)```/.exec(README) ?? [];
    const lines = (block ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const { namespace, labels } = flux[0].metadata;
    expect(lines).toEqual([
      `kubectl delete kustomizations -n ${namespace} -l cdk8s-ambassador-mtls/app=${labels['cdk8s-ambassador-mtls/app']}`,
      'for f in dist/*/delivery/flux/kustomizations.yaml; do kubectl create --save-config -f "$f"; done',
    ]);
    // Which is safe only because deleting one leaves its objects.
    for (const k of flux) expect(k.spec.deletionPolicy).toBe('Orphan');
  });

  test('the Flux release README names for deletionPolicy is the one that added the field', () => {
    // kustomize-controller's CHANGELOG: 1.5.0 (2025-02-18, shipped in Flux 2.5.0) "Allow control of
    // finalization garbage collection" (fluxcd/kustomize-controller#1314). An older CRD lacks the field.
    const [, version] = /`deletionPolicy: Orphan`[^.]*?\. It needs Flux (\d+\.\d+) or\s+later \(kustomize-controller 1\.5\.0\)/.exec(README) ?? [];
    expect(version).toBe('2.5');
    expect(README).not.toMatch(/deletionPolicy[^\n]*Flux 2\.[0-4]\b/);
  });

  test('the index README describes is in dist/ and lists exactly the files of the charts', () => {
    const listed = fs.readFileSync(path.join(DIST, '.cdk8s-ambassador-mtls-files'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const onDisk = fs.readdirSync(DIST, { recursive: true }).map(String)
      .filter((f) => f.includes(path.sep) && fs.statSync(path.join(DIST, f)).isFile())
      .map((f) => f.split(path.sep).join('/')).sort();
    expect(listed).toEqual(onDisk);
    expect(README).toContain('`.cdk8s-ambassador-mtls-files`');
  });
});
