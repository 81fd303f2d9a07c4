import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IstioAuthorization, IstioCertificates, IstioMtls, Mapping } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

const policies = (docs: any[]) => docs.filter((d) => d.kind === 'AuthorizationPolicy');

describe('IstioAuthorization', () => {
  test('one ALLOW policy per routed Service, selecting its pods, for Ambassador\'s principal, on the ports the pods receive on', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    const reviews = new kplus.Service(chart, 'Reviews', { metadata: { name: 'reviews', namespace: 'bookinfo' }, ports: [{ port: 9080, targetPort: 9081 }] });
    // Made before the construct, and after: both count.
    istio.addMapping('ProductPage', { name: 'productpage', prefix: '/productpage/', service: 'productpage.bookinfo:9080' });
    new IstioAuthorization(chart, 'Authz', {
      istio,
      serviceAccount: 'emissary-ingress',
      workloads: {
        'productpage.bookinfo': { selector: { app: 'productpage' }, targetPorts: { 9080: 9080 } },
        'ratings.ratings': { selector: { app: 'ratings', version: 'v1' }, targetPorts: { 80: 8080 } },
      },
    });
    istio.addMapping('Reviews', { name: 'reviews', prefix: '/reviews/', service: reviews });
    // The Service selects its pods after the Mapping is made: the selector is read at synth.
    reviews.select(kplus.Pods.select(chart, 'ReviewsPods', { labels: { app: 'reviews' } }));
    istio.addMapping('Ratings', { name: 'ratings', prefix: '/ratings/', service: 'ratings:80', namespace: 'ratings' });
    new Mapping(chart, 'Direct', { name: 'direct', prefix: '/pp/', service: 'productpage.bookinfo.svc.cluster.local:9080', tls: istio.tlsContext });
    new Mapping(chart, 'Plain', { name: 'plain', prefix: '/plain/', service: 'web.other:80' }); // not through the mesh context: not allowed
    const docs = synthValid(chart);
    expect(policies(docs)).toMatchSnapshot();
    expect(policies(docs).map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'bookinfo/allow-emissary-ingress.emissary-to-productpage', 'bookinfo/allow-emissary-ingress.emissary-to-reviews', 'ratings/allow-emissary-ingress.emissary-to-ratings',
    ]);
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-reviews', 'bookinfo')).toEqual({
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-emissary-ingress.emissary-to-reviews', namespace: 'bookinfo' },
      spec: {
        // Only the Service's pods: the namespace's other workloads keep their callers.
        selector: { matchLabels: { app: 'reviews' } },
        action: 'ALLOW',
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary-ingress'] } }],
          to: [{ operation: { ports: ['9081'] } }], // the pods' port (targetPort), a string as Istio's schema types it
        }],
      },
    });
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-ratings', 'ratings').spec).toMatchObject({
      selector: { matchLabels: { app: 'ratings', version: 'v1' } }, rules: [{ to: [{ operation: { ports: ['8080'] } }] }],
    });
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-productpage', 'bookinfo').spec.rules[0].to).toEqual([{ operation: { ports: ['9080'] } }]);
  });

  test('a service string with no workload is refused: a policy without a selector would cover the whole namespace', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
    expect(() => istio.addMapping('Web', { prefix: '/web/', service: 'web.apps:80' }))
      .toThrow(/test\/Istio\/Web: service "web\.apps" is a name, so IstioAuthorization cannot tell which pods it reaches: a policy without a selector would apply to every workload of namespace "apps".*Fix: give the Mapping the Service object, or give the IstioAuthorization workloads: \{ "web\.apps": \{ selector/);
  });

  test('the pod port: a string\'s Service port is not the pod\'s, so it must be given', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress', workloads: { 'web.apps': { selector: { app: 'web' } } } });
    // web.apps:80 maps to 8080 on the pods: allowing "80" would deny every request.
    expect(() => istio.addMapping('Web', { prefix: '/web/', service: 'web.apps:80' }))
      .toThrow(/service "web\.apps" names Service port 80, but not the port its pods receive on \(its targetPort\), and Istio allows by the port the pod receives on\. Fix: give the IstioAuthorization workloads: \{ "web\.apps": \{ \.\.\. targetPorts: \{ 80: <pod port> \} \} \}/);
  });

  test('Istio\'s root namespace is refused unless allowed: there a policy selects pods mesh-wide', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    const kiali = { 'kiali.istio-system': { selector: { app: 'kiali' }, targetPorts: { 20001: 20001 } } };
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress', workloads: kiali });
    expect(() => istio.addMapping('Kiali', { prefix: '/kiali/', service: 'kiali.istio-system:20001' }))
      .toThrow(/test\/Istio\/Kiali: service "kiali\.istio-system" is in Istio's root namespace "istio-system", where an AuthorizationPolicy selects matching pods in every namespace of the mesh/);

    const custom = testChart('emissary');
    const mesh = new IstioMtls(custom, 'Istio', { externallyWired: true });
    new IstioAuthorization(custom, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress', meshRootNamespace: 'mesh-root', workloads: { 'kiali.mesh-root': kiali['kiali.istio-system'] } });
    expect(() => mesh.addMapping('Kiali', { prefix: '/kiali/', service: 'kiali.mesh-root:20001' })).toThrow(/Istio's root namespace "mesh-root"/);

    const allowed = testChart('emissary');
    const open = new IstioMtls(allowed, 'Istio', { externallyWired: true });
    new IstioAuthorization(allowed, 'Authz', { istio: open, serviceAccount: 'emissary-ingress', workloads: kiali, allowMeshRootNamespace: true });
    open.addMapping('Kiali', { prefix: '/kiali/', service: 'kiali.istio-system:20001' });
    expect(findObject(synthValid(allowed), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-kiali', 'istio-system').spec.selector).toEqual({ matchLabels: { app: 'kiali' } });
  });

  test('a Service object that selects no pods, or other pods than the workload given, fails the synth', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
    istio.addMapping('Web', { prefix: '/web/', service: new kplus.Service(chart, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 8080 }] }) });
    expect(() => Testing.synth(chart)).toThrow(/test\/Authz: Service test\/Web \("web\.apps"\) selects no pods \(it has no spec\.selector\), so the policy for it would apply to every workload of its namespace/);

    const other = testChart('emissary');
    const mesh = new IstioMtls(other, 'Istio', { externallyWired: true });
    new IstioAuthorization(other, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress', workloads: { 'web.apps': { selector: { app: 'api' } } } });
    const web = new kplus.Service(other, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 8080 }], selector: kplus.Pods.select(other, 'P', { labels: { app: 'web' } }) });
    mesh.addMapping('Web', { prefix: '/web/', service: web });
    expect(() => Testing.synth(other)).toThrow(/workloads\["web\.apps"\]\.selector \{"app":"api"\} differs from the selector of Service test\/Web \(\{"app":"web"\}\)/);
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
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress', restrictPorts: false, workloads: { 'web.apps': { selector: { app: 'web' } } } });
    istio.addMapping('Web', { prefix: '/web/', service: 'web.apps:8080' });
    expect(findObject(synthValid(chart), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-web').spec)
      .toEqual({ selector: { matchLabels: { app: 'web' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary-ingress'] } }] }] });

    const byObject = testChart('emissary');
    const mesh = new IstioMtls(byObject, 'Istio', { externallyWired: true });
    new IstioAuthorization(byObject, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress', workloads: { 'named.apps': { selector: { app: 'named' }, targetPorts: { 80: 8081 } } } });
    const pods = kplus.Pods.select(byObject, 'WebPods', { labels: { app: 'web' } });
    const service = new kplus.Service(byObject, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 80, targetPort: 8080 }], selector: pods });
    mesh.addMapping('Web', { prefix: '/web/', service });
    // Istio compares the port the pod receives on.
    expect(findObject(synthValid(byObject), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-web').spec.rules[0].to).toEqual([{ operation: { ports: ['8080'] } }]);
    // A named targetPort: the number is the pod's, so the workload gives it (and the selector the Service lacks).
    const named = new ApiObject(byObject, 'Named', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'named', namespace: 'apps' }, spec: { ports: [{ port: 80, targetPort: 'http' }] } });
    mesh.addMapping('Named', { prefix: '/named/', service: named, servicePort: 80 });
    expect(findObject(synthValid(byObject), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-named').spec).toMatchObject({
      selector: { matchLabels: { app: 'named' } }, rules: [{ to: [{ operation: { ports: ['8081'] } }] }],
    });
    const unnamed = new ApiObject(byObject, 'Other', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'apps' }, spec: { selector: { app: 'o' }, ports: [{ port: 80, targetPort: 'http' }] } });
    expect(() => mesh.addMapping('Other', { prefix: '/other/', service: unnamed, servicePort: 80 }))
      .toThrow(/test\/Istio\/Other: service "other\.apps" reaches its pods on the named port "http", whose number IstioAuthorization cannot know.*give the Service a numeric targetPort, or set restrictPorts: false/);
  });

  test('what it cannot derive is an error naming the fix', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
    expect(() => new IstioAuthorization(chart, 'NoSa', { istio })).toThrow(/test\/NoSa: serviceAccount \(not set\) is unknown: the IstioMtls wires no Deployment and declares no install target\. Fix: declare where Ambassador runs/);
    expect(() => new IstioAuthorization(chart, 'Ns', { istio, serviceAccount: 'a', ambassadorNamespace: 'edge' }))
      .toThrow(/ambassadorNamespace "edge" differs from the namespace test\/Istio says Ambassador runs in \("emissary"\)/);
    expect(() => new IstioAuthorization(chart, 'Td', { istio, serviceAccount: 'a', trustDomain: 'spiffe://x' })).toThrow(/trustDomain "spiffe:\/\/x" is not a trust domain/);
    expect(() => new IstioAuthorization(chart, 'NotIstio', { istio: {} as any })).toThrow(/test\/NotIstio: istio \{\} is not an IstioMtls/);
    new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
    expect(() => istio.addMapping('Ip', { prefix: '/ip/', service: '10.0.0.1:9080' }))
      .toThrow(/test\/Istio\/Ip: service "10\.0\.0\.1" is not a Kubernetes Service name, so IstioAuthorization cannot tell which namespace/);
    const noNs = testChart();
    const mesh = new IstioMtls(noNs, 'Istio', { ambassadorNamespace: 'emissary', externallyWired: true });
    new IstioAuthorization(noNs, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress' });
    expect(() => mesh.addMapping('Bare', { prefix: '/bare/', service: 'web:9080' })).toThrow(/service "web" names no namespace, and neither the Mapping nor its chart has one/);
  });
});
