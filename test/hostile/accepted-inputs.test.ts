/** Valid input that an earlier version rejected, or wrote where it should not. */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { GitOpsApp, LinkerdMtls, Mapping, TlsContext } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';
import { temporaryFolders } from '../support/temp';

const tmp = temporaryFolders('accepted-');

describe('valid input is accepted', () => {
  test.each([
    ['an IPv4 literal', 'https://10.0.0.5:8443'],
    ['an IPv6 literal', 'https://[fd00::5]:8443'],
    ['a fully qualified name with the root dot', 'https://productpage.bookinfo.svc.cluster.local.:9080'],
    ['a 253-character name', `https://${['a', 'b', 'c'].map((c) => c.repeat(63)).join('.')}.${'d'.repeat(61)}:443`],
  ])('%s as a Mapping service', (_, service) => {
    const chart = testChart('emissary');
    new Mapping(chart, 'Route', { name: 'route', prefix: '/r/', service, tls: new TlsContext(chart, 'Ctx', { name: 'ctx', secret: 'client' }) });
    expect(findObject(synthValid(chart), 'Mapping', 'route').spec.service).toBe(service);
  });

  test.each([
    // Linkerd routes by the connection's destination: these work, though an earlier version refused them.
    ['a Linkerd service without a port (Emissary dials 80)', 'web.apps', 'web.apps.svc.cluster.local:80'],
    ['a Linkerd service that is an IP address', '10.0.0.7:8080', '10.0.0.7:8080'],
    ['an https:// Linkerd service', 'https://web.apps:8443', 'https://web.apps.svc.cluster.local:8443'],
  ])('%s', (_, service, written) => {
    const chart = testChart('emissary');
    new LinkerdMtls(chart, 'Linkerd', { clusterDomain: 'Cluster.Local' }).addMapping('Route', { name: 'route', prefix: '/r/', service });
    expect(findObject(synthValid(chart), 'Mapping', 'route').spec.service).toBe(written);
  });

  test('objects with 253-character names are written by GitOpsApp, under file names of at most 255 bytes', () => {
    const outdir = tmp();
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'long', { namespace: 'n'.repeat(63) });
    const stem = ['a', 'b', 'c'].map((c) => c.repeat(63)).join('.');
    const names = [`${stem}.${'d'.repeat(61)}`, `${stem}.${'e'.repeat(61)}`]; // 253 characters, differing at the end
    names.forEach((name, i) => new Mapping(chart, `Route${i}`, { name, prefix: `/r${i}/`, service: 'r.apps:80' }));
    app.synth();
    const files = fs.readdirSync(path.join(outdir, 'long')).filter((f) => f.endsWith('.k8s.yaml'));
    expect(files).toHaveLength(2);
    for (const file of files) expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
  });

  test('a dotted name without a namespace and a similar name in a namespace get different files', () => {
    const outdir = tmp();
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'mixed');
    new ApiObject(chart, 'Cluster', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b' } });
    new ApiObject(chart, 'Namespaced', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'a' } });
    app.synth();
    expect(fs.readdirSync(path.join(outdir, 'mixed')).sort()).toEqual(['ConfigMap._.a.b.k8s.yaml', 'ConfigMap.a.b.k8s.yaml', 'kustomization.yaml']);
  });
});
