import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { GitOpsApp, IstioMtls, IstioStrictMtls, Mapping } from '../../src';
import { kustomize } from '../support/kubectl';
import { expectValidDocuments } from '../support/schema';
import { temporaryFolders } from '../support/temp';

const tmpOut = temporaryFolders('gitops-');

describe('GitOpsApp', () => {
  test('writes one folder per chart, one file per object, namespace in the name, output files in subfolders', () => {
    const outdir = tmpOut();
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'mesh', { namespace: 'emissary' });
    new IstioStrictMtls(chart, 'Strict', { namespaces: ['bookinfo', 'shop'] });
    new IstioMtls(chart, 'Istio').addHelmValues({ path: 'helm/values.yaml' });
    app.synth();
    const files = fs.readdirSync(path.join(outdir, 'mesh'), { recursive: true }).map(String).sort();
    expect(files).toEqual([
      'PeerAuthentication.bookinfo.default.k8s.yaml',
      'PeerAuthentication.shop.default.k8s.yaml',
      'TLSContext.emissary.istio-upstream.k8s.yaml',
      'helm',
      path.join('helm', 'values.yaml'),
      'kustomization.yaml',
    ]);
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-ambassador-mtls-files', 'mesh']);
    // The kustomization lists exactly the manifests, so the chart folder builds on its own,
    // values and Components aside; every document built is schema-valid.
    expect(parse(fs.readFileSync(path.join(outdir, 'mesh', 'kustomization.yaml'), 'utf8'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['PeerAuthentication.bookinfo.default.k8s.yaml', 'PeerAuthentication.shop.default.k8s.yaml', 'TLSContext.emissary.istio-upstream.k8s.yaml'],
    });
    const built = parseAllDocuments(kustomize(path.join(outdir, 'mesh'))).map((d) => d.toJS());
    expect(built.map((d) => `${d.kind}/${d.metadata.namespace}`).sort())
      .toEqual(['PeerAuthentication/bookinfo', 'PeerAuthentication/shop', 'TLSContext/emissary']);
    expectValidDocuments(built);
    expect(parse(fs.readFileSync(path.join(outdir, 'mesh', 'PeerAuthentication.shop.default.k8s.yaml'), 'utf8')).metadata)
      .toEqual({ name: 'default', namespace: 'shop' });
  });

  test('two objects that would share a file are an error, not a silent overwrite', () => {
    const app = new GitOpsApp({ outdir: tmpOut() });
    const chart = new Chart(app, 'dup');
    new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'a' } });
    new ApiObject(chart, 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'a' } });
    expect(() => app.synth()).toThrow(/dup: ConfigMap "x" in namespace "a" is defined twice \(both would be written to ConfigMap\.a\.x\.k8s\.yaml\): the cluster would keep only one/);
  });

  test('synthesizes byte-identical output twice', () => {
    const render = () => {
      const outdir = tmpOut();
      const app = new GitOpsApp({ outdir });
      new IstioMtls(new Chart(app, 'c', { namespace: 'emissary' }), 'Istio').addKustomizeComponent();
      app.synth();
      const files = fs.readdirSync(outdir, { recursive: true }).map(String).sort();
      return files.map((f) => [f, fs.statSync(path.join(outdir, f)).isFile() ? fs.readFileSync(path.join(outdir, f), 'utf8') : '']);
    };
    expect(render()).toEqual(render());
  });

  test('a chart id that makes invalid object names is refused at synth, not applied', () => {
    const app = new GitOpsApp({ outdir: tmpOut() });
    new Mapping(new Chart(app, 'Edge_Routes', { namespace: 'emissary' }), 'Route', { prefix: '/r/', service: 'r.apps:80' });
    expect(() => app.synth()).toThrow(/^Edge_Routes: Mapping\/emissary\/edge_routes-route-[0-9a-f]+: metadata\.name "edge_routes-route-[0-9a-f]+" is not a Mapping name the API server accepts.*give the chart a lowercase id/);
  });
});
