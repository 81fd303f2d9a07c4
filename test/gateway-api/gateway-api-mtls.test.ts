import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BackendCa, CertManagerIssuer, CertManagerMtls, GatewayApiMtls, UpstreamTrust } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

const certificate = (chart: ReturnType<typeof testChart>, props: Record<string, unknown> = {}) =>
  new CertManagerMtls(chart, 'ClientCertificate', { issuer: CertManagerIssuer.clusterIssuer('internal-ca'), ...props });

describe('GatewayApiMtls', () => {
  test('the Gateway presents the cert-manager client certificate; each route gets an HTTPRoute and its Service a BackendTLSPolicy', () => {
    // GIVEN the client certificate CertManagerMtls issues, in the Gateway's namespace
    const chart = testChart('edge');
    const client = certificate(chart, { ambassadorNamespace: 'edge' });
    const gateway = new GatewayApiMtls(chart, 'Edge', { clientCertificate: client, gatewayClassName: 'eg', backendCa: BackendCa.serverCertificateSecret() });
    // WHEN two routes go to one upstream in another namespace
    gateway.addRoute('Orders', { name: 'orders', prefix: '/orders/', service: 'orders.shop:8443', host: 'shop.example.com', timeout: Duration.seconds(90) });
    gateway.addRoute('Carts', { name: 'carts', prefix: '/carts/', rewrite: '', service: 'https://orders.shop:8443' });
    const docs = synthValid(chart); // schemas and CEL rules
    // THEN
    expect(findObject(docs, 'Gateway', 'edge', 'edge').spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      tls: { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: client.secretName } } },
    });
    expect(findObject(docs, 'HTTPRoute', 'orders', 'edge').spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/orders/' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'orders', namespace: 'shop', port: 8443 }],
        timeouts: { request: '1m30s' },
      }],
    });
    // rewrite '' keeps the path; no timeout given is Emissary's 3 s
    expect(findObject(docs, 'HTTPRoute', 'carts', 'edge').spec.rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/carts/' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'orders', namespace: 'shop', port: 8443 }],
      timeouts: { request: '3s' },
    });
    expect(docs.filter((d) => d.kind === 'BackendTLSPolicy')).toHaveLength(1);
    expect(findObject(docs, 'BackendTLSPolicy', 'orders', 'shop').spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'orders' }],
      validation: { caCertificateRefs: [{ group: '', kind: 'Secret', name: 'orders-tls' }], hostname: 'orders.shop' },
    });
    // one ReferenceGrant in the Service's namespace, for that Service only
    expect(findObject(docs, 'ReferenceGrant', 'httproute-edge', 'shop').spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
      to: [{ group: '', kind: 'Service', name: 'orders' }],
    });
    expect(docs).toMatchSnapshot();
  });

  test('a client Secret in another namespace gets a ReferenceGrant for the Gateway; routes elsewhere are let in by namespace name', () => {
    const chart = testChart('edge');
    const client = certificate(chart, { ambassadorNamespace: 'certs' });
    const gateway = new GatewayApiMtls(chart, 'Edge', {
      clientCertificate: client,
      gatewayClassName: 'istio',
      gatewayName: 'public',
      backendCa: BackendCa.serverCertificateSecret(),
      listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', certificateSecret: 'wildcard-tls' }],
    });
    gateway.addRoute('Web', { name: 'web', namespace: 'web', prefix: '/', service: 'web:8443', subjectAltNames: ['spiffe://cluster.local/ns/web/sa/web', 'web.web.svc'] });
    const docs = synthValid(chart);
    const spec = findObject(docs, 'Gateway', 'public', 'edge').spec;
    expect(spec.tls.backend.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: client.secretName, namespace: 'certs' });
    expect(spec.listeners[0]).toEqual({
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: '*.example.com',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }] },
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['edge', 'web'] }] } } },
    });
    expect(findObject(docs, 'ReferenceGrant', 'gateway-edge', 'certs').spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }],
      to: [{ group: '', kind: 'Secret', name: client.secretName }],
    });
    // the route lives beside its Service: no grant for it; the parentRef names the Gateway's namespace
    expect(findObject(docs, 'HTTPRoute', 'web', 'web').spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'edge' }]);
    expect(docs.filter((d) => d.kind === 'ReferenceGrant')).toHaveLength(1);
    expect(findObject(docs, 'BackendTLSPolicy', 'web', 'web').spec.validation).toEqual({
      caCertificateRefs: [{ group: '', kind: 'Secret', name: 'web-tls' }],
      hostname: 'web',
      subjectAltNames: [{ type: 'URI', uri: 'spiffe://cluster.local/ns/web/sa/web' }, { type: 'Hostname', hostname: 'web.web.svc' }],
    });
  });

  test('no default CA: a Secret reference is implementation-specific, so the portable ConfigMap or a Secret must be chosen', () => {
    // The v1.5.1 BackendTLSPolicy CRD: "Support: Core - An optional single reference to a Kubernetes
    // ConfigMap"; other kinds are implementation-specific (kgateway and agentgateway refuse a Secret).
    const chart = testChart('edge');
    const client = certificate(chart); // UpstreamTrust.issuerCa(), whose CA is in Secrets only
    expect(() => new GatewayApiMtls(chart, 'Edge', { clientCertificate: client, gatewayClassName: 'eg' } as any))
      .toThrow(/backendCa \(not set\) is missing: the Gateway API reads the upstream's CA from a ConfigMap \(Core support.*BackendCa\.configMap\(name\) \(portable/s);
    // With the Core choice, every BackendTLSPolicy names the ConfigMap
    const portable = testChart('edge');
    const gateway = new GatewayApiMtls(portable, 'Edge', { clientCertificate: certificate(portable), gatewayClassName: 'eg', backendCa: BackendCa.configMap('internal-ca') });
    gateway.addRoute('Orders', { name: 'orders', prefix: '/orders/', service: 'orders.shop:8443' });
    expect(findObject(synthValid(portable), 'BackendTLSPolicy', 'orders', 'shop').spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'ConfigMap', name: 'internal-ca' }]);
  });

  test('a Service object gives the port; BackendCa.configMap is the Core reference; caSecret needs a backendCa', () => {
    const chart = testChart('edge');
    const service = new kplus.Service(chart, 'Inventory', { metadata: { name: 'inventory', namespace: 'warehouse' }, ports: [{ port: 8443 }] });
    const gateway = new GatewayApiMtls(chart, 'Edge', {
      clientCertificate: certificate(chart, { upstreamTrust: UpstreamTrust.caSecret('upstream-ca') }),
      gatewayClassName: 'eg',
      backendCa: BackendCa.configMap('internal-ca'),
    });
    gateway.addRoute('Inventory', { name: 'inventory', prefix: '/inventory/', service });
    const docs = synthValid(chart);
    expect(findObject(docs, 'HTTPRoute', 'inventory', 'edge').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'inventory', namespace: 'warehouse', port: 8443 }]);
    expect(findObject(docs, 'BackendTLSPolicy', 'inventory', 'warehouse').spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'ConfigMap', name: 'internal-ca' }]);
  });

  test('the same client certificate serves Emissary and the Gateway side by side (a migration in steps)', () => {
    const chart = testChart('emissary');
    const client = certificate(chart);
    client.addMapping('Inventory', { name: 'inventory', prefix: '/inventory/', service: 'inventory.warehouse:8443' });
    client.addHelmValues();
    const gateway = new GatewayApiMtls(chart, 'Edge', { clientCertificate: client, gatewayClassName: 'eg', backendCa: BackendCa.serverCertificateSecret() });
    gateway.addRoute('Inventory', { name: 'inventory', prefix: '/inventory/', service: 'inventory.warehouse:8443' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'TLSContext', 'cert-manager-upstream-inventory.warehouse').spec.secret).toBe(client.secretName);
    expect(findObject(docs, 'Gateway', 'edge', 'emissary').spec.tls.backend.clientCertificateRef.name).toBe(client.secretName);
    expect(docs.filter((d) => d.kind === 'Certificate')).toHaveLength(1);
  });

  test('the objects are ApiObjects: cdk8s\'s JSON patch escape hatch works', () => {
    const chart = testChart('edge');
    const gateway = new GatewayApiMtls(chart, 'Edge', { clientCertificate: certificate(chart), gatewayClassName: 'eg', backendCa: BackendCa.configMap('internal-ca') });
    const route = gateway.addRoute('Web', { name: 'web', prefix: '/', service: 'web.web:8443' });
    ApiObject.of(route).addJsonPatch(JsonPatch.add('/spec/rules/0/timeouts/backendRequest', '1s'));
    ApiObject.of(gateway.gateway).metadata.addLabel('team', 'edge');
    const docs = synthValid(chart);
    expect(findObject(docs, 'HTTPRoute', 'web', 'edge').spec.rules[0].timeouts).toEqual({ request: '3s', backendRequest: '1s' });
    expect(findObject(docs, 'Gateway', 'edge', 'edge').metadata.labels).toEqual({ team: 'edge' });
  });
});
