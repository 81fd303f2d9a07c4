import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { IstioStrictMtls, Mapping, TlsContext } from '../../src';
import { testChart } from '../support/synth';
import { temporaryFolders } from '../support/temp';

const tmp = temporaryFolders('dup-');

describe('two objects with the same kind, namespace and name', () => {
  test('fail the synth with any App, naming both constructs', () => {
    const app = new App({ outdir: tmp() });
    const chart = new Chart(app, 'edge', { namespace: 'emissary' });
    new TlsContext(chart, 'First', { name: 'mesh', secret: 'a' });
    new TlsContext(chart, 'Second', { name: 'mesh', secret: 'b' });
    expect(() => app.synth()).toThrow(/\[\] TLSContext "mesh" in namespace "emissary" is defined twice, by edge\/First and edge\/Second: the cluster would keep only one\. Fix:/);
  });

  test('including objects that are not ours, and in Testing.synth', () => {
    const chart = testChart('bookinfo');
    new IstioStrictMtls(chart, 'Strict', { namespaces: ['bookinfo'] });
    new ApiObject(chart, 'Mine', { apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default' } });
    expect(() => Testing.synth(chart)).toThrow(/PeerAuthentication "default" in namespace "bookinfo" is defined twice, by test\/Strict\/bookinfo and test\/Mine/);
  });

  test('are fine in different namespaces, or as different kinds or API groups', () => {
    const chart = testChart('emissary');
    new Mapping(chart, 'A', { name: 'route', prefix: '/a/', service: 'a:80' });
    new Mapping(chart, 'B', { name: 'route', prefix: '/b/', service: 'b:80', namespace: 'other' });
    new ApiObject(chart, 'C', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'route' } });
    expect(Testing.synth(chart)).toHaveLength(3);
  });

  test('cluster-scoped kinds clash across charts, whatever the charts\' namespaces', () => {
    const app = Testing.app();
    for (const [id, namespace] of [['one', 'a'], ['two', 'b']]) {
      const chart = new Chart(app, id, { namespace });
      new TlsContext(chart, 'Ctx', { secret: 's' });
      new ApiObject(chart, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } });
    }
    expect(() => Testing.synth(app.node.findChild('one') as Chart)).toThrow(/ClusterRole "reader" is defined twice, by one\/Role and two\/Role/);
  });
});
