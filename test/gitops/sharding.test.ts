import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { GitOpsApp, IstioMtls } from '../../src';
import { kustomize as kubectlKustomize } from '../support/kubectl';
import { expectValidDocuments } from '../support/schema';
import { temporaryFolders } from '../support/temp';

type Json = Record<string, any>;

const tmpOut = temporaryFolders('shards-');
/** Every file under `dir`, relative, with its text. */
const filesOf = (dir: string) => new Map(fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile())
  .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
const kustomize = (dir: string): Json[] => parseAllDocuments(kubectlKustomize(dir)).map((d) => d.toJS());

/** An app of one Istio chart with `routes` Mappings (route-0 ... ), written to `outdir`. */
function routesApp(outdir: string, routes: number[], options: ConstructorParameters<typeof GitOpsApp>[0] = {}): GitOpsApp {
  const app = new GitOpsApp({ outdir, sharding: { threshold: 50, shards: 8 }, ...options });
  const istio = new IstioMtls(new Chart(app, 'edge', { namespace: 'emissary' }), 'Istio', { externallyWired: true });
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
