/**
 * Arbitrary strings, numbers and other values in every prop of every public construct (as an
 * untyped caller, or values read from YAML, could pass them), synthesized by GitOpsApp into an
 * empty folder. Each run ends in one of two ways only:
 * - an error of ours: a plain Error that starts with where it happened and says how to fix it
 *   (never a TypeError, or an error from inside cdk8s or generated code);
 * - or manifests that pass the schema check, one document per file (no value added a document),
 *   and no file outside the output folder (no value moved a file).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  AmbassadorHelmChart, AmbassadorInstall, AmbassadorListenerPorts, AmbassadorModule, CertManagerIssuer, CertManagerMtls, CertManagerPrivateKey,
  ConsulAddress, ConsulConnector, ConsulResolver, GitOpsApp, IstioAuthorization, IstioCertificates, IstioMtls, IstioStrictMtls, LinkerdHeaders,
  LinkerdMtls, LoadBalancer, Mapping, TlsContext, UpstreamTrust,
} from '../../src';
import { expectValidDocuments } from '../support/schema';
import { temporaryFolders } from '../support/temp';

const RUNS = { numRuns: Number(process.env.HOSTILE_RUNS ?? 60) };

/** Values a careless or hostile caller could pass where a string, number or flag belongs. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 12 }),
  fc.constantFrom('', ' ', '.', '..', '/', '../x', 'a/../b', 'a\nb: c', '---\nkind: Secret', '${HOST_IP}', '*', 'A', ' a', 'a ', '\u0000', 'é', '-a', 'a-',
    'a..b', '1a', 'a'.repeat(64), 'b'.repeat(300), 'x,y', 'https://a:1', 'http://a', '/etc', '/etc/x', 'true', 'v1.2', 'istio', '8500', 'a.b:80', '[::1]'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -1, 1, 65535, 65536, 1.5, 2 ** 53),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

/** One construct (or method) and the props the values go into. */
interface Scenario {
  readonly name: string;
  readonly props: readonly string[];
  /** Builds it in `chart` with `prop` set to `value` (the other props valid). */
  readonly build: (chart: Chart, prop: string, value: unknown) => void;
}

const set = (base: Record<string, unknown>, prop: string, value: unknown) => ({ ...base, [prop]: value }) as any;

const SCENARIOS: Scenario[] = [
  {
    name: 'TlsContext',
    props: ['name', 'namespace', 'secret', 'secretNamespace', 'caChainFile', 'hosts', 'alpnProtocols', 'minTlsVersion', 'maxTlsVersion', 'ambassadorId', 'apiVersion'],
    build: (chart, prop, value) => new TlsContext(chart, 'Ctx', set({ name: 'ctx', secret: 'client' }, prop, value)),
  },
  {
    name: 'TlsContext (CA Secret, SNI)',
    props: ['caSecret', 'caSecretNamespace', 'sni'],
    build: (chart, prop, value) => new TlsContext(chart, 'Ctx', set({ secret: 'client', caSecret: 'ca' }, prop, value)),
  },
  {
    name: 'TlsContext (files)',
    props: ['certChainFile', 'privateKeyFile', 'caChainFile'],
    build: (chart, prop, value) => new TlsContext(chart, 'Ctx', set({ certChainFile: '/etc/c/chain.pem', privateKeyFile: '/etc/c/key.pem' }, prop, value)),
  },
  {
    name: 'Mapping',
    props: ['name', 'namespace', 'prefix', 'rewrite', 'service', 'servicePort', 'serviceScheme', 'host', 'ambassadorId', 'timeout', 'tls', 'resolver',
      'loadBalancer', 'viaKubernetesService', 'apiVersion'],
    build: (chart, prop, value) => new Mapping(chart, 'Route', set({ name: 'route', prefix: '/r/', service: 'r.apps:80', timeout: Duration.seconds(3) }, prop, value)),
  },
  {
    name: 'Mapping with tls',
    props: ['service', 'prefix', 'host'],
    build: (chart, prop, value) => new Mapping(chart, 'Route', set({ prefix: '/r/', service: 'https://r.apps:443', tls: new TlsContext(chart, 'Ctx', { secret: 's' }) }, prop, value)),
  },
  {
    name: 'ConsulResolver',
    props: ['name', 'namespace', 'address', 'datacenter', 'ambassadorId', 'install'],
    build: (chart, prop, value) => new ConsulResolver(chart, 'Resolver', set({ address: 'consul:8500' }, prop, value)),
  },
  {
    name: 'IstioMtls (sidecar)',
    props: ['tlsContextName', 'namespace', 'ambassadorNamespace', 'verifyUpstream', 'revision', 'ambassadorId', 'injectionNamespace', 'certDir', 'volumeName',
      'istioVersion', 'install', 'externallyWired'],
    build: (chart, prop, value) => {
      const certificates = ['certDir', 'volumeName'].includes(prop) ? IstioCertificates.sidecar({ [prop]: value } as any) : IstioCertificates.sidecar();
      // Wired elsewhere (unless the value under test says otherwise): the values, not the missing wiring, decide.
      const istio = new IstioMtls(chart, 'Istio', set({ certificates, externallyWired: true }, prop, ['certDir', 'volumeName'].includes(prop) ? undefined : value));
      istio.addMapping('Route', { name: 'route', prefix: '/r/', service: 'r.apps:80' });
    },
  },
  {
    name: 'IstioMtls (mounted secret)',
    props: ['secretName', 'mountPath', 'volumeName'],
    build: (chart, prop, value) => new IstioMtls(chart, 'Istio', { certificates: IstioCertificates.mountedSecret({ [prop]: value } as any) }),
  },
  {
    name: 'IstioMtls output files',
    props: ['path', 'dir', 'deploymentName', 'namespace', 'containerName', 'mergeWith'],
    build: (chart, prop, value) => {
      const istio = new IstioMtls(chart, 'Istio');
      if (prop === 'path' || prop === 'mergeWith') istio.addHelmValues({ chart: AmbassadorHelmChart.EDGE_STACK, [prop]: value } as any);
      else if (prop === 'dir') istio.addKustomizeComponent({}, value as any);
      else istio.addKustomizeComponent({ [prop]: value } as any);
    },
  },
  {
    name: 'IstioStrictMtls',
    props: ['namespaces', 'one namespace', 'meshWide'],
    build: (chart, prop, value) => new IstioStrictMtls(chart, 'Strict', prop === 'one namespace' ? { namespaces: [value as any] } : set({ namespaces: ['bookinfo'] }, prop, value)),
  },
  {
    name: 'ConsulConnector',
    props: ['image', 'namespace', 'ambassadorId', 'secretName', 'secretNamespace', 'tlsContextName', 'serviceIntentions', 'clusterWideRbac', 'install', 'aclToken key',
      'service', 'consul namespace', 'port', 'host', 'caSecret', 'caKey', 'serverName', 'mapping service', 'verifyUpstream', 'resolverAclToken secret'],
    build: (chart, prop, value) => {
      const address = ['host', 'caSecret', 'caKey', 'serverName'].includes(prop)
        ? ConsulAddress.https({ host: 'consul.consul.svc', caSecret: 'ca', [prop]: value } as any)
        : ['service', 'consul namespace', 'port'].includes(prop)
          ? ConsulAddress.serverService({ [prop === 'consul namespace' ? 'namespace' : prop]: value } as any)
          : ConsulAddress.serverService();
      const base = { image: 'docker.io/datawire/aes:3.10.0', consul: address };
      const own = ['image', 'namespace', 'ambassadorId', 'secretName', 'secretNamespace', 'tlsContextName', 'serviceIntentions', 'clusterWideRbac', 'install', 'verifyUpstream'];
      const props = prop === 'aclToken key' ? { ...base, aclToken: { secret: 'acl', key: value as any } }
        : prop === 'resolverAclToken secret' ? { ...base, resolverAclToken: { secret: value as any, key: 'token' } } : own.includes(prop) ? set(base, prop, value) : base;
      const connector = new ConsulConnector(chart, 'Consul', props);
      connector.resolverToken?.addHelmValues();
      connector.addMapping('Route', {
        name: 'route', prefix: '/q/', service: prop === 'mapping service' ? value as any : ConsulResolver.sidecarService('qotm'), resolver: connector.addResolver('R'),
      });
    },
  },
  {
    name: 'LinkerdMtls',
    props: ['clusterDomain', 'namespace', 'ambassadorId', 'headers', 'listenerPorts', 'install', 'custom port', 'mapping service', 'mapping prefix'],
    build: (chart, prop, value) => {
      const props = prop === 'custom port' ? { listenerPorts: AmbassadorListenerPorts.custom(value as any) }
        : prop.startsWith('mapping') ? {} : set({}, prop, value);
      const linkerd = new LinkerdMtls(chart, 'Linkerd', props);
      linkerd.addMapping('Route', { prefix: prop === 'mapping prefix' ? value as any : '/r/', service: prop === 'mapping service' ? value as any : 'r.apps:80' });
    },
  },
  {
    name: 'AmbassadorModule',
    props: ['config', 'rawConfig', 'namespace', 'ambassadorId', 'install', 'config key', 'config value', 'typed boolean', 'typed timeout', 'raw setting'],
    build: (chart, prop, value) => {
      const props = prop === 'typed boolean' ? { config: { useRemoteAddress: value } } : prop === 'typed timeout' ? { config: { clusterIdleTimeout: value } }
        : prop === 'raw setting' ? { rawConfig: { cors: value, xff_num_trusted_hops: value } } : prop.startsWith('config ') ? {} : set({}, prop, value);
      const module = new AmbassadorModule(chart, 'Module', props as any);
      if (prop === 'config key') module.setConfig(String(value), true, chart);
      if (prop === 'config value') module.setConfig('use_remote_address', value, chart);
    },
  },
  {
    name: 'CertManagerMtls',
    props: ['certificateName', 'tlsContextName', 'namespace', 'ambassadorNamespace', 'clusterDomain', 'sniPerUpstream', 'ambassadorId', 'duration', 'renewBefore',
      'identity', 'install', 'commonName', 'dnsName', 'uri', 'issuer name', 'issuer type', 'rsa size', 'ca secret', 'ca mount', 'mapping service', 'server service',
      'server certificate name'],
    build: (chart, prop, value) => {
      const issuer = prop === 'issuer name' ? CertManagerIssuer.clusterIssuer(value as any)
        : CertManagerIssuer.clusterIssuer('internal-ca', { type: prop === 'issuer type' ? value as any : undefined });
      const privateKey = prop === 'rsa size' ? CertManagerPrivateKey.rsa(value as any) : undefined;
      const upstreamTrust = prop === 'ca secret' ? UpstreamTrust.caSecret(value as any) : prop === 'ca mount' ? UpstreamTrust.issuerCa(value as any) : UpstreamTrust.none();
      const identity = prop === 'commonName' ? { commonName: value, dnsNames: ['a.b'] } : prop === 'dnsName' ? { dnsNames: [value] } : prop === 'uri' ? { uris: [value] } : undefined;
      const own = ['certificateName', 'tlsContextName', 'namespace', 'ambassadorNamespace', 'clusterDomain', 'sniPerUpstream', 'ambassadorId', 'duration', 'renewBefore', 'identity',
        'install'];
      const mtls = new CertManagerMtls(chart, 'Mtls', own.includes(prop) ? set({ issuer, upstreamTrust, identity, privateKey }, prop, value) : { issuer, upstreamTrust, identity, privateKey });
      mtls.addHelmValues();
      mtls.addMapping('Route', { prefix: '/r/', service: prop === 'mapping service' ? value as any : 'r.apps:8443' });
      mtls.addServerCertificate('Server', { service: prop === 'server service' ? value as any : 'r.apps', certificateName: prop === 'server certificate name' ? value as any : undefined });
    },
  },
  {
    name: 'IstioAuthorization',
    props: ['serviceAccount', 'ambassadorNamespace', 'trustDomain', 'restrictPorts', 'workloads', 'meshRootNamespace', 'allowMeshRootNamespace', 'mapping service',
      'workload selector', 'workload targetPorts'],
    build: (chart, prop, value) => {
      const istio = new IstioMtls(chart, 'Istio');
      const workload = { selector: prop === 'workload selector' ? value : { app: 'r' }, targetPorts: prop === 'workload targetPorts' ? value : { 9080: 8080 } };
      const base = { istio, serviceAccount: 'emissary-ingress', workloads: { 'r.apps': workload } };
      new IstioAuthorization(chart, 'Authz', prop === 'mapping service' || prop.startsWith('workload ') ? base as any : set(base, prop, value));
      istio.addMapping('Route', { prefix: '/r/', service: prop === 'mapping service' ? value as any : 'r.apps:9080' });
    },
  },
  {
    name: 'AmbassadorInstall (a chart)',
    props: ['version', 'releaseName', 'namespace', 'nameOverride', 'fullnameOverride', 'deploymentNameOverride', 'containerNameOverride', 'serviceAccountName',
      'createServiceAccount', 'listenerPorts', 'edge-stack version'],
    build: (chart, prop, value) => {
      AmbassadorInstall.use(chart, prop === 'edge-stack version' ? AmbassadorInstall.edgeStackChart({ version: value as any })
        : AmbassadorInstall.emissaryIngressChart(set({ version: '3.10.0' }, prop, value)));
      const istio = new IstioMtls(chart, 'Istio');
      istio.addHelmValues();
      istio.addKustomizeComponent();
      new IstioAuthorization(chart, 'Authz', { istio, workloads: { 'r.apps': { selector: { app: 'r' }, targetPorts: { 9080: 9080 } } } });
      istio.addMapping('Route', { prefix: '/r/', service: 'r.apps:9080' });
      new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE }).addHelmValues();
    },
  },
  {
    name: 'AmbassadorInstall (static YAML, user-managed)',
    props: ['version', 'namespace', 'product', 'deploymentName', 'containerName', 'serviceAccountName', 'listenerPorts', 'setsHostIp', 'ownsModule', 'static version',
      'static namespace'],
    build: (chart, prop, value) => {
      AmbassadorInstall.use(chart, prop.startsWith('static') ? AmbassadorInstall.staticYaml({ version: '3.9.1', [prop === 'static version' ? 'version' : 'namespace']: value } as any)
        : AmbassadorInstall.userManaged(set({ version: '3.9.1', namespace: 'edge' }, prop, value)));
      const consul = new ConsulConnector(chart, 'Consul', { image: 'docker.io/datawire/aes:3.10.0', consul: ConsulAddress.nodeAgent(), serviceIntentions: false });
      consul.addResolver('Resolver');
      consul.hostIp?.addKustomizeComponent();
      const linkerd = new LinkerdMtls(chart, 'Linkerd');
      linkerd.addKustomizeComponent();
    },
  },
  {
    name: 'LoadBalancer',
    props: ['header', 'cookie', 'sourceIp'],
    build: (chart, prop, value) => new Mapping(chart, 'Route', { prefix: '/r/', service: 'r.apps:80', loadBalancer: LoadBalancer.ringHash({ [prop]: value } as any) }),
  },
  {
    name: 'GitOpsApp.shard',
    props: ['threshold', 'shards'],
    build: (chart, prop, value) => {
      GitOpsApp.shard(chart, { threshold: 2, shards: 4, [prop]: value } as any);
      for (const name of ['a', 'b', 'c']) new Mapping(chart, name, { name, prefix: `/${name}/`, service: `${name}.apps:80` });
    },
  },
  {
    name: 'GitOpsApp chart ids',
    props: ['chart id'],
    build: (chart, _prop, value) => {
      if (typeof value !== 'string') return;
      let sub: Chart;
      try {
        sub = new Chart(chart.node.scope!, value); // cdk8s's own checks of the id come first
      } catch {
        return;
      }
      new TlsContext(sub, 'Ctx', { secret: 's' });
    },
  },
];

const scratch = temporaryFolders('hostile-');
let scratchDir: string | undefined;

/**
 * Runs one value through one scenario in a fresh app and an empty output folder, and checks the
 * outcome. The folders (`<parent>/out`) are made once per file and emptied after each run: a
 * folder made and removed per run took a third of the file's time (a mkdir or rmdir costs 0.1-1
 * ms on this disk), and an empty outdir is what a missing one is to GitOpsApp (it creates it
 * with mkdir -p). Anything a run leaves beside `out` fails that run, and is removed too.
 */
function check(scenario: Scenario, prop: string, value: unknown): void {
  const parent = scratchDir ??= scratch();
  const outdir = path.join(parent, 'out');
  fs.mkdirSync(outdir, { recursive: true });
  try {
    const app = new GitOpsApp({ outdir });
    let error: unknown;
    try {
      scenario.build(new Chart(app, 'prop', { namespace: 'ambassador' }), prop, value);
      app.synth();
    } catch (e) {
      error = e;
    }
    if (error !== undefined) {
      const where = `${scenario.name}.${prop} = ${String(value).slice(0, 40)}`;
      if (!(error instanceof Error) || error.constructor !== Error) throw new Error(`${where}: not our error: ${String(error)}`);
      if (!/^([^:\n]{1,300}: |Validation failed with the following errors:\n\s+\[)[\s\S]*Fix: \S/.test(error.message)) {
        throw new Error(`${where}: an error without its place or fix: ${error.message}`);
      }
      return;
    }
    const files = (fs.readdirSync(parent, { recursive: true }) as string[]).map((f) => path.join(parent, f)).filter((f) => fs.statSync(f).isFile());
    for (const file of files) expect(file.startsWith(outdir + path.sep)).toBe(true);
    const manifests = files.filter((f) => f.endsWith('.k8s.yaml'));
    const docs = manifests.flatMap((f) => {
      const parsed = parseAllDocuments(fs.readFileSync(f, 'utf8'));
      // One document per file, but a shard's one file (written in full by GitOpsApp).
      if (path.basename(f) !== 'manifests.k8s.yaml') expect(parsed).toHaveLength(1);
      return parsed.map((d) => d.toJS());
    });
    expectValidDocuments(docs);
  } finally {
    const left = [...fs.readdirSync(parent).filter((f) => f !== 'out').map((f) => path.join(parent, f)), ...fs.readdirSync(outdir).map((f) => path.join(outdir, f))];
    for (const entry of left) fs.rmSync(entry, { recursive: true, force: true });
  }
}

describe('arbitrary values in every prop: our error, or valid manifests in the output folder', () => {
  test.each(SCENARIOS.map((s) => [s.name, s]))('%s', (_, scenario) => {
    fc.assert(fc.property(fc.constantFrom(...scenario.props), anyValue, (prop, value) => check(scenario, prop, value)), RUNS);
  });
});
