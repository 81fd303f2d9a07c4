import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { GitOpsApp, IstioMtls, Mapping } from '../../src';
import { kustomize as kubectlKustomize } from '../support/kubectl';
import { expectValidDocuments } from '../support/schema';

type Json = Record<string, any>;

const tmpOut = () => fs.mkdtempSync(path.join(os.tmpdir(), 'shards-'));
/** Every file under `dir`, relative, with its text. */
const filesOf = (dir: string) => new Map(fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile())
  .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
const kustomize = (dir: string): Json[] => parseAllDocuments(kubectlKustomize(dir)).map((d) => d.toJS());

/** An app of one Istio chart with `routes` Mappings (route-0 ... ), written to `outdir`. */
function routesApp(outdir: string, routes: number[], options: ConstructorParameters<typeof GitOpsApp>[0] = {}): GitOpsApp {
  const app = new GitOpsApp({ outdir, sharding: { threshold: 50, shards: 8 }, ...options });
  const istio = new IstioMtls(new Chart(app, 'edge', { namespace: 'emissary' }), 'Istio');
  for (const i of routes) istio.addMapping(`Route${i}`, { name: `route-${i}`, prefix: `/route-${i}/`, service: `svc-${i}.apps:8080` });
  return app;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('GitOpsApp sharding', () => {
  test('a chart past the threshold: base/ and shard folders, each building alone, every object exactly once', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(200)).synth();
    const folders = fs.readdirSync(path.join(outdir, 'edge')).sort();
    expect(folders).toEqual(['base', 'shard-0', 'shard-1', 'shard-2', 'shard-3', 'shard-4', 'shard-5', 'shard-6', 'shard-7']);
    expect(parse(fs.readFileSync(path.join(outdir, 'edge', 'shard-3', 'kustomization.yaml'), 'utf8')))
      .toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['manifests.k8s.yaml'] });
    const built = folders.map((f) => kustomize(path.join(outdir, 'edge', f)));
    // The TLSContext Mappings name comes first, in base/; the Mappings spread over the shards.
    expect(built[0].map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['TLSContext/istio-upstream']);
    const all = built.flat();
    expectValidDocuments(all);
    const keys = all.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(201);
    for (const shard of built.slice(1)) expect(shard.length).toBeLessThan(50); // 200 / 8, give or take the hash
    // In a shard's file, objects are in file-name order: one changed route changes its own lines.
    const names = parseAllDocuments(fs.readFileSync(path.join(outdir, 'edge', 'shard-0', 'manifests.k8s.yaml'), 'utf8')).map((d) => d.toJS().metadata.name);
    expect(names).toEqual([...names].sort());
  });

  test('adding or removing a route changes its own shard\'s file only; an unchanged synth writes nothing', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(200)).synth();
    const before = filesOf(outdir);
    const old = new Date(2000, 0, 1);
    for (const f of before.keys()) fs.utimesSync(path.join(outdir, f), old, old);
    routesApp(outdir, range(200)).synth();
    for (const f of before.keys()) expect(fs.statSync(path.join(outdir, f)).mtime).toEqual(old); // write-if-changed

    routesApp(outdir, [...range(200), 1000]).synth();
    const added = filesOf(outdir);
    const changed = [...added.keys()].filter((f) => added.get(f) !== before.get(f));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^edge\/shard-\d\/manifests\.k8s\.yaml$/);
    expect(added.get(changed[0])).toContain('name: route-1000');
    const touched = [...added.keys()].filter((f) => fs.statSync(path.join(outdir, f)).mtime.getTime() !== old.getTime());
    expect(touched).toEqual(changed);

    routesApp(outdir, range(199)).synth(); // route-199 removed
    const removed = filesOf(outdir);
    const changedAgain = [...removed.keys()].filter((f) => removed.get(f) !== before.get(f));
    expect(changedAgain).toHaveLength(1);
    expect(before.get(changedAgain[0])).toContain('name: route-199');
  });

  test('a chart at or under the threshold keeps one folder and one file per object; crossing it re-lays the chart once', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(49)).synth(); // 50 objects: the TLSContext and 49 Mappings
    expect(fs.readdirSync(path.join(outdir, 'edge'))).toContain('Mapping.emissary.route-0.k8s.yaml');
    expect(fs.readdirSync(path.join(outdir, 'edge'))).not.toContain('base');
    routesApp(outdir, range(50)).synth();
    const files = [...filesOf(path.join(outdir, 'edge')).keys()];
    expect(files.filter((f) => !f.includes('/'))).toEqual([]); // the per-object files of the old layout are gone
    expect(files).toContain(path.join('base', 'manifests.k8s.yaml'));
  });

  test('GitOpsApp.shard splits one chart from the start; the threshold counts base kinds apart', () => {
    const outdir = tmpOut();
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'small', { namespace: 'emissary' });
    GitOpsApp.shard(chart, { threshold: 2, shards: 2 });
    // More base objects than the threshold: they are hashed too, into base-N.
    for (const name of ['a', 'b', 'c', 'd']) new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } });
    new Chart(app, 'other'); // the app's default for the rest: not split
    app.synth();
    expect(fs.readdirSync(path.join(outdir, 'small')).sort()).toEqual(expect.arrayContaining(['base-0', 'base-1']));
    expect(fs.readdirSync(path.join(outdir, 'small')).filter((f) => f.startsWith('shard-'))).toHaveLength(1);
    expect(() => GitOpsApp.shard(chart, { threshold: 0 })).toThrow(/^small: options\.threshold 0 is not a whole number of objects of at least 1/);
    expect(() => GitOpsApp.shard(chart, { shards: 1 })).toThrow(/small: options\.shards 1 is not a whole number from 2 to 1000/);
    expect(() => GitOpsApp.shard({} as any)).toThrow(/GitOpsApp\.shard\(\): chart \{\} is not a Chart/);
    expect(() => new GitOpsApp({ sharding: { shards: 2.5 } })).toThrow(/GitOpsApp: sharding\.shards 2\.5 is not a whole number from 2 to 1000/);
    expect(() => new GitOpsApp({ sharding: { threshhold: 5 } as any })).toThrow(/GitOpsApp: sharding .*threshhold.* is not a known property/);
  });

  test('resolves every object once per synth', () => {
    const outdir = tmpOut();
    const app = routesApp(outdir, range(120));
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      app.synth();
      expect(toJson.mock.calls.length).toBe(121);
    } finally {
      toJson.mockRestore();
    }
  });
});

describe('GitOpsApp delivery', () => {
  const delivery = { repoUrl: 'https://git.example.com/platform/gitops.git', path: 'clusters/prod/edge', targetRevision: 'main' };

  test('a split chart: an ApplicationSet over its base and shard folders, Flux Kustomizations with the shards after base', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(100), { delivery }).synth();
    const appSet = parse(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'argocd-applicationset.yaml'), 'utf8'));
    expect(appSet).toMatchSnapshot();
    expect(appSet.spec.generators[0].git.directories).toEqual([{ path: 'clusters/prod/edge/edge/base*' }, { path: 'clusters/prod/edge/edge/shard-*' }]);
    const flux = parseAllDocuments(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'flux-kustomizations.yaml'), 'utf8')).map((d) => d.toJS());
    expect(flux.map((k) => k.metadata.name)).toEqual(['edge-base', ...range(8).map((i) => `edge-shard-${i}`)]);
    expect(flux[0].spec).toEqual({ interval: '10m', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: './clusters/prod/edge/edge/base', prune: true, wait: true });
    expect(flux[1].spec.dependsOn).toEqual([{ name: 'edge-base' }]);
    // Every Flux path is a folder with its own kustomization (the first test builds each of them).
    for (const k of flux) expect(fs.existsSync(path.join(outdir, k.spec.path.replace('./clusters/prod/edge/', ''), 'kustomization.yaml'))).toBe(true);
    // The delivery folder is no manifest folder: a chart folder build (unsplit) would ignore it too.
    expect(fs.existsSync(path.join(outdir, 'edge', 'delivery', 'kustomization.yaml'))).toBe(false);
  });

  test('an unsplit chart: one Application and one Kustomization for the chart folder', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(3), { delivery: { ...delivery, argoCd: { namespace: 'gitops', project: 'edge' }, flux: { sourceName: 'platform', interval: '1h', dependsOn: ['emissary-ingress'] } } }).synth();
    const appSet = parse(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'argocd-applicationset.yaml'), 'utf8'));
    expect(appSet.metadata).toEqual({ name: 'edge', namespace: 'gitops' });
    expect(appSet.spec.generators[0].git.directories).toEqual([{ path: 'clusters/prod/edge/edge' }]);
    expect(appSet.spec.template.spec.project).toBe('edge');
    const [flux] = parseAllDocuments(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'flux-kustomizations.yaml'), 'utf8')).map((d) => d.toJS());
    expect(flux.spec).toEqual({
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'platform' },
      path: './clusters/prod/edge/edge',
      prune: true,
      wait: true,
      dependsOn: [{ name: 'emissary-ingress' }], // the Kustomization installing Ambassador and its CRDs
    });
  });

  test('bad delivery options, and charts whose object names would collide, are errors', () => {
    const bad = (options: object) => () => new GitOpsApp({ delivery: { ...delivery, ...options } as any });
    expect(bad({ repoUrl: 'gitops' })).toThrow(/GitOpsApp: delivery\.repoUrl "gitops" is not a Git repository URL/);
    expect(bad({ repoUrl: 'https://x/{{.path}}' })).toThrow(/is not a Git repository URL/);
    expect(bad({ path: '../dist' })).toThrow(/delivery\.path "\.\.\/dist" is not a relative folder path inside the repository/);
    expect(bad({ path: '/dist' })).toThrow(/delivery\.path "\/dist" is not a relative folder path/);
    expect(bad({ targetRevision: 'main branch' })).toThrow(/delivery\.targetRevision "main branch" is not a branch, tag or commit/);
    expect(bad({ argoCd: { destinationServer: 'http://x' } })).toThrow(/delivery\.argoCd\.destinationServer "http:\/\/x" is not a cluster API URL/);
    expect(bad({ flux: { interval: '10 minutes' } })).toThrow(/delivery\.flux\.interval "10 minutes" is not a Go duration/);
    expect(bad({ flux: { sourceName: 'Flux System' } })).toThrow(/delivery\.flux\.sourceName "Flux System" is not a valid Kubernetes name/);
    const app = new GitOpsApp({ outdir: tmpOut(), delivery });
    new Chart(app, 'edge_a');
    new Chart(app, 'edge-a');
    expect(() => app.synth()).toThrow(/GitOpsApp: chart id "edge-a" makes the Argo CD and Flux object name "edge-a", which chart folder edge_a makes too/);
  });

  test('any value in any delivery option: our error, or files that parse to exactly the objects meant, the value in its field', () => {
    const fields = ['repoUrl', 'path', 'targetRevision', 'argoCd.namespace', 'argoCd.project', 'argoCd.destinationServer', 'flux.namespace', 'flux.sourceName', 'flux.interval'];
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('a\nkind: Secret', '{{.path}}', 'x: y', '"', "'", '#x', 'https://a/b c', 'main', '10m', 'ssh://git@h/r.git', '../x'),
      fc.integer(), fc.constant(undefined), fc.constant(null));
    fc.assert(fc.property(fc.constantFrom(...fields), value, (field, v) => {
      const options: any = { ...delivery, argoCd: {}, flux: {} };
      const [group, key] = field.split('.');
      if (key) options[group][key] = v;
      else options[group] = v;
      let app: GitOpsApp;
      const outdir = tmpOut();
      try {
        app = new GitOpsApp({ outdir, delivery: options });
      } catch (e) {
        expect((e as Error).constructor).toBe(Error);
        expect((e as Error).message).toMatch(/^GitOpsApp: delivery\.[\w.]+ .* Fix: \S/);
        return;
      }
      new Chart(app, 'edge', { namespace: 'emissary' });
      app.synth();
      const appSet = parseAllDocuments(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'argocd-applicationset.yaml'), 'utf8')).map((d) => d.toJS());
      const flux = parseAllDocuments(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'flux-kustomizations.yaml'), 'utf8')).map((d) => d.toJS());
      expect(appSet.map((d) => d.kind)).toEqual(['ApplicationSet']);
      expect(flux.map((d) => d.kind)).toEqual(['Kustomization']);
      if (field === 'repoUrl') expect(appSet[0].spec.generators[0].git.repoURL).toBe(v);
      if (field === 'flux.sourceName' && v != null) expect(flux[0].spec.sourceRef.name).toBe(v);
      fs.rmSync(outdir, { recursive: true, force: true });
    }), { numRuns: 150 });
  });

  test('generated names fit in 63 characters and never repeat across charts; namespace-less objects are refused', () => {
    const outdir = tmpOut();
    const long = 'payments-platform-edge-routes-europe-west-production-blue-green';
    routesApp(outdir, range(60), { delivery }); // chart "edge", split
    const app = new GitOpsApp({ outdir, sharding: { threshold: 50, shards: 16 }, delivery });
    const istio = new IstioMtls(new Chart(app, long, { namespace: 'emissary' }), 'Istio');
    for (const i of range(60)) istio.addMapping(`Route${i}`, { name: `route-${i}`, prefix: `/route-${i}/`, service: `svc-${i}.apps:8080` });
    app.synth();
    const flux = parseAllDocuments(fs.readFileSync(path.join(outdir, long, 'delivery', 'flux-kustomizations.yaml'), 'utf8')).map((d) => d.toJS());
    const names = flux.map((k) => k.metadata.name);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
    expect(names[0]).toMatch(/^payments-platform-edge-routes-europe-west-[a-z]+-[0-9a-f]{6}-base$/);
    const appSet = parse(fs.readFileSync(path.join(outdir, long, 'delivery', 'argocd-applicationset.yaml'), 'utf8'));
    expect(appSet.spec.template.metadata.name).toBe(`${names[0].replace(/-base$/, '')}-{{.path.basenameNormalized}}`);

    // A split chart "edge" makes edge-base; an unsplit chart "edge-base" would make it too.
    const clash = new GitOpsApp({ outdir: tmpOut(), sharding: { threshold: 1, shards: 2 }, delivery });
    new IstioMtls(new Chart(clash, 'edge', { namespace: 'emissary' }), 'Istio').addMapping('R', { prefix: '/r/', service: 'r.apps:80' });
    GitOpsApp.shard(new Chart(clash, 'edge-base', { namespace: 'emissary' }), { threshold: 100 });
    expect(() => clash.synth()).toThrow(/GitOpsApp: chart id "edge-base" makes the Argo CD and Flux object name "edge-base", which chart folder edge makes too/);

    // A chart with no namespace at all: its delivery objects supply one; mixed: an error.
    const bareOut = tmpOut();
    const bare = new GitOpsApp({ outdir: bareOut, delivery: { ...delivery, defaultNamespace: 'ambassador' } });
    new IstioMtls(new Chart(bare, 'bare'), 'Istio', { ambassadorNamespace: 'emissary' });
    bare.synth();
    expect(parse(fs.readFileSync(path.join(bareOut, 'bare', 'delivery', 'flux-kustomizations.yaml'), 'utf8')).spec.targetNamespace).toBe('ambassador');
    expect(parse(fs.readFileSync(path.join(bareOut, 'bare', 'delivery', 'argocd-applicationset.yaml'), 'utf8')).spec.template.spec.destination)
      .toEqual({ server: 'https://kubernetes.default.svc', namespace: 'ambassador' });
    const mixed = new GitOpsApp({ outdir: tmpOut(), delivery });
    const chart = new Chart(mixed, 'mixed');
    new IstioMtls(chart, 'Istio', { ambassadorNamespace: 'emissary' });
    new IstioMtls(chart, 'Other', { namespace: 'emissary', tlsContextName: 'other' });
    expect(() => mixed.synth()).toThrow(/^mixed: TLSContext\/-\/istio-upstream has no namespace, beside objects that have one.*Fix: give the chart \(or the object\) a namespace/);
  });

  test('a chart id that makes invalid object names is refused at synth, not applied', () => {
    const app = new GitOpsApp({ outdir: tmpOut() });
    new Mapping(new Chart(app, 'Edge_Routes', { namespace: 'emissary' }), 'Route', { prefix: '/r/', service: 'r.apps:80' });
    expect(() => app.synth()).toThrow(/^Edge_Routes: Mapping\/emissary\/edge_routes-route-[0-9a-f]+: metadata\.name "edge_routes-route-[0-9a-f]+" is not a Mapping name the API server accepts.*give the chart a lowercase id/);
  });
});
