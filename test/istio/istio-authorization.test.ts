import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IstioAuthorization, IstioCertificates, IstioMtls, Mapping } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

const policies = (docs: any[]) => docs.filter((d) => d.kind === 'AuthorizationPolicy');

describe('IstioAuthorization', () => {
  test('one ALLOW policy per destination namespace, for Ambassador\'s principal, on the ports its Mappings use', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio');
    // Made before the construct, and after: both count.
    istio.addMapping('ProductPage', { name: 'productpage', prefix: '/productpage/', service: 'productpage.bookinfo:9080' });
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
    istio.addMapping('Reviews', { name: 'reviews', prefix: '/reviews/', service: 'reviews.bookinfo:9081' });
    istio.addMapping('Ratings', { name: 'ratings', prefix: '/ratings/', service: 'ratings:9090', namespace: 'ratings' });
    new Mapping(chart, 'Direct', { name: 'direct', prefix: '/details/', service: 'details.bookinfo.svc.cluster.local:9080', tls: istio.tlsContext });
    new Mapping(chart, 'Plain', { name: 'plain', prefix: '/plain/', service: 'web.other:80' }); // not through the mesh context: not allowed
    const docs = synthValid(chart);
    expect(policies(docs)).toMatchSnapshot();
    expect(policies(docs).map((p) => p.metadata.namespace)).toEqual(['bookinfo', 'ratings']);
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary', 'bookinfo')).toEqual({
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-emissary-ingress.emissary', namespace: 'bookinfo' },
      spec: {
        action: 'ALLOW',
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary-ingress'] } }],
          to: [{ operation: { ports: ['9080', '9081'] } }], // strings, as Istio's schema types them
        }],
      },
    });
  });

  test('the principal comes from the wired Deployment, or from the legacy istio.<account> secret', () => {
    const chart = testChart('edge');
    const deployment = new kplus.Deployment(chart, 'Ambassador', {
      metadata: { name: 'ambassador' },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'ambassador'),
      containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }],
    });
    const istio = new IstioMtls(chart, 'Istio', { ambassadorDeployment: deployment });
    const authz = new IstioAuthorization(chart, 'Authz', { istio, trustDomain: 'corp.example' });
    expect(authz.principal).toBe('corp.example/ns/edge/sa/ambassador');
    expect(() => new IstioAuthorization(chart, 'Other', { istio, serviceAccount: 'someone' }))
      .toThrow(/test\/Other: serviceAccount "someone" differs from the account whose certificate Ambassador presents \("ambassador", the wired Deployment\)/);

    const legacy = testChart('ambassador');
    const plain = new kplus.Deployment(legacy, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4' }] });
    const old = new IstioMtls(legacy, 'Istio', { certificates: IstioCertificates.mountedSecret(), ambassadorDeployment: plain });
    // istio.default holds the identity of the namespace's default account, whatever the pod runs as.
    expect(new IstioAuthorization(legacy, 'Authz', { istio: old }).principal).toBe('cluster.local/ns/ambassador/sa/default');
  });

  test('ports unrestricted on request; the Service\'s targetPort when the Mapping names the Service', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio');
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress', restrictPorts: false });
    istio.addMapping('Web', { prefix: '/web/', service: 'web.apps:8080' });
    expect(findObject(synthValid(chart), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary').spec.rules)
      .toEqual([{ from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary-ingress'] } }] }]);

    const byObject = testChart('emissary');
    const mesh = new IstioMtls(byObject, 'Istio');
    new IstioAuthorization(byObject, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress' });
    const service = new kplus.Service(byObject, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 80, targetPort: 8080 }] });
    mesh.addMapping('Web', { prefix: '/web/', service });
    // Istio compares the port the pod receives on.
    expect(findObject(synthValid(byObject), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary').spec.rules[0].to).toEqual([{ operation: { ports: ['8080'] } }]);
    // A named targetPort: the number is the pod's, so restricting ports would guess.
    const named = new ApiObject(byObject, 'Named', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'named', namespace: 'apps' }, spec: { ports: [{ port: 80, targetPort: 'http' }] } });
    expect(() => mesh.addMapping('Named', { prefix: '/named/', service: named, servicePort: 80 }))
      .toThrow(/test\/Istio\/Named: service "named\.apps" reaches its pods on the named port "http".*Fix: give the Service a numeric targetPort, or set restrictPorts: false/);
  });

  test('what it cannot derive is an error naming the fix', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio');
    expect(() => new IstioAuthorization(chart, 'NoSa', { istio })).toThrow(/test\/NoSa: serviceAccount \(not set\) is unknown: the IstioMtls wires no Deployment and declares no install target\. Fix: declare where Ambassador runs/);
    expect(() => new IstioAuthorization(chart, 'Ns', { istio, serviceAccount: 'a', ambassadorNamespace: 'edge' }))
      .toThrow(/ambassadorNamespace "edge" differs from the namespace test\/Istio says Ambassador runs in \("emissary"\)/);
    expect(() => new IstioAuthorization(chart, 'Td', { istio, serviceAccount: 'a', trustDomain: 'spiffe://x' })).toThrow(/trustDomain "spiffe:\/\/x" is not a trust domain/);
    expect(() => new IstioAuthorization(chart, 'NotIstio', { istio: {} as any })).toThrow(/test\/NotIstio: istio \{\} is not an IstioMtls/);
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
    expect(() => istio.addMapping('Ip', { prefix: '/ip/', service: '10.0.0.1:9080' }))
      .toThrow(/test\/Istio\/Ip: service "10\.0\.0\.1" is not a Kubernetes Service name, so IstioAuthorization cannot tell which namespace/);
    const noNs = testChart();
    const mesh = new IstioMtls(noNs, 'Istio', { ambassadorNamespace: 'emissary' });
    new IstioAuthorization(noNs, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress' });
    expect(() => mesh.addMapping('Bare', { prefix: '/bare/', service: 'web:9080' })).toThrow(/service "web" names no namespace, and neither the Mapping nor its chart has one/);
  });
});
