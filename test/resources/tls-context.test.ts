import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AmbassadorApiVersion, Mapping, TlsContext, TlsContextProps } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

let secrets = 0;
const fromSecret = (chart: ReturnType<typeof testChart>, name = 'client-cert') =>
  kplus.Secret.fromSecretName(chart, `Secret${++secrets}`, name);

const FILES = {
  certChainFile: '/etc/istiocerts/cert-chain.pem',
  privateKeyFile: '/etc/istiocerts/key.pem',
  caChainFile: '/etc/istiocerts/root-cert.pem',
};

describe('TlsContext', () => {
  test.each([
    ['v2', AmbassadorApiVersion.V2],
    ['v3alpha1', AmbassadorApiVersion.V3ALPHA1],
  ])('from files, in %s', (_, apiVersion) => {
    const chart = testChart();
    new TlsContext(chart, 'Ctx', { name: 'istio-upstream', apiVersion, ...FILES });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(findObject(docs, 'TLSContext', 'istio-upstream').spec).toEqual({
      cert_chain_file: FILES.certChainFile,
      private_key_file: FILES.privateKeyFile,
      cacert_chain_file: FILES.caChainFile,
    });
  });

  test('from a secret, with every option, in each version', () => {
    for (const apiVersion of [AmbassadorApiVersion.V2, AmbassadorApiVersion.V3ALPHA1]) {
      const chart = testChart('edge');
      new TlsContext(chart, 'Ctx', {
        name: 'consul',
        apiVersion,
        secret: fromSecret(chart, 'ambassador-consul-connect'),
        secretNamespace: 'consul',
        hosts: [],
        alpnProtocols: ['h2'],
        minTlsVersion: 'v1.2',
        maxTlsVersion: 'v1.3',
        ambassadorId: ['b', 'a', 'b'],
      });
      const docs = synthValid(chart);
      expect(docs).toMatchSnapshot(apiVersion.version);
      const ctx = findObject(docs, 'TLSContext', 'consul');
      expect(ctx.apiVersion).toBe(apiVersion.apiVersion);
      expect(ctx.metadata.namespace).toBe('edge');
      expect(ctx.spec).toEqual({
        secret: 'ambassador-consul-connect.consul',
        hosts: [],
        alpn_protocols: 'h2',
        min_tls_version: 'v1.2',
        max_tls_version: 'v1.3',
        ambassador_id: ['a', 'b'],
      });
    }
  });

  test('a CA Secret (ca_secret) and SNI, checked', () => {
    const chart = testChart('emissary');
    const caSecret = new kplus.Secret(chart, 'Ca', { metadata: { name: 'upstream-ca', namespace: 'security' } });
    new TlsContext(chart, 'Ctx', { name: 'upstream', secret: 'client-cert', caSecret, sni: 'web.apps.svc.cluster.local' });
    new TlsContext(chart, 'Named', { name: 'named', secret: 'client-cert', caSecret: 'upstream-ca', caSecretNamespace: 'security' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'TLSContext', 'upstream').spec).toEqual({ secret: 'client-cert', ca_secret: 'upstream-ca.security', sni: 'web.apps.svc.cluster.local' });
    expect(findObject(docs, 'TLSContext', 'named').spec.ca_secret).toBe('upstream-ca.security');
    const bad = (id: string, props: Partial<TlsContextProps>) => () => new TlsContext(testChart('emissary'), id, { secret: 'client-cert', ...props } as TlsContextProps);
    // Emissary would take the client Secret's own leaf tls.crt as the trust anchor, silently.
    expect(bad('Same', { caSecret: 'client-cert' })).toThrow(/test\/Same: caSecret "client-cert" is the client certificate's own Secret/);
    expect(bad('Both', { caSecret: 'ca', caChainFile: '/etc/ca/ca.crt' })).toThrow(/caSecret "ca" is given together with caChainFile/);
    expect(bad('Dot', { caSecret: 'ca.security' })).toThrow(/caSecret "ca\.security" has a dot/);
    expect(bad('NsOnly', { caSecretNamespace: 'security' })).toThrow(/caSecretNamespace "security" is set without `caSecret`/);
    expect(bad('Ip', { sni: '10.0.0.1' })).toThrow(/sni "10\.0\.0\.1" is not a DNS name/);
    expect(bad('Wild', { sni: '*.apps' })).toThrow(/sni "\*\.apps" is not a DNS name/);
    expect(bad('Port', { sni: 'web.apps:8443' })).toThrow(/sni "web\.apps:8443" is not a DNS name/);
  });

  test('takes the namespace of a Secret of the same app', () => {
    const chart = testChart('edge');
    const secret = new kplus.Secret(chart, 'S', { metadata: { name: 'mesh-cert', namespace: 'mesh' }, type: 'kubernetes.io/tls' });
    new TlsContext(chart, 'Ctx', { name: 'mesh', secret });
    expect(findObject(synthValid(chart), 'TLSContext', 'mesh').spec.secret).toBe('mesh-cert.mesh');
  });

  test('uses the chart\'s API version unless overridden', () => {
    const chart = testChart();
    AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);
    new TlsContext(chart, 'A', { name: 'a', secret: fromSecret(chart) });
    new TlsContext(chart, 'B', { name: 'b', secret: fromSecret(chart), apiVersion: AmbassadorApiVersion.V3ALPHA1 });
    const docs = synthValid(chart);
    expect(findObject(docs, 'TLSContext', 'a').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'TLSContext', 'b').apiVersion).toBe('getambassador.io/v3alpha1');
  });

  test('AmbassadorApiVersion.use after constructs were added is an error', () => {
    const chart = testChart();
    new TlsContext(chart, 'Ctx', { secret: fromSecret(chart) });
    expect(() => AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2))
      .toThrow(/test: AmbassadorApiVersion\.use\(v2\) comes after constructs were added \(Secret\d+, Ctx\)\. Fix: call it right after creating the chart/);
  });

  test('defaults to v3alpha1 and a generated name', () => {
    const chart = testChart();
    const ctx = new TlsContext(chart, 'Ctx', { secret: fromSecret(chart) });
    const doc = findObject(synthValid(chart), 'TLSContext', ctx.name);
    expect(doc.apiVersion).toBe('getambassador.io/v3alpha1');
    expect(ctx.name).toMatch(/^test-ctx-/);
  });

  test('exposes the resource for JSON patches (escape hatch)', () => {
    const chart = testChart();
    const ctx = new TlsContext(chart, 'Ctx', { name: 'c', secret: fromSecret(chart) });
    ApiObject.of(ctx).addJsonPatch(JsonPatch.add('/spec/sni', 'example.com'));
    expect(findObject(synthValid(chart), 'TLSContext', 'c').spec.sni).toBe('example.com');
  });

  describe('rejects bad input', () => {
    const attempt = (props: Partial<TlsContextProps>, withSecret = false) => () => {
      const chart = testChart();
      new TlsContext(chart, 'Ctx', { ...(withSecret ? { secret: fromSecret(chart) } : {}), ...props } as TlsContextProps);
    };

    test.each<[string, Partial<TlsContextProps>, boolean, RegExp]>([
      ['both sources', FILES, true, /test\/Ctx: secret "client-cert" is given together with certChainFile, privateKeyFile\. Fix: give exactly one/],
      ['neither source', {}, false, /test\/Ctx: secret \(not set\) and certChainFile\/privateKeyFile are all missing\. Fix: give exactly one certificate source/],
      ['a CA chain alone (no client certificate)', { caChainFile: '/etc/ca.pem' }, false, /caChainFile only verifies the upstream: it is no client certificate/],
      ['a key without a chain', { privateKeyFile: '/k.pem' }, false, /test\/Ctx: privateKeyFile "\/k\.pem" is given without certChainFile\. Fix: add `certChainFile`/],
      ['a chain without a key', { certChainFile: '/c.pem' }, false, /certChainFile "\/c\.pem" is given without privateKeyFile/],
      ['a relative file path', { certChainFile: 'certs/c.pem', privateKeyFile: '/k.pem' }, false, /certChainFile "certs\/c\.pem" is not an absolute file path\. Fix: use a clean absolute file path/],
      ['a directory as file', { certChainFile: '/etc/certs/', privateKeyFile: '/k.pem' }, false, /certChainFile "\/etc\/certs\/" is not an absolute file path/],
      ['a secretNamespace without secret', { secretNamespace: 'x', ...FILES }, false, /secretNamespace "x" is set without `secret`/],
      ['a bad name', { name: 'Istio_Upstream' }, true, /test\/Ctx: name "Istio_Upstream" is not a valid Kubernetes name \(RFC 1123 subdomain\)\. Fix:/],
      ['a bad namespace', { namespace: 'my.ns' }, true, /namespace "my\.ns" is not a valid namespace name \(RFC 1123 label\)/],
      ['a bad secret namespace', { secretNamespace: 'Consul' }, true, /secretNamespace "Consul" is not a valid namespace name/],
      ['an unknown TLS version', { minTlsVersion: '1.2' as any }, true, /minTlsVersion "1\.2" is not a TLS version Ambassador knows\. Fix: use one of v1\.0, v1\.1, v1\.2, v1\.3/],
      ['min above max', { minTlsVersion: 'v1.3', maxTlsVersion: 'v1.2' }, true, /minTlsVersion "v1\.3" is above maxTlsVersion "v1\.2"/],
      ['an ALPN list with a comma', { alpnProtocols: ['h2,http/1.1'] }, true, /alpnProtocols \["h2,http\/1\.1"\] holds an empty protocol, a comma or a space/],
      ['an empty ALPN list', { alpnProtocols: [] }, true, /alpnProtocols \[\] holds an empty protocol/],
      ['a bad host', { hosts: ['https://example.com'] }, true, /hosts "https:\/\/example\.com" is not a host name/],
      ['an empty ambassador id', { ambassadorId: '' }, true, /ambassadorId "" holds an empty id/],
      ['an empty ambassador id list', { ambassadorId: [] }, true, /ambassadorId \[\] holds no id at all/],
    ])('%s', (_, props, withSecret, message) => {
      expect(attempt(props, withSecret)).toThrow(message);
    });

    test('a bad secret name', () => {
      const chart = testChart();
      expect(() => new TlsContext(chart, 'Ctx', { secret: kplus.Secret.fromSecretName(chart, 'S', 'istio.default_') }))
        .toThrow(/test\/Ctx: secret "istio\.default_" is not a valid Kubernetes name/);
    });
  });

  test('fromName references an existing TLSContext', () => {
    const chart = testChart();
    const ref = TlsContext.fromName(chart, 'Ref', 'installed-by-helm', { ambassadorId: 'edge' });
    expect(ref.name).toBe('installed-by-helm');
    expect(ref.ambassadorIds).toEqual(['edge']);
    expect(synthValid(chart)).toEqual([]);
    expect(() => TlsContext.fromName(chart, 'Bad', 'Not Valid')).toThrow(/test\/Bad: name "Not Valid" is not a valid Kubernetes name/);
  });
});

describe('TlsContext.fromName() and the contexts of the app', () => {
  test('a name one or two edits from a TlsContext of the app fails the synth as a likely typo, naming both', () => {
    const chart = Testing.chart();
    new TlsContext(chart, 'Mesh', { name: 'istio-upstream', secret: 'istio-certs' });
    new Mapping(chart, 'Route', { prefix: '/r/', service: 'https://r:9080', tls: TlsContext.fromName(chart, 'Ref', 'istio-upstrem') });
    expect(() => Testing.synth(chart)).toThrow(/test\/Ref: TlsContext\.fromName\(\) names "istio-upstrem", which this app does not define, but TlsContext test\/Mesh is named "istio-upstream" \(did you mean it\?\)\. Fix: pass that TlsContext object/);
  });

  test('the same name, a distant one, or allowSimilarName: no error', () => {
    const chart = Testing.chart();
    new TlsContext(chart, 'Mesh', { name: 'istio-upstream', secret: 'istio-certs' });
    new Mapping(chart, 'A', { prefix: '/a/', service: 'https://a:9080', tls: TlsContext.fromName(chart, 'Same', 'istio-upstream') });
    new Mapping(chart, 'B', { prefix: '/b/', service: 'https://b:9080', tls: TlsContext.fromName(chart, 'Far', 'consul-connect') });
    new Mapping(chart, 'C', { prefix: '/c/', service: 'https://c:9080', tls: TlsContext.fromName(chart, 'Meant', 'istio-upstreams', { allowSimilarName: true }) });
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
