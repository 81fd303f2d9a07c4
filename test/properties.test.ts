/**
 * Property-based tests (fast-check) for every public construct: random valid props give
 * schema-valid documents that synthesize identically twice; random invalid props give an Error
 * naming the construct path and the prop, never a crash inside generated code.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  AmbassadorApiVersion, AmbassadorModule, CertManagerIssuer, CertManagerMtls, CertManagerPrivateKey, ConsulAddress, ConsulConnector, ConsulResolver,
  IstioAuthorization, IstioCertificates, IstioMtls, IstioStrictMtls, LinkerdMtls, Mapping, TlsContext, TlsVersion, UpstreamTrust,
} from '../src';
import { expectValidDocuments } from './support/schema';
import { findObject } from './support/synth';

const RUNS = { numRuns: 40 };
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/);
const urlPath = fc.stringMatching(/^\/[a-z0-9_/-]{0,16}$/);
const port = fc.integer({ min: 1, max: 65535 });
const apiVersion = fc.constantFrom(AmbassadorApiVersion.V2, AmbassadorApiVersion.V3ALPHA1);
const tlsVersions = fc.uniqueArray(fc.constantFrom<TlsVersion>('v1.0', 'v1.1', 'v1.2', 'v1.3'), { minLength: 2, maxLength: 2 }).map((v) => v.sort());
const absDir = fc.array(label, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);

/**
 * Builds a chart with `build` twice, checks schema validity and identical output, returns it.
 * The second synth is compared strictly (undefined fields and array holes count), so it is valid
 * when the first is: validating it again would only double the run's largest cost.
 */
function synthTwice(build: (chart: Chart) => void) {
  const once = () => {
    const chart = new Chart(Testing.app(), 'prop', { namespace: 'ambassador' });
    build(chart);
    return Testing.synth(chart);
  };
  const first = once();
  expectValidDocuments(first);
  expect(once()).toStrictEqual(first);
  return first;
}

/**
 * Runs `build` on a fresh chart and returns the Error it throws (failing if it does not). The
 * chart it leaves behind must write nothing: whatever the failed construct added fails the synth.
 */
function rejection(build: (chart: Chart) => void): Error {
  const chart = new Chart(Testing.app(), 'prop', { namespace: 'ambassador' });
  try {
    build(chart);
  } catch (e) {
    let leftovers: unknown[];
    try {
      leftovers = Testing.synth(chart);
    } catch {
      leftovers = [];
    }
    expect(leftovers).toEqual([]);
    return e as Error;
  }
  throw new Error('expected the construct to reject its props');
}

function expectPropError(error: Error, path: string, prop: string) {
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error.message.startsWith(`${path}: ${prop} `)).toBe(true);
  expect(error.message).toMatch(/\. Fix: \S/);
}

describe('property: valid props synthesize schema-valid, deterministic documents', () => {
  test('TlsContext and Mapping', () => {
    fc.assert(fc.property(apiVersion, label, label, urlPath, port, fc.boolean(), tlsVersions, fc.integer({ min: 1, max: 600_000 }),
      (version, name, service, prefix, p, https, [min, max], timeout) => {
        synthTwice((chart) => {
          const tls = new TlsContext(chart, 'Ctx', {
            name, apiVersion: version, secret: kplus.Secret.fromSecretName(chart, 'S', `${name}-cert`), minTlsVersion: min, maxTlsVersion: max,
          });
          new Mapping(chart, 'Route', {
            name: `${name}-route`,
            apiVersion: version,
            prefix,
            tls,
            timeout: Duration.millis(timeout),
            service: `${https ? 'https://' : ''}${service}.shop:${p}`,
          });
        });
      }), RUNS);
  });

  test('IstioMtls (both sources, wired into a Deployment) and IstioStrictMtls', () => {
    fc.assert(fc.property(apiVersion, fc.boolean(), absDir, label, fc.uniqueArray(label, { minLength: 1, maxLength: 3 }), port,
      (version, legacy, dir, volumeName, namespaces, p) => {
        synthTwice((chart) => {
          const deployment = new kplus.Deployment(chart, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4' }] });
          const certificates = legacy
            ? IstioCertificates.mountedSecret({ mountPath: dir, volumeName })
            : IstioCertificates.sidecar({ certDir: dir, volumeName });
          const istio = new IstioMtls(chart, 'Istio', { certificates, apiVersion: version, ambassadorDeployment: deployment });
          istio.addMapping('Route', { name: 'route', prefix: '/p/', service: `productpage.bookinfo:${p}`, apiVersion: version });
          new IstioStrictMtls(chart, 'Strict', { namespaces });
        });
      }), RUNS);
  });

  test('ConsulConnector and ConsulResolver', () => {
    const address = fc.oneof(
      fc.tuple(label, label, port).map(([service, namespace, p]) => ConsulAddress.serverService({ service, namespace, port: p })),
      fc.tuple(label, port, label).map(([host, p, ca]) => ConsulAddress.https({ host: `${host}.consul.svc`, port: p, caSecret: ca, serverName: 'server.dc1.consul' })),
      port.map((p) => ConsulAddress.nodeAgent({ port: p })),
    );
    fc.assert(fc.property(apiVersion, fc.option(label, { nil: undefined }), label, address, fc.boolean(),
      (version, ambassadorId, host, consulAddress, clusterWideRbac) => {
        synthTwice((chart) => {
          const consul = new ConsulConnector(chart, 'Consul', {
            image: 'docker.io/datawire/aes:1.14.4', apiVersion: version, ambassadorId, consul: consulAddress, clusterWideRbac,
          });
          const resolver = consul.addResolver('Resolver', { datacenter: 'dc1' });
          consul.addMapping('Route', { name: 'route', prefix: '/q/', service: ConsulResolver.sidecarService(host), resolver });
        });
      }), RUNS);
  });
});

describe('property: the mesh rules (issue 19) hold for any valid input', () => {
  const mixedCase = (name: string) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

  test('IstioAuthorization: one policy per Service, selecting its pods, on the pods\' port, never the root namespace', () => {
    fc.assert(fc.property(label, label.filter((n) => n !== 'istio-system'), fc.dictionary(label, label, { minKeys: 1, maxKeys: 3 }), port, port,
      (name, namespace, labels, servicePort, podPort) => {
        const docs = synthTwice((chart) => {
          const istio = new IstioMtls(chart, 'Istio', { externallyWired: true });
          new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
          const pods = kplus.Pods.select(chart, 'Pods', { labels });
          istio.addMapping('Route', { prefix: '/r/', service: new kplus.Service(chart, 'Svc', { metadata: { name, namespace }, ports: [{ port: servicePort, targetPort: podPort }], selector: pods }) });
        });
        const policies = docs.filter((d) => d.kind === 'AuthorizationPolicy');
        expect(policies.map((p) => p.metadata.namespace)).toEqual([namespace]);
        expect(policies[0].spec.selector).toEqual({ matchLabels: labels });
        expect(policies[0].spec.rules[0].to).toEqual([{ operation: { ports: [String(podPort)] } }]);
      }), RUNS);
  });

  test('hosts are written in lower case; IPv6 literals get enable_ipv6; Linkerd cluster domains are normalised', () => {
    fc.assert(fc.property(apiVersion, fc.tuple(label, label).chain(([a, b]) => mixedCase(`${a}.${b}.com`)), fc.boolean(), mixedCase('cluster.local'), fc.boolean(),
      (version, host, ipv6, domain, svcPrefix) => {
        const docs = synthTwice((chart) => {
          new Mapping(chart, 'Route', { name: 'route', prefix: '/r/', host, apiVersion: version, service: ipv6 ? '[fd00::5]:8080' : 'web.apps:8080' });
          new LinkerdMtls(chart, 'Linkerd', { clusterDomain: `${svcPrefix ? 'svc.' : ''}${domain}.` }).addMapping('L', { name: 'l', prefix: '/l/', service: 'web.apps:80' });
        });
        const spec = findObject(docs, 'Mapping', 'route').spec;
        expect(spec.host ?? spec.hostname).toBe(host.toLowerCase());
        expect(spec.enable_ipv6).toBe(ipv6 ? true : undefined);
        expect(findObject(docs, 'Mapping', 'l').spec.service).toBe('web.apps.svc.cluster.local:80');
      }), RUNS);
  });

  test('cert-manager takes every RSA size its webhook does; the Module keeps typed values as their type', () => {
    fc.assert(fc.property(fc.integer({ min: 2048, max: 8192 }), fc.boolean(), fc.nat({ max: 10 }), (size, flag, hops) => {
      const docs = synthTwice((chart) => {
        new CertManagerMtls(chart, 'Mtls', { issuer: CertManagerIssuer.clusterIssuer('ca', { type: 'ca' }), privateKey: CertManagerPrivateKey.rsa(size), upstreamTrust: UpstreamTrust.none() });
        new AmbassadorModule(chart, 'Module', { config: { useRemoteAddress: flag, xffNumTrustedHops: hops } });
      });
      expect(findObject(docs, 'Certificate', 'ambassador-upstream-client').spec.privateKey.size).toBe(size);
      expect(findObject(docs, 'Module', 'ambassador').spec.config).toEqual({ use_remote_address: flag, xff_num_trusted_hops: hops });
    }), RUNS);
  });
});

describe('property: invalid props give an Error naming the construct path and the prop', () => {
  const notSlash = fc.string({ minLength: 1 }).filter((s) => !s.startsWith('/'));
  const badPort = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.double({ min: 1.1, max: 100, noInteger: true }));
  const badName = fc.tuple(label, fc.constantFrom('_', 'A', ' ', '!', '..')).map(([l, bad]) => `${l}${bad}x`);

  test('Mapping: prefix, service port, service scheme', () => {
    fc.assert(fc.property(notSlash, (prefix) => expectPropError(rejection((c) => new Mapping(c, 'Route', { prefix, service: 'a' })), 'prop/Route', 'prefix')), RUNS);
    fc.assert(fc.property(fc.integer({ min: 65536, max: 10_000_000 }), (p) =>
      expectPropError(rejection((c) => new Mapping(c, 'Route', { prefix: '/', service: `a:${p}` })), 'prop/Route', 'service port')), RUNS);
    fc.assert(fc.property(label.filter((s) => s !== 'http' && s !== 'https'), (scheme) =>
      expectPropError(rejection((c) => new Mapping(c, 'Route', { prefix: '/', service: `${scheme}://a:80` })), 'prop/Route', 'service')), RUNS);
  });

  test('TlsContext: names and file paths', () => {
    fc.assert(fc.property(badName, (name) =>
      expectPropError(rejection((c) => new TlsContext(c, 'Ctx', { name, secret: kplus.Secret.fromSecretName(c, 'S', 's') })), 'prop/Ctx', 'name')), RUNS);
    fc.assert(fc.property(label, (file) =>
      expectPropError(rejection((c) => new TlsContext(c, 'Ctx', { certChainFile: file, privateKeyFile: '/k.pem' })), 'prop/Ctx', 'certChainFile')), RUNS);
  });

  test('IstioMtls and IstioStrictMtls: relative paths, bad secret names and namespaces', () => {
    fc.assert(fc.property(label, (dir) =>
      expectPropError(rejection((c) => new IstioMtls(c, 'Istio', { certificates: IstioCertificates.mountedSecret({ mountPath: dir }) })), 'prop/Istio', 'mountPath')), RUNS);
    fc.assert(fc.property(badName, (secretName) =>
      expectPropError(rejection((c) => new IstioMtls(c, 'Istio', { certificates: IstioCertificates.mountedSecret({ secretName }) })), 'prop/Istio', 'secretName')), RUNS);
    fc.assert(fc.property(badName, (namespace) =>
      expectPropError(rejection((c) => new IstioStrictMtls(c, 'Strict', { namespaces: [namespace] })), 'prop/Strict', 'namespaces')), RUNS);
    // Checked before the TLSContext exists: the failed IstioMtls must leave nothing behind.
    fc.assert(fc.property(badName, (injectionNamespace) =>
      expectPropError(rejection((c) => new IstioMtls(c, 'Istio', { injectionNamespace })), 'prop/Istio', 'injectionNamespace')), RUNS);
    fc.assert(fc.property(label, (ambassadorContainer) =>
      expectPropError(rejection((c) => new IstioMtls(c, 'Istio', { ambassadorContainer })), 'prop/Istio', 'ambassadorContainer')), RUNS);
  });

  test('the mesh rules: RSA sizes, Module value types, unknown workloads, empty labels', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ max: 2047 }), fc.integer({ min: 8193 })), (size) =>
      expect(() => CertManagerPrivateKey.rsa(size)).toThrow(/^CertManagerPrivateKey\.rsa\(\): size .* is not an RSA key size cert-manager accepts\. Fix: /)), RUNS);
    fc.assert(fc.property(fc.anything().filter((v) => typeof v !== 'boolean' && v !== undefined), (value) =>
      expectPropError(rejection((c) => new AmbassadorModule(c, 'Module', { config: { useRemoteAddress: value as any } })), 'prop/Module', 'config.useRemoteAddress')), RUNS);
    fc.assert(fc.property(label, label, port, (name, namespace, p) =>
      expectPropError(rejection((c) => {
        const istio = new IstioMtls(c, 'Istio', { externallyWired: true });
        new IstioAuthorization(c, 'Authz', { istio, serviceAccount: 'emissary-ingress' });
        istio.addMapping('Route', { prefix: '/r/', service: `${name}.${namespace}:${p}` });
      }), 'prop/Istio/Route', 'service')), RUNS);
    fc.assert(fc.property(label, label, (a, b) =>
      expectPropError(rejection((c) => new ConsulResolver(c, 'Resolver', { address: `${a}..${b}:8500` })), 'prop/Resolver', 'address')), RUNS);
  });

  test('ConsulConnector and ConsulResolver: ports, images, ids, addresses', () => {
    fc.assert(fc.property(badPort, (consulPort) =>
      expectPropError(rejection((c) => new ConsulConnector(c, 'Consul', { image: 'docker.io/datawire/aes:1.14.4', consul: ConsulAddress.serverService({ port: consulPort }) })),
        'prop/Consul', 'consul port')), RUNS);
    fc.assert(fc.property(label, (repo) =>
      expectPropError(rejection((c) => new ConsulConnector(c, 'Consul', { image: `docker.io/datawire/${repo}`, consul: ConsulAddress.nodeAgent() })), 'prop/Consul', 'image')), RUNS);
    fc.assert(fc.property(badName, (ambassadorId) =>
      expectPropError(rejection((c) => new ConsulConnector(c, 'Consul', { image: 'docker.io/datawire/aes:1.14.4', consul: ConsulAddress.nodeAgent(), ambassadorId })), 'prop/Consul', 'ambassadorId')), RUNS);
    fc.assert(fc.property(label, (address) =>
      expectPropError(rejection((c) => new ConsulResolver(c, 'Resolver', { address })), 'prop/Resolver', 'address')), RUNS);
  });
});
