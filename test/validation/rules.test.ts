/**
 * The cross-resource rules the plugin (and the CLI) run over manifests: for each rule, a set of
 * documents that breaks it and only it, and the same documents fixed.
 */
import * as fc from 'fast-check';
import { checkMtlsRules, MTLS_RULES } from '../../src';
import { CASES, context, doc, mapping, resolver } from '../fixtures/rule-cases';

const rulesOf = (docs: ReturnType<typeof doc>[], options = {}) => checkMtlsRules(docs, options).map((v) => `${v.rule} ${v.resource}`);

describe('cross-resource rules', () => {
  test('every rule has a case here, and a summary', () => {
    expect(MTLS_RULES.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
    for (const rule of MTLS_RULES) expect(rule.summary.length).toBeGreaterThan(20);
  });

  test.each(Object.entries(CASES))('%s: reported on the broken documents, not on the fixed ones', (rule, [broken, fixed, options]) => {
    expect(rulesOf(broken, options).map((v) => v.split(' ')[0])).toEqual([rule]);
    expect(rulesOf(fixed, options)).toEqual([]);
  });

  test('rules of other releases are not run: each release-bound rule is quiet for a release it does not follow', () => {
    const [unrouted] = CASES['mapping-unrouted'];
    expect(rulesOf(unrouted, { emissaryVersion: '1.14' })).toEqual(['api-version-served Mapping/emissary/s']); // 1.x reads no v3alpha1 at all
    const [rateLimit] = CASES['service-protocol-version'];
    expect(rulesOf(rateLimit, { emissaryVersion: '2.5' })).toEqual([]);
    expect(rulesOf(rateLimit, { emissaryVersion: '3.0' }).map((v) => v.split(' ')[0])).toEqual(['service-protocol-version']);
    expect(() => rulesOf(rateLimit, { emissaryVersion: '5.0' })).toThrow(/Emissary version "5.0" is not a release these checks know\. Fix: give major\.minor from 1\.14 to 4\.x/);
  });

  test('mapping-unrouted: a host redirect names no host of its own, so without a hostname no Host takes it', () => {
    // irhost.py matches a redirect group by the Mapping's own host, not host_rewrite (the target):
    // Emissary's compiler makes no route for this Mapping at all, and one once hostname is set.
    const redirect = (spec: Record<string, unknown>) => doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'r', namespace: 'emissary' }, spec: { prefix: '/r/', service: 's', host_redirect: true, host_rewrite: 'example.com', ...spec } });
    expect(rulesOf([redirect({})])).toEqual(['mapping-unrouted Mapping/emissary/r']);
    expect(rulesOf([redirect({ hostname: '*' })])).toEqual([]);
  });

  test('mapping-unrouted: an empty mappingSelector selects no Mapping, one with empty matchLabels selects every one', () => {
    // irhost.py: `if mapsel:` is false for {}, so a Mapping without a host matches no Host (the
    // compiler leaves it unrouted); {matchLabels: {}} makes selector_matches return True.
    const labelled = doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'l', namespace: 'emissary', labels: { team: 'a' } }, spec: { prefix: '/l/', service: 's' } });
    const edge = (spec: Record<string, unknown>) => doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Host', metadata: { name: 'edge', namespace: 'emissary' }, spec: { hostname: '*', ...spec } });
    expect(rulesOf([labelled, edge({ mappingSelector: {} })])).toEqual(['mapping-unrouted Mapping/emissary/l']);
    expect(rulesOf([labelled, edge({ mappingSelector: { matchLabels: {} } })])).toEqual([]);
    expect(rulesOf([labelled, edge({ mappingSelector: {}, selector: { matchLabels: { team: 'a' } } })])).toEqual([]);
  });

  test('a Module not named ambassador configures nothing: its resolver, retry_policy and error_response_overrides are not checked', () => {
    // Emissary reads aconf.get_module("ambassador") alone; its compiler reports nothing for these in a Module "extra".
    const module = (name: string) => doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Module', metadata: { name, namespace: 'emissary' }, spec: { config: { resolver: 'nowhere', retry_policy: {}, error_response_overrides: [] } } });
    expect(rulesOf([module('extra')], { emissaryVersion: '4.1' })).toEqual([]);
    expect(rulesOf([module('ambassador')], { emissaryVersion: '4.1' }).map((v) => v.split(' ')[0]))
      .toEqual(['mapping-retry-policy', 'mapping-error-response-overrides', 'module-resolver-exists']);
  });

  test('mapping-host: the globs Emissary routes (a "*" at the start or end) pass, others do not', () => {
    // Emissary's compiler routes hostname "www.example.*" to Host www.example.com and "*-api.example.com"
    // to foo-api.example.com (irutils.py hostglob_matches; Envoy's prefix and suffix domain wildcards).
    for (const hostname of ['*', '*.example.com', '*-api.example.com', 'www.example.*', 'api-*', 'example.com:8443']) {
      expect(rulesOf([mapping('g', { hostname })])).toEqual([]);
    }
    for (const hostname of ['www.*.com', '**', '*.', '.example.com', 'a..b', '*.example.com:0']) {
      expect(rulesOf([mapping('g', { hostname })])).toEqual(['mapping-host Mapping/emissary/g']);
    }
  });

  test('mapping-host: a glob in a v3alpha1 host is named as v3alpha1\'s, with hostname as the fix', () => {
    const [v3Host] = checkMtlsRules([mapping('h', { host: '*.example.com' })]);
    expect(v3Host.message).toMatch(/^host "\*\.example\.com" is a glob, but getambassador\.io\/v3alpha1 matches `host` exactly/);
    expect(v3Host.fix).toBe('use hostname, which takes globs, or name one exact host');
  });

  test('mapping-error-response-overrides: Emissary 4 drops a Mapping that sets them, and ignores the Module\'s', () => {
    // The current compiler leaves such a Mapping out of the route table; the Module's only posts the error.
    const [onMapping] = checkMtlsRules(CASES['mapping-error-response-overrides'][0], { emissaryVersion: '4.1' });
    expect(onMapping.message).toMatch(/and then drops the whole Mapping: no route is made for it$/);
    const module = doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Module', metadata: { name: 'ambassador', namespace: 'emissary' }, spec: { config: { error_response_overrides: [] } } });
    const [onModule] = checkMtlsRules([module], { emissaryVersion: '4.1' });
    expect(onModule.message).not.toMatch(/drops/);
  });

  test('mapping-service: a dotted name is a DNS name Emissary resolves as written: a leading digit or capitals are fine there', () => {
    // Emissary's compiler routes all three without an error; only a bare name is a Service of the Mapping's namespace.
    for (const service of ['https://1api.example.com', 'https://API.Example.com:443', 'web.Apps:8080']) {
      expect(rulesOf([mapping('s', { service })])).toEqual([]);
    }
    for (const service of ['9web:8080', 'Web:8080', 'web.ap_ps:8080', 'a..b:80']) {
      expect(rulesOf([mapping('s', { service })])).toEqual(['mapping-service Mapping/emissary/s']);
    }
  });

  test('mapping-consul-service: an https:// scheme on a Consul service is fine, as Emissary routes it with TLS', () => {
    // Emissary's compiler makes an mTLS route to qotm-sidecar-proxy for this Mapping, without an error.
    const consul = (service: string) => [mapping('q', { service, resolver: 'consul-dc1', tls: 'ctx' }), resolver('consul-dc1'), context('ctx', { secret: 's' })];
    expect(rulesOf(consul('https://qotm-sidecar-proxy'))).toEqual([]);
    expect(rulesOf(consul('https://qotm-sidecar-proxy:20000'))).toEqual(['mapping-consul-service Mapping/emissary/q']);
  });

  test('violations carry the file and document index, a message and a fix', () => {
    const [v] = checkMtlsRules([{ doc: mapping('a', { tls: 'missing' }).doc, file: 'routes.yaml', index: 3 }]);
    expect(v).toEqual({
      rule: 'mapping-tls-exists',
      severity: 'error',
      field: 'spec.tls',
      document: expect.anything(),
      resource: 'Mapping/emissary/a',
      file: 'routes.yaml',
      index: 3,
      message: 'tls "missing" names no TLSContext in the manifests',
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
    // With the mesh objects issue 19's rules read (policies, Certificates, issuers, Services, Secrets, the Module).
    const kinds = fc.constantFrom('Mapping', 'TLSContext', 'ConsulResolver', 'Deployment', 'Host', 'Module', 'AuthorizationPolicy', 'Certificate', 'ClusterIssuer', 'Service', 'Secret');
    const keys = ['tls', 'service', 'resolver', 'prefix', 'ambassador_id', 'secret', 'cert_chain_file', 'cacert_chain_file', 'template', 'hostname', 'host', 'enable_ipv6',
      'add_linkerd_headers', 'remove_request_headers', 'config', 'selector', 'rules', 'ports', 'secretName', 'issuerRef', 'duration', 'renewBefore', 'privateKey', 'selfSigned'];
    const shaped = fc.record({
      apiVersion: fc.constantFrom('getambassador.io/v3alpha1', 'getambassador.io/v2', 'apps/v1', 'security.istio.io/v1', 'cert-manager.io/v1', 'v1', 5),
      kind: kinds,
      metadata: fc.oneof(fc.anything(), fc.record({ name: fc.anything(), namespace: fc.anything(), annotations: fc.anything() })),
      spec: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...keys), fc.anything())),
    });
    fc.assert(fc.property(fc.array(fc.oneof(fc.anything(), shaped), { maxLength: 6 }), (docs) => {
      expect(() => checkMtlsRules(docs.map((d, index) => ({ doc: d as any, file: 'x.yaml', index })))).not.toThrow();
    }), { numRuns: Number(process.env.HOSTILE_RUNS ?? 300) });
  });
});
