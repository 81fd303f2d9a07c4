import { ApiObject, Duration, JsonPatch, Testing, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, IResolver, LoadBalancer, Mapping, MappingProps, TlsContext } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

function withContext(ambassadorId?: string[], apiVersion?: AmbassadorApiVersion) {
  const chart = testChart();
  const tls = new TlsContext(chart, 'Ctx', {
    name: 'mesh',
    apiVersion,
    ambassadorId,
    secret: kplus.Secret.fromSecretName(chart, 'Secret', 'mesh-cert'),
  });
  return { chart, tls };
}

class FakeEndpointResolver extends Construct implements IResolver {
  public readonly name = 'consul-dc1';
  public readonly routesToEndpoints = true;
  constructor(scope: Construct, public readonly ambassadorIds?: string[]) {
    super(scope, 'Resolver');
  }
}

describe('Mapping', () => {
  test.each([
    ['v2', AmbassadorApiVersion.V2],
    ['v3alpha1', AmbassadorApiVersion.V3ALPHA1],
  ])('with tls, in %s', (version, apiVersion) => {
    const { chart, tls } = withContext(undefined, apiVersion);
    new Mapping(chart, 'Route', {
      name: 'productpage',
      apiVersion,
      prefix: '/productpage/',
      rewrite: '/productpage',
      service: 'https://productpage:9080',
      tls,
      timeout: Duration.seconds(5),
    });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    const spec = findObject(docs, 'Mapping', 'productpage').spec;
    expect(spec).toMatchObject({ prefix: '/productpage/', rewrite: '/productpage', service: 'https://productpage:9080', tls: 'mesh', timeout_ms: 5000 });
    // v3alpha1 needs a hostname ("*" = any host); v2 has no such field.
    if (version === 'v2') expect(spec).not.toHaveProperty('hostname');
    else expect(spec.hostname).toBe('*');
  });

  test('each resource construct is its ApiObject: patches use the manifest\'s field names', () => {
    for (const apiVersion of [AmbassadorApiVersion.V2, AmbassadorApiVersion.V3ALPHA1]) {
      const { chart, tls } = withContext(undefined, apiVersion);
      const mapping = new Mapping(chart, 'Route', { name: 'route', prefix: '/', service: 'a:80', tls, apiVersion });
      expect(ApiObject.of(mapping)).toBe(mapping);
      expect(ApiObject.of(tls)).toBe(tls);
      expect(mapping.node.children).toHaveLength(0); // one construct per route, nothing below it
      expect([mapping.apiVersion, mapping.ambassadorApiVersion, mapping.kind]).toEqual([apiVersion.apiVersion, apiVersion, 'Mapping']);
      mapping.addJsonPatch(JsonPatch.add('/spec/bypass_auth', true));
      tls.addJsonPatch(JsonPatch.add('/spec/sni', 'mesh.local'));
      const docs = synthValid(chart);
      expect(findObject(docs, 'Mapping', 'route').spec).toMatchObject({ bypass_auth: true, tls: 'mesh' });
      expect(findObject(docs, 'TLSContext', 'mesh').spec).toMatchObject({ sni: 'mesh.local', secret: 'mesh-cert' });
    }
  });

  test('an unnamed resource gets a stable name from its construct path', () => {
    const chart = testChart();
    const mapping = new Mapping(chart, 'Route', { prefix: '/', service: 'a:80' });
    // Pinned: a change renames (so deletes and recreates) every unnamed route in the cluster.
    expect(mapping.name).toBe('test-route-c8258adf');
    expect(findObject(synthValid(chart), 'Mapping', 'test-route-c8258adf').spec.prefix).toBe('/');
  });

  test('a resource whose constructor threw fails the synth instead of being written without a spec', () => {
    const chart = testChart();
    expect(() => new Mapping(chart, 'Broken', { prefix: 'no-slash', service: 'a:80' })).toThrow(/test\/Broken: prefix "no-slash"/);
    expect(() => Testing.synth(chart)).toThrow(/test\/Broken: its constructor failed, so there is no spec to write/);
  });

  test('host is `host` in v2 and `hostname` in v3alpha1', () => {
    const chart = testChart();
    new Mapping(chart, 'A', { name: 'a', prefix: '/', service: 'a', host: 'shop.example.com', apiVersion: AmbassadorApiVersion.V2 });
    new Mapping(chart, 'B', { name: 'b', prefix: '/', service: 'b', host: '*.example.com' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'a').spec.host).toBe('shop.example.com');
    expect(findObject(docs, 'Mapping', 'a').spec).not.toHaveProperty('hostname');
    expect(findObject(docs, 'Mapping', 'b').spec.hostname).toBe('*.example.com');
  });

  test('an upper-case host is written in lower case: Emissary matches :authority exactly, and clients send lower case', () => {
    const chart = testChart();
    const a = new Mapping(chart, 'A', { name: 'a', prefix: '/', service: 'a', host: 'Shop.Example.COM', apiVersion: AmbassadorApiVersion.V2 });
    new Mapping(chart, 'B', { name: 'b', prefix: '/', service: 'b', host: '*.Example.com:8443' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'a').spec.host).toBe('shop.example.com');
    expect(a.host).toBe('shop.example.com');
    expect(findObject(docs, 'Mapping', 'b').spec.hostname).toBe('*.example.com:8443');
  });

  test('an IPv6 literal service gets enable_ipv6, without which Emissary\'s cluster is V4_ONLY and finds no endpoint', () => {
    const chart = testChart();
    new Mapping(chart, 'Six', { name: 'six', prefix: '/6/', service: 'https://[fd00::5]:8443', tls: new TlsContext(chart, 'Ctx', { name: 'ctx', secret: 'client' }) });
    new Mapping(chart, 'Old', { name: 'old', prefix: '/o/', service: '[fd00::6]:80', apiVersion: AmbassadorApiVersion.V2 });
    new Mapping(chart, 'Four', { name: 'four', prefix: '/4/', service: '10.0.0.5:80' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'six').spec).toMatchObject({ service: 'https://[fd00::5]:8443', enable_ipv6: true });
    expect(findObject(docs, 'Mapping', 'old').spec).toMatchObject({ service: '[fd00::6]:80', enable_ipv6: true });
    expect(findObject(docs, 'Mapping', 'four').spec).not.toHaveProperty('enable_ipv6');
  });

  test('a hostname glob with "*" at its end or before a dash is Emissary\'s too (Envoy prefix and suffix wildcards)', () => {
    const chart = testChart();
    new Mapping(chart, 'A', { name: 'a', prefix: '/', service: 'a', host: 'www.example.*' });
    new Mapping(chart, 'B', { name: 'b', prefix: '/', service: 'b', host: '*-api.example.com' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'a').spec.hostname).toBe('www.example.*');
    expect(findObject(docs, 'Mapping', 'b').spec.hostname).toBe('*-api.example.com');
  });

  test('to a cdk8s-plus Service: name.namespace:port, port checked against the Service', () => {
    const { chart, tls } = withContext();
    const svc = new kplus.Service(chart, 'Svc', {
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      ports: [{ port: 9080, name: 'http' }, { port: 15443, name: 'https' }],
    });
    new Mapping(chart, 'Route', { name: 'reviews', prefix: '/reviews/', service: svc, servicePort: 9080, serviceScheme: 'https', tls });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(findObject(docs, 'Mapping', 'reviews').spec.service).toBe('https://reviews.bookinfo:9080');
    expect(() => new Mapping(chart, 'NoPort', { prefix: '/r/', service: svc }))
      .toThrow(/test\/NoPort: servicePort \(not set\) must be given: Service "reviews" exposes ports 9080, 15443\. Fix: set servicePort to one of 9080, 15443/);
    expect(() => new Mapping(chart, 'WrongPort', { prefix: '/r/', service: svc, servicePort: 443 }))
      .toThrow(/test\/WrongPort: servicePort 443 is not a port of Service "reviews" \(it exposes 9080, 15443\)/);
  });

  test('Service checks: scheme, chart, namespace', () => {
    const chart = testChart();
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'ratings', namespace: 'shop' }, ports: [{ port: 9080 }] });
    expect(() => new Mapping(chart, 'Scheme', { prefix: '/r/', service: svc, serviceScheme: 'grpc' as any }))
      .toThrow(/test\/Scheme: serviceScheme "grpc" is not a scheme Ambassador knows\. Fix: use "https" or "http"/);
    expect(() => new Mapping(testChart(), 'Other', { prefix: '/r/', service: svc }))
      .toThrow(/test\/Other: service "test\/Svc" is defined in another chart or app than this Mapping/);
    const bare = new kplus.Service(chart, 'Bare', { metadata: { name: 'bare' }, ports: [{ port: 80 }] });
    expect(() => new Mapping(chart, 'Elsewhere', { prefix: '/b/', service: bare, namespace: 'emissary' }))
      .toThrow(/test\/Elsewhere: service "test\/Bare" has no namespace, so Ambassador would look for it in the Mapping's namespace "emissary"/);
    const namespaced = testChart('shop');
    const inChart = new kplus.Service(namespaced, 'Svc', { metadata: { name: 'cart' }, ports: [{ port: 80 }] });
    new Mapping(namespaced, 'Route', { name: 'cart', prefix: '/cart/', service: inChart, namespace: 'emissary' });
    expect(findObject(synthValid(namespaced), 'Mapping', 'cart').spec.service).toBe('cart.shop:80');
  });

  test('rejects a resolver from another chart', () => {
    const resolver = new FakeEndpointResolver(testChart());
    expect(() => new Mapping(testChart(), 'Route', { prefix: '/a/', service: 'a', resolver }))
      .toThrow(/test\/Route: resolver "test\/Resolver" is defined in another chart or app than this Mapping/);
  });

  test('a single-port Service needs no servicePort', () => {
    const chart = testChart();
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'ratings' }, ports: [{ port: 9080 }] });
    new Mapping(chart, 'Route', { name: 'ratings', prefix: '/ratings/', service: svc });
    expect(findObject(synthValid(chart), 'Mapping', 'ratings').spec.service).toBe('ratings:9080');
  });

  test('inherits ambassador_id from its TlsContext, and rejects ids the context lacks', () => {
    const { chart, tls } = withContext(['edge']);
    new Mapping(chart, 'Inherit', { name: 'inherit', prefix: '/a/', service: 'a:80', tls });
    new Mapping(chart, 'Same', { name: 'same', prefix: '/b/', service: 'b:80', tls, ambassadorId: 'edge' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'inherit').spec.ambassador_id).toEqual(['edge']);
    expect(findObject(docs, 'Mapping', 'same').spec.ambassador_id).toEqual(['edge']);
    expect(() => new Mapping(chart, 'Other', { prefix: '/c/', service: 'c:80', tls, ambassadorId: ['edge', 'internal'] }))
      .toThrow(/test\/Other: ambassadorId \["edge","internal"\] is not covered by tls "mesh", whose ambassador_id is \["edge"\]: Ambassador "internal" would not find it\. Fix: leave ambassadorId unset/);
    const plain = withContext();
    expect(() => new Mapping(plain.chart, 'Other', { prefix: '/c/', service: 'c:80', tls: plain.tls, ambassadorId: 'edge' }))
      .toThrow(/whose ambassador_id is \["default"\]/);
  });

  test('rejects a TlsContext from another chart or app', () => {
    const { tls } = withContext();
    const otherApp = testChart();
    expect(() => new Mapping(otherApp, 'Route', { prefix: '/a/', service: 'a:80', tls }))
      .toThrow(/test\/Route: tls "test\/Ctx" is defined in another chart or app than this Mapping \(test\)\. Fix: define it in the same chart, or reference the deployed one with TlsContext\.fromName/);
    const app = Testing.app();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    const ctx = new TlsContext(one, 'Ctx', { secret: kplus.Secret.fromSecretName(one, 'S', 's') });
    expect(() => new Mapping(two, 'Route', { prefix: '/a/', service: 'a:80', tls: ctx })).toThrow(/two\/Route: tls "one\/Ctx" is defined in another chart/);
  });

  test('a resolver that routes to endpoints gets a round-robin load balancer by default', () => {
    const chart = testChart();
    const resolver = new FakeEndpointResolver(chart);
    new Mapping(chart, 'Default', { name: 'default-lb', prefix: '/a/', service: 'a-sidecar-proxy', resolver });
    new Mapping(chart, 'Sticky', { name: 'sticky', prefix: '/b/', service: 'b', resolver, loadBalancer: LoadBalancer.ringHash({ cookie: 'session' }) });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'default-lb').spec).toMatchObject({ resolver: 'consul-dc1', load_balancer: { policy: 'round_robin' } });
    expect(findObject(docs, 'Mapping', 'sticky').spec.load_balancer).toEqual({ policy: 'ring_hash', cookie: { name: 'session' } });
  });

  test('load balancer hashing keys', () => {
    expect(LoadBalancer.maglev({ sourceIp: true })).toMatchObject({ policy: 'maglev', sourceIp: true });
    expect(LoadBalancer.ringHash({ header: 'x-user' })).toMatchObject({ policy: 'ring_hash', header: 'x-user' });
    expect(LoadBalancer.leastRequest().policy).toBe('least_request');
    expect(() => LoadBalancer.ringHash({})).toThrow(/LoadBalancer\.ringHash\(\): hash key \{\} needs exactly one key/);
    expect(() => LoadBalancer.maglev({ header: 'a', sourceIp: true })).toThrow(/needs exactly one key/);
    expect(() => LoadBalancer.maglev({ header: 'bad header' })).toThrow(/header "bad header" is not a valid header name/);
  });

  test('rejects a resolver whose ambassador_id does not cover the Mapping', () => {
    const chart = testChart();
    const resolver = new FakeEndpointResolver(chart, ['edge']);
    expect(() => new Mapping(chart, 'Route', { prefix: '/a/', service: 'a', resolver }))
      .toThrow(/test\/Route: ambassadorId \["default"\] is not covered by resolver "consul-dc1"/);
  });

  describe('rejects bad input', () => {
    const attempt = (props: Partial<MappingProps>) => () => {
      const chart = testChart();
      new Mapping(chart, 'Route', { prefix: '/a/', service: 'a', ...props } as MappingProps);
    };
    test.each<[string, Partial<MappingProps>, RegExp]>([
      ['a prefix without /', { prefix: 'productpage/' }, /test\/Route: prefix "productpage\/" does not start with "\/" \(or holds spaces\)\. Fix: write it as a URL path, for example "\/productpage\/"/],
      ['an empty prefix', { prefix: '' }, /prefix "" does not start with "\/"/],
      ['a rewrite without /', { rewrite: 'productpage' }, /rewrite "productpage" does not start with "\/"/],
      ['an empty service', { service: '' }, /test\/Route: service "" is empty\. Fix: write the service as \[http:\/\/ or https:\/\/\]name\[\.namespace\]\[:port\]/],
      ['a service with a path', { service: 'https://a:80/x' }, /service "https:\/\/a:80\/x" is not a service address/],
      ['an unknown scheme', { service: 'grpc://a:80' }, /service "grpc:\/\/a:80" has the unknown scheme "grpc"\. Fix: use https:\/\/ to originate TLS/],
      ['a non-RFC-1123 service name', { service: 'Product_Page:9080' }, /service "Product_Page:9080" has the invalid host "Product_Page"/],
      ['a service name starting with a digit', { service: '9page' }, /has the invalid host "9page"/],
      ['a bad namespace in the service', { service: 'page.Book_Info' }, /has the invalid host "page\.Book_Info"/],
      ['a non-numeric port', { service: 'a:https' }, /service "a:https" has the invalid port "https"/],
      ['port 0', { service: 'a:0' }, /test\/Route: service port 0 is not a port number\. Fix: use a whole number from 1 to 65535/],
      ['port 65536', { service: 'https://a:65536' }, /service port 65536 is not a port number/],
      ['an empty port', { service: 'a:' }, /has the invalid port ""/],
      ['servicePort with a string service', { servicePort: 80 }, /servicePort 80 only applies when `service` is a Service object/],
      ['a bad Mapping name', { name: 'product_page' }, /test\/Route: name "product_page" is not a valid Kubernetes name/],
      ['a bad namespace', { namespace: 'Edge' }, /namespace "Edge" is not a valid namespace name/],
      ['a bad host', { host: 'http://example.com' }, /host "http:\/\/example\.com" is not a host name or DNS glob/],
      ['a glob host in v2', { host: '*.example.com', apiVersion: AmbassadorApiVersion.V2 }, /test\/Route: host "\*\.example\.com" is a glob, but getambassador\.io\/v2 matches `host` exactly/],
      ['the any-host glob in v2', { host: '*', apiVersion: AmbassadorApiVersion.V2 }, /host "\*" is a glob/],
      ['serviceScheme with a string service', { serviceScheme: 'https' }, /serviceScheme "https" only applies when `service` is a Service object/],
      ['a prefix with a space', { prefix: '/a b' }, /prefix "\/a b" does not start with "\/" \(or holds spaces\)\. Fix: write it as a URL path, for example "\/ab"/],
      ['a zero timeout', { timeout: Duration.millis(0) }, /timeout "0ms" is not a positive whole number of milliseconds/],
      ['a fractional timeout', { timeout: Duration.millis(1.5) }, /timeout "1\.5ms" is not a positive whole number/],
    ])('%s', (_, props, message) => {
      expect(attempt(props)).toThrow(message);
    });
  });

  test.each([
    ['productpage', { host: 'productpage' }],
    ['https://productpage:9080', { scheme: 'https', host: 'productpage', port: 9080 }],
    ['http://reviews.bookinfo', { scheme: 'http', host: 'reviews.bookinfo' }],
    ['qotm-proxy.default.svc.cluster.local:20000', { host: 'qotm-proxy.default.svc.cluster.local', port: 20000 }],
  ])('parses service %s', (service, upstream) => {
    const chart = testChart();
    const mapping = new Mapping(chart, 'Route', { name: 'r', prefix: '/', service });
    expect(mapping.upstream).toEqual(upstream);
    expect(findObject(synthValid(chart), 'Mapping', 'r').spec.service).toBe(service);
  });
});
