import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { buildApp } from '../../app/main';
import { findObject, synthValid } from '../support/synth';

describe('the app (what `cdk8s synth` writes to dist/)', () => {
  const app = buildApp(Testing.app());
  const charts = app.node.children.filter(Chart.isChart);
  // Each chart is synthesized and schema-checked once, by whichever test asks first: the tests
  // below only read its documents (each chart was synthesized and checked three times).
  const synthesized = new Map<Chart, ReturnType<typeof synthValid>>();
  const docsOfChart = (chart: Chart) => {
    if (!synthesized.has(chart)) synthesized.set(chart, synthValid(chart));
    return synthesized.get(chart)!;
  };
  const docsOf = (id: string) => docsOfChart(charts.find((c) => c.node.id === id)!);

  test('has the example, istio-legacy, istio, consul, consul-v3, linkerd, cert-manager, route-table and gateway-api charts', () => {
    expect(charts.map((c) => c.node.id).sort()).toEqual(['cert-manager', 'consul', 'consul-v3', 'example', 'gateway-api', 'istio', 'istio-legacy', 'linkerd', 'route-table']);
  });

  test.each(charts.map((c) => [c.node.id, c]))('chart %s: every document is schema-valid and matches the snapshot', (_, chart) => {
    expect(docsOfChart(chart as Chart)).toMatchSnapshot();
  });

  test('example: both Mappings originate mTLS with the one TLSContext', () => {
    const docs = docsOf('example');
    expect(findObject(docs, 'TLSContext', 'upstream-client-cert').spec).toEqual({ secret: 'upstream-client-cert', min_tls_version: 'v1.2' });
    expect(findObject(docs, 'Mapping', 'orders').spec).toMatchObject({ service: 'https://orders.shop:8443', tls: 'upstream-client-cert' });
    // With tls, the service is written https://: a broken TLSContext then fails closed.
    expect(findObject(docs, 'Mapping', 'catalog').spec).toMatchObject({ service: 'https://catalog.shop:8443', tls: 'upstream-client-cert' });
  });

  test('istio-legacy matches the seed documentation field for field, plus the ALPN Istio needs', () => {
    const docs = docsOf('istio-legacy');
    const pod = findObject(docs, 'Deployment', 'ambassador').spec.template.spec;
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.volumes).toEqual([{ name: 'istio-certs', secret: { optional: true, secretName: 'istio.default' } }]);
    expect(pod.containers.find((c: any) => c.name === 'ambassador').volumeMounts)
      .toEqual([{ mountPath: '/etc/istiocerts/', name: 'istio-certs', readOnly: true }]);
    const tls = findObject(docs, 'TLSContext', 'istio-upstream');
    expect(tls.apiVersion).toBe('getambassador.io/v2');
    expect(tls.spec).toEqual({
      cert_chain_file: '/etc/istiocerts/cert-chain.pem',
      private_key_file: '/etc/istiocerts/key.pem',
      cacert_chain_file: '/etc/istiocerts/root-cert.pem',
      // Not in the seed: without it Istio 1.1-1.4 under PERMISSIVE mode (their default) hand the
      // handshake to the plain-text app (Ambassador 1.x's Istio how-to sets it).
      alpn_protocols: 'istio',
    });
    // The seed's name, productpage_mapping, is not a valid Kubernetes name: "_" becomes "-".
    const mapping = findObject(docs, 'Mapping', 'productpage-mapping');
    expect(mapping.apiVersion).toBe('getambassador.io/v2');
    expect(mapping.spec).toEqual({ prefix: '/productpage/', rewrite: '/productpage', service: 'https://productpage:9080', tls: 'istio-upstream' });
  });

  test('istio: sidecar certificates verified against the mesh root, an https Mapping and strict mTLS in v3alpha1', () => {
    const docs = docsOf('istio');
    expect(findObject(docs, 'TLSContext', 'istio-sidecar-upstream')).toMatchObject({
      apiVersion: 'getambassador.io/v3alpha1', spec: { secret: 'istio-certs', alpn_protocols: 'istio', cacert_chain_file: '/etc/istio-certs/root-cert.pem' },
    });
    expect(findObject(docs, 'Mapping', 'bookinfo-productpage').spec)
      .toMatchObject({ service: 'https://productpage.bookinfo:9080', tls: 'istio-sidecar-upstream', hostname: '*' });
    expect(findObject(docs, 'PeerAuthentication', 'default', 'bookinfo').spec).toEqual({ mtls: { mode: 'STRICT' } });
    const policy = findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-productpage', 'bookinfo');
    expect(policy.spec.selector).toEqual({ matchLabels: { app: 'productpage' } }); // productpage's pods only, not all of bookinfo
    expect(policy.spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary-ingress'] } }],
      to: [{ operation: { ports: ['9080'] } }],
    }]);
    expect(docs.map((d) => d.kind)).not.toContain('Deployment'); // Ambassador comes from Helm
  });

  test('linkerd: no TLSContext, plain HTTP to each Service\'s full name with add_linkerd_headers', () => {
    const docs = docsOf('linkerd');
    expect(docs.map((d) => d.kind)).toEqual(['Mapping', 'Mapping']); // the pod wiring is in helm/ and kustomize/
    expect(findObject(docs, 'Mapping', 'linkerd-books').spec).toEqual({
      prefix: '/books/', hostname: '*', service: 'books.booksapp.svc.cluster.local:7000', add_linkerd_headers: true, remove_request_headers: ['l5d-dst-override'],
    });
  });

  test('cert-manager: the Certificate\'s Secret is the TLSContext\'s, verified against the issuer CA, with SNI, and a server certificate', () => {
    const docs = docsOf('cert-manager');
    const client = findObject(docs, 'Certificate', 'ambassador-upstream-client', 'emissary');
    expect(client.spec).toMatchObject({ usages: ['digital signature', 'client auth'], duration: '720h', renewBefore: '240h', issuerRef: { kind: 'ClusterIssuer', name: 'internal-ca' } });
    const context = findObject(docs, 'TLSContext', 'cert-manager-upstream-inventory.warehouse');
    expect(context.spec).toEqual({ secret: client.spec.secretName, cacert_chain_file: '/etc/cert-manager-ca/ca.crt', sni: 'inventory.warehouse' });
    expect(findObject(docs, 'Mapping', 'inventory-mtls').spec).toMatchObject({ service: 'https://inventory.warehouse:8443', tls: context.metadata.name });
    expect(findObject(docs, 'Certificate', 'inventory-tls', 'warehouse').spec.usages).toEqual(['digital signature', 'server auth']);
  });

  test('gateway-api: the cert-manager chart\'s intent on the Gateway API, verified against its CRDs\' schemas and CEL rules', () => {
    const docs = docsOf('gateway-api'); // synthValid: schemas and CEL rules
    const client = findObject(docs, 'Certificate', 'edge-upstream-client', 'edge');
    expect(client.spec).toMatchObject({ usages: ['digital signature', 'client auth'], duration: '720h', renewBefore: '240h', issuerRef: { kind: 'ClusterIssuer', name: 'internal-ca' } });
    expect(findObject(docs, 'Gateway', 'edge', 'edge').spec.tls.backend.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: client.spec.secretName });
    expect(findObject(docs, 'HTTPRoute', 'orders-mtls', 'edge').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'orders', namespace: 'shop', port: 8443 }]);
    expect(findObject(docs, 'ReferenceGrant', 'httproute-edge', 'shop').spec.to).toEqual([{ group: '', kind: 'Service', name: 'orders' }]);
    // The issuer's CA, from the upstream's own server certificate Secret; its name as SNI, verified.
    const server = findObject(docs, 'Certificate', 'orders-tls', 'shop');
    expect(findObject(docs, 'BackendTLSPolicy', 'orders', 'shop').spec.validation).toEqual({
      caCertificateRefs: [{ group: '', kind: 'Secret', name: server.spec.secretName }], hostname: 'orders.shop',
    });
    expect(server.spec.dnsNames).toContain('orders.shop');
  });

  test('consul matches the seed documentation field for field', () => {
    const docs = docsOf('consul');
    const tls = findObject(docs, 'TLSContext', 'ambassador-consul');
    expect(tls.apiVersion).toBe('getambassador.io/v2');
    expect(tls.spec).toEqual({
      hosts: [],
      secret: 'ambassador-consul-connect',
      // Not in the seed: the connector writes tls.crt as the leaf followed by the Consul root, so
      // naming it as ca_secret verifies the Connect sidecars, which the seed left unverified.
      ca_secret: 'ambassador-consul-connect',
    });
    // The seed's name, qotm_mtls_mapping, is not a valid Kubernetes name: "_" becomes "-".
    const mapping = findObject(docs, 'Mapping', 'qotm-mtls-mapping');
    expect(mapping.apiVersion).toBe('getambassador.io/v2');
    expect(mapping.spec).toEqual({ prefix: '/qotm-consul-mtls/', service: 'https://qotm-proxy', tls: 'ambassador-consul' });
    expect(findObject(docs, 'Service', 'ambassador-consul-connector').spec.ports).toEqual([{ name: 'ambassador-consul-connector', port: 80 }]);
    const env = findObject(docs, 'Deployment', 'ambassador-consul-connect-integration').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === '_AMBASSADOR_TLS_SECRET_NAME').value).toBe('ambassador-consul-connect');
    // The example's Consul runs an agent on each node, which the connector reaches on the node's IP.
    expect(env.find((e: any) => e.name === '_CONSUL_HOST').valueFrom).toEqual({ fieldRef: { fieldPath: 'status.hostIP' } });
  });

  test('consul-v3: the Consul servers, a ConsulResolver, load_balancer, a Connect sidecar service and its intentions', () => {
    const docs = docsOf('consul-v3');
    expect(findObject(docs, 'ConsulResolver', 'consul-dc1').spec).toEqual({ address: 'consul-server.consul.svc:8500', datacenter: 'dc1' });
    expect(findObject(docs, 'Mapping', 'qotm-mtls')).toMatchObject({
      apiVersion: 'getambassador.io/v3alpha1',
      spec: { service: 'qotm-sidecar-proxy', resolver: 'consul-dc1', load_balancer: { policy: 'round_robin' }, tls: 'emissary-consul' },
    });
    expect(findObject(docs, 'ServiceIntentions', 'qotm').spec).toEqual({ destination: { name: 'qotm' }, sources: [{ name: 'ambassador', action: 'allow' }] });
  });

  test('route-table: 24 routes through the mesh, which GitOpsApp writes as base/ and shard folders', () => {
    const docs = docsOf('route-table');
    expect(docs.filter((d) => d.kind === 'Mapping')).toHaveLength(24);
    expect(findObject(docs, 'Mapping', 'shop-orders').spec).toMatchObject({ service: 'https://orders.shop:8080', tls: 'istio-route-table' });
    const dist = path.join(__dirname, '..', '..', 'dist', 'route-table');
    expect(fs.readdirSync(dist).sort()).toEqual(['base', 'delivery', 'kustomization.yaml', 'shard-00', 'shard-010', 'shard-011', 'shard-10', 'shard-110', 'shard-111']);
  });

  test('the charts can be applied to one cluster and one Ambassador: no name or route collides', () => {
    const docs = charts.flatMap(docsOfChart);
    const keys = docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const contexts = docs.filter((d) => d.kind === 'TLSContext').map((d) => d.metadata.name);
    expect(new Set(contexts).size).toBe(contexts.length);
    const routes = docs.filter((d) => d.kind === 'Mapping').map((d) => `${d.spec.hostname ?? d.spec.host ?? '*'} ${d.spec.prefix}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  test('the charts that declare an install write what that install reads, and only that (dist/)', () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    expect(fs.readdirSync(path.join(dist, 'istio', 'helm'))).toEqual(['emissary-ingress-values.yaml']);
    expect(fs.existsSync(path.join(dist, 'istio', 'kustomize'))).toBe(false);
    expect(Object.keys(parse(fs.readFileSync(path.join(dist, 'cert-manager', 'helm', 'edge-stack-values.yaml'), 'utf8')))).toEqual(['emissary-ingress']);
    expect(fs.existsSync(path.join(dist, 'linkerd', 'helm'))).toBe(false);
    const patch = parse(fs.readFileSync(path.join(dist, 'linkerd', 'kustomize', 'linkerd-mtls', 'ambassador-linkerd-patch.yaml'), 'utf8'));
    expect([patch.metadata, patch.spec.template.metadata.annotations['config.linkerd.io/skip-inbound-ports']]).toEqual([{ name: 'emissary-ingress', namespace: 'emissary' }, '8080,8443']);
    // sa/emissary-ingress: the emissary-ingress chart's account for release emissary-ingress, no longer written by hand.
    expect(findObject(docsOf('istio'), 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-productpage').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/emissary/sa/emissary-ingress']);
  });
});
