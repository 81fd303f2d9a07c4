/**
 * The cross-resource rules the plugin (and the CLI) run over manifests: for each rule, a set of
 * documents that breaks it and only it, and the same documents fixed.
 */
import * as fc from 'fast-check';
import { checkMtlsRules, MTLS_RULES } from '../../src';

type Json = Record<string, any>;
const AMB = 'getambassador.io/v3alpha1';
const doc = (d: Json, file = 'm.yaml') => ({ doc: d, file });
const mapping = (name: string, spec: Json, namespace = 'emissary') =>
  doc({ apiVersion: AMB, kind: 'Mapping', metadata: { name, namespace }, spec: { prefix: `/${name}/`, service: 'https://s.apps:8443', hostname: '*', ...spec } });
const context = (name: string, spec: Json, namespace = 'emissary') => doc({ apiVersion: AMB, kind: 'TLSContext', metadata: { name, namespace }, spec });
const resolver = (name: string, namespace = 'emissary', spec: Json = {}) =>
  doc({ apiVersion: AMB, kind: 'ConsulResolver', metadata: { name, namespace }, spec: { address: 'consul:8500', datacenter: 'dc1', ...spec } });
const deployment = (name: string, namespace: string | undefined, container: Json) => doc({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { template: { spec: { containers: [container] } } },
});
const connector = (env: Json[]) => deployment('connector', 'ambassador', { name: 'c', image: 'x:1', command: ['consul_connect_integration'], env });
const ambassador = (namespace: string | undefined, extra: Json) => deployment('ambassador', namespace, { name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', ...extra });

const rulesOf = (docs: ReturnType<typeof doc>[], options = {}) => checkMtlsRules(docs, options).map((v) => `${v.rule} ${v.resource}`);

/** Rule id -> [documents breaking it, the same documents fixed]. */
const CASES: Record<string, [ReturnType<typeof doc>[], ReturnType<typeof doc>[]]> = {
  'mapping-tls-exists': [[mapping('a', { tls: 'missing' })], [mapping('a', { tls: 'missing' }), context('missing', { secret: 's' })]],
  'mapping-tls-ambassador-id': [
    [mapping('b', { tls: 'edge-ctx', ambassador_id: ['internal'] }), context('edge-ctx', { secret: 's', ambassador_id: ['edge'] })],
    [mapping('b', { tls: 'edge-ctx', ambassador_id: ['edge'] }), context('edge-ctx', { secret: 's', ambassador_id: ['edge'] })],
  ],
  'mapping-resolver-exists': [[mapping('c', { resolver: 'consul-dc9', service: 's' })], [mapping('c', { resolver: 'consul-dc9', service: 's' }), resolver('consul-dc9')]],
  'mapping-tls-http': [
    [mapping('d', { tls: 'ctx', service: 'http://s.apps:8080' }), context('ctx', { secret: 's' })],
    [mapping('d', { tls: 'ctx', service: 'https://s.apps:8080' }), context('ctx', { secret: 's' })],
  ],
  'mapping-tls-fail-open': [
    [mapping('e', { tls: 'ctx', service: 's.apps:8080' }), context('ctx', { secret: 's' })],
    [mapping('e', { tls: 'ctx', service: 'https://s.apps:8080' }), context('ctx', { secret: 's' })],
  ],
  'mapping-consul-service': [
    [mapping('f', { resolver: 'consul-dc1', service: 'qotm-sidecar-proxy.default:20000', load_balancer: { policy: 'round_robin' } }), resolver('consul-dc1')],
    [mapping('f', { resolver: 'consul-dc1', service: 'qotm-sidecar-proxy', load_balancer: { policy: 'round_robin' } }), resolver('consul-dc1')],
  ],
  'mapping-route-conflict': [
    [mapping('g', { prefix: '/same/' }), mapping('h', { prefix: '/same/', load_balancer: { policy: 'least_request' } })],
    [mapping('g', { prefix: '/same/' }), mapping('h', { prefix: '/same/', hostname: 'api.example.com', load_balancer: { policy: 'least_request' } })],
  ],
  'tlscontext-name-unique': [
    [context('upstream', { secret: 'a' }, 'alpha'), context('upstream', { secret: 'z' }, 'zeta')],
    [context('upstream', { secret: 'a' }, 'alpha'), context('upstream', { secret: 'z', ambassador_id: ['other'] }, 'zeta')],
  ],
  'tlscontext-ca-secret-not-client': [
    [context('upstream', { secret: 'client-cert', ca_secret: 'client-cert.alpha' }, 'alpha')],
    [context('upstream', { secret: 'client-cert', ca_secret: 'upstream-ca' }, 'alpha')],
  ],
  'module-unique': [
    [doc({ apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'a' }, spec: { config: {} } }),
      doc({ apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'b' }, spec: { config: {} } })],
    [doc({ apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'a' }, spec: { config: {} } }),
      doc({ apiVersion: AMB, kind: 'Module', metadata: { name: 'ambassador', namespace: 'b' }, spec: { config: {}, ambassador_id: ['other'] } })],
  ],
  'resolver-name-unique': [[resolver('consul', 'alpha'), resolver('consul', 'zeta')], [resolver('consul', 'alpha'), resolver('consul-zeta', 'zeta')]],
  'tlscontext-files-mounted': [
    // "..": a path that leaves the mount is not under it, whatever its prefix says.
    [ambassador(undefined, { volumeMounts: [{ name: 'v', mountPath: '/etc/istiocerts/' }] }), context('files', { cert_chain_file: '/etc/istiocerts/../other/chain.pem', private_key_file: '/etc/istiocerts/key.pem' })],
    [ambassador(undefined, { volumeMounts: [{ name: 'v', mountPath: '/etc/istiocerts/' }] }), context('files', { cert_chain_file: '/etc/istiocerts/chain.pem', private_key_file: '/etc/istiocerts/key.pem' })],
  ],
  'istio-certs-namespace': [
    [ambassador('emissary', { env: [{ name: 'AMBASSADOR_ISTIO_SECRET_DIR', value: '/etc/istio-certs' }] }), context('istio', { secret: 'istio-certs' }, 'mesh')],
    [ambassador('emissary', { env: [{ name: 'AMBASSADOR_ISTIO_SECRET_DIR', value: '/etc/istio-certs' }] }), context('istio', { secret: 'istio-certs.emissary' }, 'mesh')],
  ],
  'connector-secret-read': [
    // The connector's default name with an id is ambassador-<id>-consul-connect, not <id>-consul-connect.
    [connector([{ name: '_AMBASSADOR_ID', value: 'edge' }]), context('consul', { secret: 'edge-consul-connect' }, 'ambassador')],
    [connector([{ name: '_AMBASSADOR_ID', value: 'edge' }]), context('consul', { secret: 'ambassador-edge-consul-connect' }, 'ambassador')],
  ],
};

describe('cross-resource rules', () => {
  test('every rule has a case here, and a summary', () => {
    expect(MTLS_RULES.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
    for (const rule of MTLS_RULES) expect(rule.summary.length).toBeGreaterThan(20);
  });

  test.each(Object.entries(CASES))('%s: reported on the broken documents, not on the fixed ones', (rule, [broken, fixed]) => {
    expect(rulesOf(broken).map((v) => v.split(' ')[0])).toEqual([rule]);
    expect(rulesOf(fixed)).toEqual([]);
  });

  test('violations carry the file and document index, a message and a fix', () => {
    const [v] = checkMtlsRules([{ doc: mapping('a', { tls: 'missing' }).doc, file: 'routes.yaml', index: 3 }]);
    expect(v).toEqual({
      rule: 'mapping-tls-exists',
      resource: 'Mapping/emissary/a',
      file: 'routes.yaml',
      index: 3,
      message: 'tls "missing" names no TLSContext of this app',
      fix: expect.stringMatching(/^define TLSContext "missing" or fix the name/),
    });
  });

  test('references declared external, by property or annotation, are not reported', () => {
    const annotated = mapping('x', { tls: 'installed', resolver: 'elsewhere', service: 's' });
    annotated.doc.metadata.annotations = { 'cdk8s-ambassador-mtls/external-tls-context': 'installed', 'cdk8s-ambassador-mtls/external-resolver': 'elsewhere' };
    expect(rulesOf([annotated])).toEqual([]);
    expect(rulesOf([mapping('y', { tls: 'installed', resolver: 'elsewhere', service: 's' })], { externalTlsContexts: ['installed'], externalResolvers: ['elsewhere'] })).toEqual([]);
  });

  test('Ambassador ids group the manifests as Emissary does: a string id of v2 counts as a list', () => {
    const v2 = doc({ apiVersion: 'getambassador.io/v2', kind: 'Mapping', metadata: { name: 'v2' }, spec: { prefix: '/v2/', service: 'https://s:1', tls: 'ctx', ambassador_id: 'edge' } });
    expect(rulesOf([v2, context('ctx', { secret: 's', ambassador_id: ['edge'] })])).toEqual([]);
    expect(rulesOf([v2, context('ctx', { secret: 's' })])).toEqual(['mapping-tls-ambassador-id Mapping/-/v2']);
  });
});

describe('the rules read any YAML without failing', () => {
  test('property: arbitrary documents (scalars, lists, objects of any shape) give violations or none, never an exception', () => {
    const kinds = fc.constantFrom('Mapping', 'TLSContext', 'ConsulResolver', 'Deployment', 'Host');
    const shaped = fc.record({
      apiVersion: fc.constantFrom('getambassador.io/v3alpha1', 'getambassador.io/v2', 'apps/v1', 5),
      kind: kinds,
      metadata: fc.oneof(fc.anything(), fc.record({ name: fc.anything(), namespace: fc.anything(), annotations: fc.anything() })),
      spec: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('tls', 'service', 'resolver', 'prefix', 'ambassador_id', 'secret', 'cert_chain_file', 'template'), fc.anything())),
    });
    fc.assert(fc.property(fc.array(fc.oneof(fc.anything(), shaped), { maxLength: 6 }), (docs) => {
      expect(() => checkMtlsRules(docs.map((d, index) => ({ doc: d as any, file: 'x.yaml', index })))).not.toThrow();
    }), { numRuns: 300 });
  });
});
