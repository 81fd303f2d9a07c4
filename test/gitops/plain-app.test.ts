import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { IstioMtls } from '../../src';
import { temporaryFolders } from '../support/temp';

const tmpOut = temporaryFolders('plain-app-');

describe('a plain cdk8s App', () => {
  test('writes Helm values and kustomize Components too, beside its manifests', () => {
    const outdir = tmpOut();
    const app = new App({ outdir });
    const istio = new IstioMtls(new Chart(app, 'mesh', { namespace: 'emissary' }), 'Istio');
    istio.addHelmValues({ path: 'helm/values.yaml' });
    istio.addKustomizeComponent({ deploymentName: 'emissary-ingress' });
    app.synth();
    const files = (fs.readdirSync(outdir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual([
      path.join('mesh', 'helm', 'values.yaml'),
      path.join('mesh', 'kustomize', 'istio-mtls', 'ambassador-istio-patch.yaml'),
      path.join('mesh', 'kustomize', 'istio-mtls', 'kustomization.yaml'),
      'mesh.k8s.yaml',
    ].sort());
    expect(parse(fs.readFileSync(path.join(outdir, 'mesh', 'helm', 'values.yaml'), 'utf8'))).toEqual(istio.helmValues());
  });

  test('writes them once per synth, and an app without output files is left as cdk8s made it', () => {
    const outdir = tmpOut();
    const app = new App({ outdir });
    const synth = app.synth;
    new IstioMtls(new Chart(app, 'a', { namespace: 'emissary' }), 'Istio');
    expect(app.synth).toBe(synth);
    const chart = new Chart(app, 'b', { namespace: 'emissary' });
    new IstioMtls(chart, 'Istio', { tlsContextName: 'b' }).addHelmValues({ path: 'helm/one.yaml' });
    new IstioMtls(chart, 'Other', { tlsContextName: 'c' }).addHelmValues({ path: 'helm/two.yaml' });
    expect(app.synth).not.toBe(synth);
    app.synth();
    expect(fs.readdirSync(path.join(outdir, 'b', 'helm')).sort()).toEqual(['one.yaml', 'two.yaml']);
  });
});
