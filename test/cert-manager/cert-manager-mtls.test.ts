import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AmbassadorApiVersion, AmbassadorHelmChart, CertManagerIssuer, CertManagerMtls, CertManagerPrivateKey, UpstreamTrust } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

function ambassadorDeployment(chart: Chart, namespace?: string) {
  return new kplus.Deployment(chart, 'Ambassador', {
    metadata: { name: 'ambassador', namespace },
    containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', portNumber: 8080 }],
  });
}
const issuer = CertManagerIssuer.clusterIssuer('internal-ca');

describe('CertManagerMtls', () => {
  test('a client Certificate, a TLSContext per upstream host reading its Secret, the CA mounted into the wired pod', () => {
    const chart = testChart('emissary');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer, ambassadorDeployment: ambassadorDeployment(chart) });
    mtls.addMapping('Inventory', { name: 'inventory', prefix: '/inventory/', service: 'inventory.warehouse:8443' });
    mtls.addMapping('Orders', { name: 'orders', prefix: '/orders/', service: 'https://orders.shop:9443' });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    const certificate = findObject(docs, 'Certificate', 'ambassador-upstream-client', 'emissary');
    expect(certificate.spec).toEqual({
      secretName: 'ambassador-upstream-client', // the Certificate's own name: one name, typed once
      issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      commonName: 'ambassador',
      dnsNames: ['ambassador.emissary.svc'],
      usages: ['digital signature', 'client auth'],
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      duration: '2160h',
      renewBefore: '720h',
    });
    expect(findObject(docs, 'TLSContext', 'cert-manager-upstream-inventory.warehouse').spec).toEqual({
      secret: 'ambassador-upstream-client', cacert_chain_file: '/etc/cert-manager-ca/ca.crt', sni: 'inventory.warehouse',
    });
    expect(findObject(docs, 'TLSContext', 'cert-manager-upstream-orders.shop').spec.sni).toBe('orders.shop');
    expect(findObject(docs, 'Mapping', 'inventory').spec).toMatchObject({ service: 'https://inventory.warehouse:8443', tls: 'cert-manager-upstream-inventory.warehouse' });
    const pod = findObject(docs, 'Deployment', 'ambassador').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'cert-manager-ca', secret: { secretName: 'ambassador-upstream-client', items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: true } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'cert-manager-ca', mountPath: '/etc/cert-manager-ca/', readOnly: true }]);
  });

  test('the pattern\'s apiVersion reaches its Mappings as well as its TLSContexts', () => {
    const chart = testChart('emissary');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer, upstreamTrust: UpstreamTrust.none(), apiVersion: AmbassadorApiVersion.V2 });
    mtls.addMapping('Web', { name: 'web', prefix: '/web/', service: 'web.apps:8443' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'web').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'TLSContext', 'cert-manager-upstream-web.apps').apiVersion).toBe('getambassador.io/v2');
  });

  test('Mappings to one host share its TLSContext; without SNI every host shares one', () => {
    const chart = testChart('emissary');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer, upstreamTrust: UpstreamTrust.caSecret('upstream-ca') });
    mtls.addMapping('A', { prefix: '/a/', service: 'web.apps:8443' });
    mtls.addMapping('B', { prefix: '/b/', service: 'web.apps:9443' });
    expect(mtls.tlsContexts.map((c) => c.name)).toEqual(['cert-manager-upstream-web.apps']);
    const shared = new CertManagerMtls(testChart('emissary'), 'Shared', { issuer, sniPerUpstream: false, tlsContextName: 'client-cert', upstreamTrust: UpstreamTrust.caSecret('upstream-ca') });
    shared.addMapping('A', { prefix: '/a/', service: 'web.apps:8443' });
    shared.addMapping('B', { prefix: '/b/', service: 'api.other:8443' });
    expect(shared.tlsContexts.map((c) => c.name)).toEqual(['client-cert']);
    expect(findObject(synthValid(Chart.of(shared)), 'TLSContext', 'client-cert').spec).toEqual({ secret: 'ambassador-upstream-client', ca_secret: 'upstream-ca' });
  });

  test('the Certificate lives where Ambassador runs; a TLSContext elsewhere names secret.namespace', () => {
    const chart = testChart('routes');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer, ambassadorDeployment: ambassadorDeployment(chart, 'edge') });
    mtls.addMapping('Web', { name: 'web', prefix: '/web/', service: 'web.apps:8443' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Certificate', 'ambassador-upstream-client').metadata.namespace).toBe('edge');
    expect(findObject(docs, 'TLSContext', 'cert-manager-upstream-web.apps').spec.secret).toBe('ambassador-upstream-client.edge');
    expect(() => new CertManagerMtls(testChart(), 'Unknown', { issuer })).toThrow(/test\/Unknown: ambassadorNamespace \(not set\) is unknown .*Fix: set ambassadorNamespace/);
    const other = testChart('x');
    expect(() => new CertManagerMtls(other, 'Differs', { issuer, ambassadorDeployment: ambassadorDeployment(other, 'edge'), ambassadorNamespace: 'emissary' }))
      .toThrow(/ambassadorNamespace "emissary" differs from the namespace of ambassadorDeployment \("edge"\)/);
  });

  test('RSA keys add key encipherment; lifetimes are Go durations, checked against cert-manager\'s limits', () => {
    const chart = testChart('emissary');
    new CertManagerMtls(chart, 'Mtls', { issuer, privateKey: CertManagerPrivateKey.rsa(4096), duration: Duration.hours(36), renewBefore: Duration.minutes(90), upstreamTrust: UpstreamTrust.none() });
    const spec = findObject(synthValid(chart), 'Certificate', 'ambassador-upstream-client').spec;
    expect(spec.usages).toEqual(['digital signature', 'key encipherment', 'client auth']);
    expect(spec.privateKey).toEqual({ algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' });
    expect([spec.duration, spec.renewBefore]).toEqual(['36h', '1h30m']);
    const bad = (id: string, props: object) => () => new CertManagerMtls(testChart('emissary'), id, { issuer, ...props });
    expect(bad('Short', { duration: Duration.minutes(30) })).toThrow(/test\/Short: duration "30m" is shorter than an hour/);
    expect(bad('Renew', { renewBefore: Duration.minutes(2) })).toThrow(/renewBefore "2m" is shorter than 5 minutes/);
    expect(bad('Late', { duration: Duration.days(10), renewBefore: Duration.days(10) })).toThrow(/renewBefore "240h" is not below duration 240h/);
    expect(bad('Ms', { duration: Duration.millis(3_600_500) })).toThrow(/duration "3600500ms" is not a whole number of seconds/);
    expect(bad('Str', { duration: '2160h' })).toThrow(/duration "2160h" is not a cdk8s Duration/);
    expect(() => CertManagerPrivateKey.ecdsa(255)).toThrow(/CertManagerPrivateKey\.ecdsa\(\): size 255 is not an ECDSA curve size/);
    expect(() => CertManagerPrivateKey.rsa(1024)).toThrow(/size 1024 is not an RSA key size cert-manager accepts\. Fix: use a whole number of bits from 2048 to 8192/);
    expect(() => CertManagerPrivateKey.rsa(8193)).toThrow(/size 8193 is not an RSA key size/);
    expect(() => CertManagerPrivateKey.rsa(3072.5)).toThrow(/size 3072\.5 is not an RSA key size/);
  });

  test('every RSA size cert-manager\'s webhook accepts (2048 to 8192), 3072 included', () => {
    // internal/apis/certmanager/validation/certificate.go: "must be between 2048 & 8192 for rsa keyAlgorithm".
    for (const size of [2048, 3072, 4096, 8192]) {
      const chart = testChart('emissary');
      new CertManagerMtls(chart, 'Mtls', { issuer, privateKey: CertManagerPrivateKey.rsa(size), upstreamTrust: UpstreamTrust.none() });
      expect(findObject(synthValid(chart), 'Certificate', 'ambassador-upstream-client').spec.privateKey.size).toBe(size);
    }
  });

  test('a lifetime up to Go\'s largest duration is written; a longer one, which the webhook cannot parse, is refused', () => {
    const chart = testChart('emissary');
    new CertManagerMtls(chart, 'Mtls', { issuer, duration: Duration.seconds(9_223_372_036), upstreamTrust: UpstreamTrust.none() });
    expect(findObject(synthValid(chart), 'Certificate', 'ambassador-upstream-client').spec.duration).toBe('2562047h47m16s');
    expect(() => new CertManagerMtls(testChart('emissary'), 'Long', { issuer, duration: Duration.hours(2_562_048), upstreamTrust: UpstreamTrust.none() }))
      .toThrow(/test\/Long: duration "9223372800000ms" is longer than Go's largest duration \(2562047h47m16s\), which cert-manager's webhook cannot parse/);
    expect(() => new CertManagerMtls(testChart('emissary'), 'Renew', { issuer, renewBefore: Duration.days(200_000), upstreamTrust: UpstreamTrust.none() }))
      .toThrow(/test\/Renew: renewBefore "17280000000000ms" is longer than Go's largest duration/);
  });

  test('the issuer\'s ca.crt as upstream trust: refused where the issuer fills it with no CA (SelfSigned, ACME), optional where it may be missing', () => {
    const selfSigned = testChart('emissary');
    const object = new ApiObject(selfSigned, 'Issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } });
    expect(CertManagerIssuer.fromObject(object).type).toBe('selfSigned');
    expect(() => new CertManagerMtls(selfSigned, 'Mtls', { issuer: CertManagerIssuer.fromObject(object) }))
      .toThrow(/test\/Mtls: upstreamTrust "UpstreamTrust\.issuerCa\(\)" trusts the ca\.crt of ClusterIssuer\/selfsigned, a SelfSigned issuer, which writes each certificate as its own CA: Ambassador would trust only its own client certificate.*Fix: sign with a CA issuer/);
    expect(() => new CertManagerMtls(testChart('emissary'), 'Acme', { issuer: CertManagerIssuer.clusterIssuer('letsencrypt', { type: 'acme' }) }))
      .toThrow(/test\/Acme: upstreamTrust "UpstreamTrust\.issuerCa\(\)" trusts the ca\.crt of ClusterIssuer\/letsencrypt, an ACME issuer, which writes none.*Fix: give the CA that signs the upstreams' certificates with UpstreamTrust\.caSecret/);
    // Another trust is fine with those issuers.
    const acme = testChart('emissary');
    new CertManagerMtls(acme, 'Mtls', { issuer: CertManagerIssuer.issuer('le', { type: 'acme' }), upstreamTrust: UpstreamTrust.caSecret('public-ca') }).addMapping('A', { prefix: '/a/', service: 'web.apps:8443' });
    expect(synthValid(acme).map((d) => d.kind)).toEqual(['Certificate', 'TLSContext', 'Mapping']);
    expect(() => CertManagerIssuer.clusterIssuer('x', { type: 'letsencrypt' as any })).toThrow(/CertManagerIssuer\.clusterIssuer\(\): type "letsencrypt" is not a cert-manager issuer type/);
    const ca = new ApiObject(selfSigned, 'CaIssuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'internal' }, spec: { ca: { secretName: 'root' } } });
    expect(CertManagerIssuer.fromObject(ca).type).toBe('ca');
  });

  test('the identity needs a subject alternative name', () => {
    const chart = testChart('emissary');
    new CertManagerMtls(chart, 'Mtls', { issuer, identity: { uris: ['spiffe://cluster.local/ns/emissary/sa/emissary-ingress'] }, upstreamTrust: UpstreamTrust.none() });
    expect(findObject(synthValid(chart), 'Certificate', 'ambassador-upstream-client').spec.uris).toEqual(['spiffe://cluster.local/ns/emissary/sa/emissary-ingress']);
    const bad = (id: string, identity: unknown) => () => new CertManagerMtls(testChart('emissary'), id, { issuer, identity: identity as any });
    expect(bad('Cn', { commonName: 'ambassador' })).toThrow(/identity .* has no subject alternative name/);
    expect(bad('Long', { commonName: 'a'.repeat(65), dnsNames: ['a.b'] })).toThrow(/identity\.commonName "a{65}" is not a common name of 1 to 64/);
    expect(bad('Dns', { dnsNames: ['Not A Name'] })).toThrow(/identity\.dnsNames "Not A Name" is not a DNS name/);
    expect(bad('Uri', { uris: ['no scheme'] })).toThrow(/identity\.uris "no scheme" is not a URI/);
    expect(bad('Typo', { dnsName: ['a.b'] })).toThrow(/identity\.dnsName .* is not an identity field/);
  });

  test('upstream trust: a CA Secret as ca_secret, never the client Secret; none is explicit', () => {
    const chart = testChart('emissary');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer, upstreamTrust: UpstreamTrust.caSecret('upstream-ca', 'security') });
    mtls.addMapping('Web', { prefix: '/web/', service: 'web.apps:8443' });
    expect(mtls.podPatch.volumes).toEqual([]);
    expect(findObject(synthValid(chart), 'TLSContext', 'cert-manager-upstream-web.apps').spec).toEqual({
      secret: 'ambassador-upstream-client', ca_secret: 'upstream-ca.security', sni: 'web.apps',
    });
    const same = new CertManagerMtls(testChart('emissary'), 'Same', { issuer, upstreamTrust: UpstreamTrust.caSecret('ambassador-upstream-client') });
    expect(() => same.addMapping('Web', { prefix: '/web/', service: 'web.apps:8443' }))
      .toThrow(/caSecret "ambassador-upstream-client" is the client certificate's own Secret: Emissary would trust its leaf tls\.crt/);
    expect(() => UpstreamTrust.caSecret('Upstream CA')).toThrow(/UpstreamTrust\.caSecret\(\): secret "Upstream CA" is not a valid Kubernetes name/);
    expect(() => UpstreamTrust.issuerCa('/etc')).toThrow(/is a system directory/);
    expect(() => new CertManagerMtls(testChart('emissary'), 'Bad', { issuer, upstreamTrust: 'ca.crt' as any })).toThrow(/upstreamTrust "ca\.crt" is not an UpstreamTrust/);
  });

  test('with the issuer\'s CA, synth fails until the pod wiring is applied somewhere', () => {
    const chart = testChart('emissary');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer });
    mtls.addMapping('Web', { prefix: '/web/', service: 'web.apps:8443' });
    expect(() => synthValid(chart)).toThrow(/test\/Mtls: its TLSContexts read the issuer's CA from \/etc\/cert-manager-ca\/ca\.crt, but nothing mounts it into Ambassador's pod/);
    mtls.addHelmValues({ chart: AmbassadorHelmChart.EDGE_STACK });
    expect(() => synthValid(chart)).not.toThrow();
    expect(mtls.helmValues()).toEqual({
      volumes: [{ name: 'cert-manager-ca', secret: { secretName: 'ambassador-upstream-client', items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: true } }],
      volumeMounts: [{ name: 'cert-manager-ca', mountPath: '/etc/cert-manager-ca/', readOnly: true }],
    });
  });

  test('Mappings: https with a port, to a name SNI can carry', () => {
    const mtls = new CertManagerMtls(testChart('emissary'), 'Mtls', { issuer, upstreamTrust: UpstreamTrust.none() });
    expect(() => mtls.addMapping('A', { prefix: '/a/', service: 'web.apps' })).toThrow(/test\/Mtls\/A: service "web\.apps" names no port, but tls "cert-manager-upstream-web\.apps" originates mTLS/);
    expect(() => mtls.addMapping('B', { prefix: '/b/', service: 'http://web.apps:8080' })).toThrow(/service "http:\/\/web\.apps:8080" is http:\/\/, but the client certificate is presented over TLS/);
    expect(() => mtls.addMapping('C', { prefix: '/c/', service: '10.1.2.3:8443' })).toThrow(/is an IP address, which cannot be sent as SNI/);
    expect(() => mtls.addMapping('D', { prefix: '/d/', service: 'web.apps:8443', tls: {} } as any)).toThrow(/addMapping tls .* is set, but addMapping presents the cert-manager certificate/);
  });

  test('server certificates from the same issuer name the Service every way a client may', () => {
    const chart = testChart('emissary');
    const mtls = new CertManagerMtls(chart, 'Mtls', { issuer, upstreamTrust: UpstreamTrust.none(), privateKey: CertManagerPrivateKey.rsa() });
    mtls.addServerCertificate('Web', { service: 'web.apps' });
    const service = new kplus.Service(chart, 'Api', { metadata: { name: 'api', namespace: 'shop' }, ports: [{ port: 443 }] });
    mtls.addServerCertificate('Api', { service, certificateName: 'api-serving' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Certificate', 'web-tls', 'apps').spec).toMatchObject({
      secretName: 'web-tls',
      dnsNames: ['web', 'web.apps', 'web.apps.svc', 'web.apps.svc.cluster.local'],
      usages: ['digital signature', 'key encipherment', 'server auth'],
    });
    expect(findObject(docs, 'Certificate', 'api-serving', 'shop').spec.dnsNames[1]).toBe('api.shop');
    expect(() => mtls.addServerCertificate('Bare', { service: 'web' })).toThrow(/test\/Mtls\/Bare: service "web" is not a Service named name\.namespace/);
    expect(() => mtls.addServerCertificate('Port', { service: 'web.apps:443' })).toThrow(/is not a Service named name\.namespace/);
  });

  test('a namespaced Issuer signs only in its own namespace', () => {
    const chart = testChart('emissary');
    const local = new CertManagerMtls(chart, 'Mtls', { issuer: CertManagerIssuer.issuer('local-ca'), upstreamTrust: UpstreamTrust.none() });
    expect(findObject(synthValid(chart), 'Certificate', 'ambassador-upstream-client').spec.issuerRef).toEqual({ name: 'local-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(() => local.addServerCertificate('Web', { service: 'web.apps' }))
      .toThrow(/issuer "Issuer\/local-ca" is namespaced, so it cannot sign the server Certificate of web\.apps in namespace "apps"\. Fix: use a ClusterIssuer/);
    const app = testChart('emissary');
    const object = new ApiObject(app, 'Issuer', { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'ca', namespace: 'security' } });
    expect(() => new CertManagerMtls(app, 'Elsewhere', { issuer: CertManagerIssuer.fromObject(object) }))
      .toThrow(/issuer "Issuer\/ca in security" is namespaced, so it cannot sign the client Certificate in namespace "emissary"/);
    expect(() => CertManagerIssuer.fromObject(new ApiObject(app, 'Nope', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })))
      .toThrow(/CertManagerIssuer\.fromObject\(\): issuer "test\/Nope" is not a cert-manager\.io Issuer or ClusterIssuer/);
    expect(() => CertManagerIssuer.clusterIssuer('Internal CA')).toThrow(/CertManagerIssuer\.clusterIssuer\(\): name "Internal CA" is not a valid Kubernetes name/);
    expect(() => new CertManagerMtls(testChart('e'), 'NoIssuer', {} as any)).toThrow(/test\/NoIssuer: issuer \(not set\) is missing/);
  });
});
