import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Yaml } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { GitOpsApp, IstioMtls } from '../../src';
import { buildEach } from '../support/kustomize';
import { expectValidDocuments } from '../support/schema';
import { temporaryFolders } from '../support/temp';

type Json = Record<string, any>;

const tmpOut = temporaryFolders('shards-');
/** Every file under `dir`, relative, with its text. */
const filesOf = (dir: string) => new Map(fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile())
  .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
const docsIn = (file: string): Json[] => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
/** The shard folders of chart `edge` in `outdir`. */
const shardsOf = (outdir: string) => fs.readdirSync(path.join(outdir, 'edge')).filter((f) => f.startsWith('shard-')).sort();

/** The documented rule, computed apart: the bits of a SHA-256 of group/kind/namespace/name. */
function hashBits(doc: Json): string {
  const group = doc.apiVersion.includes('/') ? doc.apiVersion.split('/')[0] : '';
  const digest = createHash('sha256').update(`${group}/${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`).digest();
  return [...digest.subarray(0, 6)].map((b) => b.toString(2).padStart(8, '0')).join('');
}

/**
 * An app of one Istio chart `edge` with Mappings route-<i> for each i of `routes`, written to
 * `outdir`, split at 10 objects: tens of routes cross that threshold as thousands cross the
 * default one, and the layout rules do not depend on its size (a synth of hundreds took most of
 * this file's time).
 */
function routesApp(outdir: string, routes: number[], options: ConstructorParameters<typeof GitOpsApp>[0] = {}): GitOpsApp {
  const app = new GitOpsApp({ outdir, sharding: { threshold: 10 }, ...options });
  const istio = new IstioMtls(new Chart(app, 'edge', { namespace: 'emissary' }), 'Istio', { externallyWired: true });
  for (const i of routes) istio.addMapping(`Route${i}`, { name: `route-${i}`, prefix: `/route-${i}/`, service: `svc-${i}.apps:8080` });
  return app;
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('GitOpsApp sharding', () => {
  test('a chart past the threshold: base/ and hash-prefix shard folders of at most threshold objects, each building alone', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(40)).synth();
    const shards = shardsOf(outdir);
    expect(fs.readdirSync(path.join(outdir, 'edge')).sort()).toEqual(['base', 'kustomization.yaml', ...shards]);
    expect(shards).toMatchSnapshot(); // the hash is part of the layout: pinned
    expect(parse(fs.readFileSync(path.join(outdir, 'edge', shards[0], 'kustomization.yaml'), 'utf8')))
      .toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['manifests.k8s.yaml'] });
    // The chart's own kustomization lists its folders, for a tool still pointed at the chart folder.
    expect(parse(fs.readFileSync(path.join(outdir, 'edge', 'kustomization.yaml'), 'utf8')).resources).toEqual(['base', ...shards]);
    const [base, ...shardsBuilt] = buildEach(['base', ...shards].map((f) => path.join(outdir, 'edge', f)));
    expect(base.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['TLSContext/istio-upstream']);
    shards.forEach((shard, i) => expect({ shard, built: shardsBuilt[i].length }).toEqual({ shard, built: docsIn(path.join(outdir, 'edge', shard, 'manifests.k8s.yaml')).length }));
    const all: Json[] = [];
    for (const shard of shards) {
      const built = docsIn(path.join(outdir, 'edge', shard, 'manifests.k8s.yaml'));
      // Every folder is a hash prefix: exactly the objects whose hash starts with its bits.
      for (const doc of built) expect(hashBits(doc).startsWith(shard.slice('shard-'.length))).toBe(true);
      expect(built.length).toBeLessThanOrEqual(10);
      expect(built.length).toBeGreaterThan(0);
      all.push(...built);
    }
    expect(shards.every((s) => !shards.some((t) => t !== s && t.startsWith(s)))).toBe(true); // leaves only: no folder is another's prefix
    expectValidDocuments(all);
    expect(new Set(all.map((d) => d.metadata.name)).size).toBe(40);
    // In a shard's file, objects are in file-name order: one changed route changes its own lines.
    const names = docsIn(path.join(outdir, 'edge', shards[0], 'manifests.k8s.yaml')).map((d) => d.metadata.name);
    expect(names).toEqual([...names].sort());
  });

  test('as the chart grows, no folder passes the threshold, and a folder that keeps its name keeps exactly its objects', () => {
    const outdir = tmpOut();
    let previous = new Map<string, string[]>();
    for (const n of [12, 20, 40, 80]) {
      routesApp(outdir, range(n)).synth();
      const layout = new Map(shardsOf(outdir).map((s) => [s, docsIn(path.join(outdir, 'edge', s, 'manifests.k8s.yaml')).map((d) => d.metadata.name)]));
      for (const names of layout.values()) expect(names.length).toBeLessThanOrEqual(10);
      expect([...layout.values()].flat().length).toBe(n);
      for (const [folder, names] of previous) {
        // Routes are only added here: a surviving folder holds what it held and maybe new routes;
        // a folder that is gone was split, and its routes are all in its halves.
        if (layout.has(folder)) expect(layout.get(folder)!.filter((name) => names.includes(name))).toEqual(names);
        else for (const name of names) expect([...layout].find(([, now]) => now.includes(name))![0].startsWith(folder)).toBe(true);
      }
      previous = layout;
    }
    expect(previous.size).toBeGreaterThanOrEqual(8); // 80 routes in folders of at most 10
  });

  test('adding or removing a route changes its own shard\'s file only; an unchanged synth writes nothing', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(40)).synth();
    const before = filesOf(outdir);
    const old = new Date(2000, 0, 1);
    for (const f of before.keys()) fs.utimesSync(path.join(outdir, f), old, old);
    routesApp(outdir, range(40)).synth();
    for (const f of before.keys()) expect(fs.statSync(path.join(outdir, f)).mtime).toEqual(old); // write-if-changed

    routesApp(outdir, [...range(40), 1000]).synth();
    const added = filesOf(outdir);
    const changed = [...added.keys()].filter((f) => added.get(f) !== before.get(f));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^edge\/shard-[01]+\/manifests\.k8s\.yaml$/);
    expect(added.get(changed[0])).toContain('name: route-1000');
    const touched = [...added.keys()].filter((f) => fs.statSync(path.join(outdir, f)).mtime.getTime() !== old.getTime());
    expect(touched).toEqual(changed);

    routesApp(outdir, range(39)).synth(); // route-39 removed
    const removed = filesOf(outdir);
    const changedAgain = [...removed.keys()].filter((f) => removed.get(f) !== before.get(f));
    expect(changedAgain).toHaveLength(1);
    expect(before.get(changedAgain[0])).toContain('name: route-39');
  });

  test('a re-synth renders only the shards whose objects changed, and restores a shard file edited by hand', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(40)).synth();
    const shards = shardsOf(outdir);
    const rendered = () => {
      const stringify = jest.spyOn(Yaml, 'stringify');
      try {
        routesApp(outdir, [...range(40), 1000]).synth();
        return stringify.mock.calls.filter((docs) => docs.some((d) => d?.kind === 'Mapping')).length;
      } finally {
        stringify.mockRestore();
      }
    };
    expect(rendered()).toBe(1); // route-1000's shard alone
    expect(rendered()).toBe(0); // nothing changed

    // The first line holds the hashes of the objects and of the text below it.
    const file = path.join(outdir, 'edge', shards[1], 'manifests.k8s.yaml');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^# cdk8s-ambassador-mtls: objects [0-9a-f]{32}, text [0-9a-f]{32}\napiVersion: getambassador\.io\/v3alpha1\n/);
    fs.writeFileSync(file, text.replace(/prefix: \/route-(\d+)\//, 'prefix: /hacked/'));
    expect(rendered()).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    fs.writeFileSync(file, text.replace(/objects [0-9a-f]{4}/, 'objects 0000'));
    expect(rendered()).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    fs.writeFileSync(file, text.split('\n').slice(1).join('\n')); // no header, as an older version wrote it
    expect(rendered()).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('a chart at or under the threshold keeps one folder and one file per object; crossing it re-lays the chart once', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(9)).synth(); // 10 objects: the TLSContext and 9 Mappings
    expect(fs.readdirSync(path.join(outdir, 'edge'))).toContain('Mapping.emissary.route-0.k8s.yaml');
    expect(fs.readdirSync(path.join(outdir, 'edge'))).not.toContain('base');
    routesApp(outdir, range(10)).synth();
    const files = [...filesOf(path.join(outdir, 'edge')).keys()];
    expect(files.filter((f) => !f.includes('/'))).toEqual(['kustomization.yaml']); // the per-object files of the old layout are gone
    expect(files).toContain(path.join('base', 'manifests.k8s.yaml'));
    expect(shardsOf(outdir)).toEqual(['shard-0', 'shard-1']); // 10 Mappings: split once, at least two shards
  });

  test('a fixed shard count: every folder written, empty or not; refused when a folder would pass the threshold', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(12), { sharding: { threshold: 10, shards: 4 } }).synth();
    expect(shardsOf(outdir)).toEqual(['shard-00', 'shard-01', 'shard-10', 'shard-11']);

    // A split chart whose base kinds are all gone, and a shard that holds nothing: the folders
    // stay, with an empty kustomization, so their Application or Kustomization prunes.
    const emptyOut = tmpOut();
    const app = new GitOpsApp({ outdir: emptyOut });
    const chart = new Chart(app, 'edge', { namespace: 'emissary' });
    GitOpsApp.shard(chart, { threshold: 1, shards: 32 });
    new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } });
    new ApiObject(chart, 'Dep', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } });
    app.synth();
    const folders = fs.readdirSync(path.join(emptyOut, 'edge')).filter((f) => f !== 'kustomization.yaml');
    expect(folders).toHaveLength(33); // base and 32 shards
    expect(parse(fs.readFileSync(path.join(emptyOut, 'edge', 'base', 'kustomization.yaml'), 'utf8')).resources).toEqual([]);
    expect(folders.filter((f) => fs.existsSync(path.join(emptyOut, 'edge', f, 'manifests.k8s.yaml')))).toHaveLength(2);
    const emptyBuilt = buildEach(folders.map((f) => path.join(emptyOut, 'edge', f)));
    expect(emptyBuilt[folders.indexOf('base')]).toEqual([]);
    expect(emptyBuilt.flat().map((d) => d.kind).sort()).toEqual(['Pod', 'Service']); // every folder builds, the empty ones to nothing

    expect(() => routesApp(tmpOut(), range(24), { sharding: { threshold: 10, shards: 2 } }).synth())
      .toThrow(/^edge: sharding\.shards 2 puts \d+ objects in shard-[01]\/ \(2 folder\(s\) past the threshold of 10\).*Fix: leave sharding\.shards unset, so that the shard count grows with the chart, or raise it \(4 for 25 objects\)/);

    // Few objects spread unevenly: the estimate from the count alone is the count given, and the
    // fix must still offer a higher one (3 Services whose hashes share their first two bits).
    const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'emissary' }, spec: { ports: [{ port: 80 }] } });
    const names = range(1000).map((s) => range(3).map((i) => `svc-${s}-${i}`))
      .find((trio) => new Set(trio.map((name) => hashBits(service(name)).slice(0, 2))).size === 1)!;
    const uneven = new GitOpsApp({ outdir: tmpOut() });
    const unevenChart = new Chart(uneven, 'edge', { namespace: 'emissary' });
    GitOpsApp.shard(unevenChart, { threshold: 2, shards: 4 });
    for (const name of names) new ApiObject(unevenChart, name, service(name));
    expect(() => uneven.synth()).toThrow(/^edge: sharding\.shards 4 puts 3 objects in shard-[01]{2}\/ .*or raise it \(8 for 3 objects\)$/);
  });

  test('GitOpsApp.shard sets one chart\'s numbers; the threshold counts base kinds apart; options are checked', () => {
    const outdir = tmpOut();
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'small', { namespace: 'emissary' });
    GitOpsApp.shard(chart, { threshold: 2 });
    // More base objects than the threshold: they are split too, into base-<bits>.
    for (const name of ['a', 'b', 'c', 'd', 'e']) new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } });
    new Chart(app, 'other'); // the app's default for the rest: not split
    app.synth();
    const folders = fs.readdirSync(path.join(outdir, 'small')).filter((f) => f !== 'kustomization.yaml');
    expect(folders.filter((f) => f.startsWith('base-')).length).toBeGreaterThanOrEqual(3);
    for (const built of buildEach(folders.map((f) => path.join(outdir, 'small', f)))) expect(built.length).toBeLessThanOrEqual(2);
    expect(folders.filter((f) => f.startsWith('shard-'))).toEqual(['shard-0', 'shard-1']);
    expect(() => GitOpsApp.shard(chart, { threshold: 0 })).toThrow(/^small: options\.threshold 0 is not a whole number of objects of at least 1/);
    expect(() => GitOpsApp.shard(chart, { shards: 1 })).toThrow(/small: options\.shards 1 is not a power of two from 2 to 1024: each shard folder is a prefix of its objects' hash\. Fix: give 2, 4, 8/);
    expect(() => GitOpsApp.shard(chart, { shards: 12 })).toThrow(/small: options\.shards 12 is not a power of two/);
    expect(() => GitOpsApp.shard(chart, { shards: 2048 })).toThrow(/small: options\.shards 2048 is not a power of two from 2 to 1024/);
    expect(() => GitOpsApp.shard({} as any)).toThrow(/GitOpsApp\.shard\(\): chart \{\} is not a Chart/);
    expect(() => new GitOpsApp({ sharding: { shards: 2.5 } })).toThrow(/GitOpsApp: sharding\.shards 2\.5 is not a power of two/);
    expect(() => new GitOpsApp({ sharding: { threshhold: 5 } as any })).toThrow(/GitOpsApp: sharding .*threshhold.* is not a known property/);
  });

  test('the text written for the same objects changes only with the objects hash', () => {
    // A synth keeps a shard file whose header says its objects and text are unchanged. So a
    // change to how the file is written (the header, the YAML options, the order) that left the
    // objects hash as it was would keep every earlier output in the old text, while a fresh synth
    // writes the new one: bump FORMAT in src/gitops/shard-files.ts with it (a cdk8s upgrade
    // changes FORMAT by itself), then add the pair this test prints. Keyed by the objects hash.
    const renderings: Record<string, string> = {
      '5ac61a5742678a4e82d4a8dbf9d3a26d': '73951e37c2d017ce38111d31f17cf5ae', // shard 1, cdk8s 2.70.106
    };
    const outdir = tmpOut();
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'edge', { namespace: 'emissary' });
    GitOpsApp.shard(chart, { threshold: 2 }); // base/ holds the two ConfigMaps, in one file
    new ApiObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data: { 'a.yaml': 'x: 1\n', 'b': 'yes' } });
    new ApiObject(chart, 'Empty', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty' } });
    new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } });
    app.synth();
    const [, objects, text] = /^# cdk8s-ambassador-mtls: objects ([0-9a-f]{32}), text ([0-9a-f]{32})\n/.exec(fs.readFileSync(path.join(outdir, 'edge', 'base', 'manifests.k8s.yaml'), 'utf8'))!;
    const known = renderings[objects];
    const problem = known === undefined
      ? `a new FORMAT or cdk8s version: add '${objects}': '${text}' to renderings`
      : `the text changed (${known} to ${text}) but the objects hash did not: bump FORMAT in src/gitops/shard-files.ts`;
    expect(known === text ? 'ok' : problem).toBe('ok');
  });

  test('resolves every object once per synth', () => {
    const outdir = tmpOut();
    const app = routesApp(outdir, range(24));
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      app.synth();
      expect(toJson.mock.calls.length).toBe(25);
    } finally {
      toJson.mockRestore();
    }
  });
});
