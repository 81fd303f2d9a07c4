/**
 * Issue 19's rules on hand-written YAML, beyond the one case per rule of rule-cases.ts: the
 * variants each rule tells apart, its severity, and what it leaves alone.
 */
import { checkManifests } from '../../src';

type Json = Record<string, any>;
const AMB = 'getambassador.io/v3alpha1';
const findings = (docs: Json[]) => checkManifests(docs.map((doc, index) => ({ doc, file: 'mesh.yaml', index }))).findings
  .filter((f) => !['crd-schema', 'object-name'].includes(f.rule))
  .map((f) => `${f.severity} ${f.rule} ${f.resource}: ${f.message}`);
const mapping = (name: string, spec: Json) => ({ apiVersion: AMB, kind: 'Mapping', metadata: { name, namespace: 'emissary' }, spec: { prefix: `/${name}/`, hostname: '*', service: 'web.apps:80', ...spec } });
const policy = (namespace: string, spec: Json) => ({
  apiVersion: 'security.istio.io/v1beta1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'allow-ambassador', namespace },
  spec: { rules: [{ from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary-ingress'] } }] }], ...spec },
});

describe('issue 19\'s rules on hand-written YAML', () => {
  test('istio-authz-scope: a namespace-wide ALLOW policy is a warning, a mesh-wide one an error; allow-nothing and selected policies pass', () => {
    expect(findings([policy('bookinfo', {})])).toEqual([expect.stringMatching(/^warning istio-authz-scope AuthorizationPolicy\/bookinfo\/allow-ambassador: has no selector, so it applies to every workload of namespace bookinfo/)]);
    // Mesh-wide, the lockout is an error: hardly anyone means every workload of the mesh.
    expect(findings([policy('istio-system', {})])).toEqual([expect.stringMatching(/^error istio-authz-scope .*applies to every workload of every namespace of the mesh/)]);
    expect(findings([policy('istio-system', { selector: { matchLabels: { app: 'kiali' } } })])).toEqual([expect.stringMatching(/is in Istio's root namespace, where its selector \{"app":"kiali"\} matches pods in every namespace/)]);
    // Istio's documented default-deny ("allow nothing": no rules) is meant to cover the namespace.
    expect(findings([{ ...policy('bookinfo', {}), spec: {} }])).toEqual([]);
    expect(findings([policy('bookinfo', { action: 'DENY' })])).toEqual([]);
  });

  test('istio-authz-scope, istio-authz-pod-port: a policy with a rule that matches every request (Istio\'s allow-all, rules: [{}]) refuses no caller', () => {
    // The authorization-policy reference's own "allow-all" example, in a namespace and mesh-wide.
    const allowAll = (namespace: string) => ({ ...policy(namespace, {}), spec: { rules: [{}] } });
    expect(findings([allowAll('foo')])).toEqual([]);
    expect(findings([allowAll('istio-system')])).toEqual([]);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const ports = policy('apps', { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { ports: ['80'] } }] }, { from: [] }] });
    expect(findings([ports, service])).toEqual([]);
  });

  test('istio-authz-pod-port: a Service port that maps elsewhere is refused; the pod port, or a port no Service maps, passes', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' }, spec: { selector: { app: 'web', tier: 'front' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const allow = (ports: string[], selector: Json = { app: 'web' }) => policy('apps', { selector: { matchLabels: selector }, rules: [{ to: [{ operation: { ports } }] }] });
    expect(findings([allow(['80']), service])).toEqual([
      'error istio-authz-pod-port AuthorizationPolicy/apps/allow-ambassador: allows port "80", the port of Service web, but its pods receive on 8080: Istio compares the port the pod receives on, so every request to those pods is refused',
    ]);
    expect(findings([allow(['8080']), service])).toEqual([]);
    expect(findings([allow(['80'], { app: 'api' }), service])).toEqual([]); // other pods
    expect(findings([allow(['80']), { ...service, spec: { ...service.spec, ports: [{ port: 80, targetPort: 'http' }] } }])).toEqual([]); // named: unknown here
  });

  test('certificate-webhook: what cert-manager\'s webhook refuses in a key and a lifetime', () => {
    const certificate = (spec: Json) => ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'emissary' }, spec: { secretName: 'c', issuerRef: { name: 'ca' }, dnsNames: ['a.b'], ...spec } });
    expect(findings([certificate({ duration: '2562048h' })])).toEqual([expect.stringMatching(/duration "2562048h" is not a Go duration cert-manager can parse .*at most 2562047h47m16s/)]);
    expect(findings([certificate({ duration: '30m' })])).toEqual([expect.stringMatching(/duration "30m" is shorter than an hour/)]);
    expect(findings([certificate({ duration: '24h', renewBefore: '24h' })])).toEqual([expect.stringMatching(/renewBefore "24h" is not below duration "24h"/)]);
    expect(findings([certificate({ privateKey: { algorithm: 'ECDSA', size: 255 } })])).toEqual([expect.stringMatching(/privateKey\.size 255 is not an ECDSA curve size/)]);
    expect(findings([certificate({ privateKey: { size: 8193 } })])).toEqual([expect.stringMatching(/privateKey\.size 8193 is not an RSA key size/)]); // RSA is the default algorithm
    expect(findings([certificate({ privateKey: { algorithm: 'RSA', size: 3072 }, duration: '1.5h', renewBefore: '30m' })])).toEqual([]);
    // certificate.go checks a size above 0 only (0: the algorithm's default), and compares
    // renewBefore with the default duration (90 days) when duration is unset.
    expect(findings([certificate({ privateKey: { algorithm: 'ECDSA', size: 0 } }), { ...certificate({ privateKey: { size: 0 } }), metadata: { name: 'd', namespace: 'emissary' } }])).toEqual([]);
    expect(findings([certificate({ renewBefore: '2160h' })])).toEqual([expect.stringMatching(/renewBefore "2160h" is not below duration "2160h" \(cert-manager's default, as duration is unset\)/)]);
    expect(findings([certificate({ renewBefore: '720h' })])).toEqual([]);
  });

  test('module-config: a near-miss key and a value of the wrong type are errors; unknown far keys and shaped settings pass', () => {
    const module = (config: Json) => ({ apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'emissary' }, spec: { config } });
    expect(findings([module({ use_remote_adress: true })])).toEqual([
      'error module-config Module/emissary/ambassador: config.use_remote_adress is no setting Emissary knows (it would ignore it without a word), and close to "use_remote_address"',
    ]);
    expect(findings([module({ xff_num_trusted_hops: '1' })])).toEqual([expect.stringMatching(/config\.xff_num_trusted_hops "1" is not a whole number, which Emissary passes to Envoy as is/)]);
    expect(findings([module({ my_future_setting: 'x', circuit_breakers: [{ max_connections: 10 }] })])).toEqual([]);
  });

  test('linkerd-header-relay: a warning, an error once Ambassador\'s pod is meshed in ingress mode; the Module\'s header counts', () => {
    const relay = mapping('books', { service: 'books.booksapp.svc.cluster.local:7000', add_linkerd_headers: true });
    expect(findings([relay])).toEqual([expect.stringMatching(/^warning linkerd-header-relay Mapping\/emissary\/books: sends l5d-dst-override .* in Linkerd's ingress mode the proxy routes by that header/)]);
    const ingress = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'emissary-ingress', namespace: 'emissary' },
      spec: { template: { metadata: { annotations: { 'linkerd.io/inject': 'ingress' } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] } } },
    };
    expect(findings([relay, ingress])).toEqual([expect.stringMatching(/^error linkerd-header-relay .*Ambassador's pod is meshed in ingress mode/)]);
    const module = { apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'emissary' }, spec: { config: { add_linkerd_headers: true } } };
    expect(findings([module, mapping('authors', {})])).toEqual([expect.stringMatching(/^warning linkerd-header-relay Mapping\/emissary\/authors/)]);
    expect(findings([module, mapping('authors', { add_linkerd_headers: false })])).toEqual([]);
  });

  test('mapping-ipv6: the Module\'s enable_ipv6 counts; IPv4 and names need none', () => {
    const module = { apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'emissary' }, spec: { config: { enable_ipv6: true } } };
    expect(findings([mapping('six', { service: '[fd00::5]:8080' })])).toEqual([expect.stringMatching(/^error mapping-ipv6 .*service "\[fd00::5\]:8080" is an IPv6 address, but without enable_ipv6 Emissary makes its cluster V4_ONLY/)]);
    expect(findings([module, mapping('six', { service: '[fd00::5]:8080' })])).toEqual([]);
    expect(findings([mapping('four', { service: '10.0.0.5:8080' })])).toEqual([]);
  });

  test('certificate-issuer-ca on hand-written YAML: the issuer is read, not refused by the schema check (the package bundles no Issuer CRD)', () => {
    const issuer = (spec: Json) => ({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'internal' }, spec });
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'client', namespace: 'emissary' }, spec: { secretName: 'client', issuerRef: { name: 'internal', kind: 'ClusterIssuer' }, dnsNames: ['a.b'] } };
    const pod = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'emissary-ingress', namespace: 'emissary' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', volumeMounts: [{ name: 'ca', mountPath: '/etc/ca', readOnly: true }] }],
            volumes: [{ name: 'ca', secret: { secretName: 'client', optional: true } }],
          },
        },
      },
    };
    const context = { apiVersion: AMB, kind: 'TLSContext', metadata: { name: 'upstream', namespace: 'emissary' }, spec: { secret: 'client', cacert_chain_file: '/etc/ca/ca.crt' } };
    expect(findings([issuer({ acme: { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'acme' }, solvers: [] } }), certificate, pod, context]))
      .toEqual([expect.stringMatching(/^error certificate-issuer-ca TLSContext\/emissary\/upstream: cacert_chain_file \/etc\/ca\/ca.crt is the ca.crt of Certificate client, signed by ClusterIssuer internal, an ACME issuer/)]);
    expect(findings([issuer({ ca: { secretName: 'root' } }), certificate, pod, context])).toEqual([]);
    // A kind of the group that no cert-manager CRD defines is still refused.
    expect(checkManifests([{ doc: { ...issuer({}), kind: 'ClusterIsuser' }, file: 'i.yaml' }]).findings.map((f) => f.rule)).toEqual(['crd-schema']);
  });

  test('pod-secret-namespace: a Secret the manifests make only elsewhere; optional volumes, Secrets made nowhere here, and cert-manager\'s Secrets in the pod\'s namespace pass', () => {
    const pod = (secret: Json) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'emissary-ingress', namespace: 'emissary' },
      spec: { template: { spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }], volumes: [{ name: 'consul-ca', secret }] } } },
    });
    const secret = (namespace: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'consul-ca-cert', namespace } });
    expect(findings([pod({ secretName: 'consul-ca-cert' }), secret('consul')])).toEqual([
      'error pod-secret-namespace Deployment/emissary/emissary-ingress: volume "consul-ca" mounts Secret "consul-ca-cert", which the manifests make only in namespace consul, '
        + 'but a pod mounts Secrets of its own namespace ("emissary") only: the pod would never start (FailedMount)',
    ]);
    expect(findings([pod({ secretName: 'consul-ca-cert', optional: true }), secret('consul')])).toEqual([]);
    expect(findings([pod({ secretName: 'consul-ca-cert' })])).toEqual([]);
    expect(findings([pod({ secretName: 'consul-ca-cert' }), secret('consul'), secret('emissary')])).toEqual([]);
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'ca', namespace: 'emissary' }, spec: { secretName: 'consul-ca-cert', issuerRef: { name: 'ca' }, dnsNames: ['a.b'] } };
    expect(findings([pod({ secretName: 'consul-ca-cert' }), secret('consul'), certificate])).toEqual([]);
  });

  test('pod-secret-namespace: a Secret that a SealedSecret or an ExternalSecret makes in the pod\'s namespace is made there', () => {
    const pod = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'web:1' }], volumes: [{ name: 'tls', secret: { secretName: 'web-tls' } }] } } },
    };
    const elsewhere = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-tls', namespace: 'other' } };
    const rule = (docs: Json[]) => checkManifests(docs.map((doc, index) => ({ doc, file: 'm.yaml', index }))).findings.filter((f) => f.rule === 'pod-secret-namespace').map((f) => f.resource);
    expect(rule([pod, elsewhere])).toEqual(['Deployment/apps/web']);
    const sealed = { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'web-tls', namespace: 'apps' }, spec: { encryptedData: { 'tls.crt': 'AgB...' } } };
    expect(rule([pod, elsewhere, sealed])).toEqual([]);
    // External Secrets names its Secret spec.target.name, else the ExternalSecret's own name.
    const external = (name: string, target?: string) => ({
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: 'apps' },
      spec: { secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, ...(target ? { target: { name: target } } : {}), data: [] },
    });
    expect(rule([pod, elsewhere, external('web-tls')])).toEqual([]);
    expect(rule([pod, elsewhere, external('sync', 'web-tls')])).toEqual([]);
    expect(rule([pod, elsewhere, external('web-tls', 'other-name')])).toEqual(['Deployment/apps/web']);
  });

  test('certificate-issuer-ca and istio-certs-source stay quiet when the manifests do not hold what they need', () => {
    const context = { apiVersion: AMB, kind: 'TLSContext', metadata: { name: 'c', namespace: 'emissary' }, spec: { secret: 'istio-certs', cacert_chain_file: '/etc/cert-manager-ca/ca.crt' } };
    // No Ambassador Deployment (installed by Helm elsewhere), no Certificate or issuer: nothing to tell.
    expect(findings([context])).toEqual([]);
  });
});

describe('issue 19\'s rules on hostile YAML', () => {
  test('values String() cannot convert (a toString key) are read as their JSON text, never a crash', () => {
    const hostile = { toString: 'x.y.svc.svc.z' };
    const docs: Json[] = [
      mapping('h', { service: hostile, add_linkerd_headers: true, remove_request_headers: [hostile] }),
      policy('apps', { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { ports: [hostile] } }] }] }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' }, spec: { selector: { app: 'web' }, ports: [{ port: hostile, targetPort: 8080 }] } },
      { apiVersion: AMB, kind: 'TLSContext', metadata: { name: 'c', namespace: 'emissary' }, spec: { secret: hostile } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'emissary' }, spec: { secretName: hostile, duration: hostile, issuerRef: { name: 'ca' } } },
    ];
    expect(() => findings(docs)).not.toThrow();
    expect(findings(docs).join('\n')).toMatch(/istio-authz-pod-port .*allows port "\{"toString":"x\.y\.svc\.svc\.z"\}"/);
  });
});
