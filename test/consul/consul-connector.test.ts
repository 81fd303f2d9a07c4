import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AmbassadorApiVersion, AmbassadorInstall, ConsulAddress, ConsulConnector, ConsulConnectorProps, ConsulResolver, Mapping, TlsContext } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

const IMAGE = 'docker.io/datawire/aes:1.14.4';
const SERVERS = ConsulAddress.serverService();

const containerOf = (docs: any[], name = 'ambassador-consul-connect-integration') =>
  findObject(docs, 'Deployment', name).spec.template.spec.containers[0];
const envOf = (docs: any[], name?: string) =>
  Object.fromEntries(containerOf(docs, name).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('ConsulConnector', () => {
  test('defaults: upstream behaviour, least-privilege RBAC, restricted pod, a TLSContext reading its Secret', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(docs.map((d) => d.kind)).not.toContain('ClusterRole');
    // kubectl apply of one Secret: a get, then a create or a patch (never list or delete).
    expect(findObject(docs, 'Role', 'ambassador-consul-connect')).toMatchObject({
      metadata: { namespace: 'ambassador' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] }],
    });
    expect(findObject(docs, 'RoleBinding', 'ambassador-consul-connect').subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'ambassador-consul-connect', namespace: 'ambassador' }]);
    expect(envOf(docs)).toEqual({
      _CONSUL_HOST: 'consul-server.consul.svc',
      _CONSUL_PORT: '8500',
      _AMBASSADOR_TLS_SECRET_NAME: 'ambassador-consul-connect',
      _AMBASSADOR_TLS_SECRET_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      HOME: '/tmp',
    });
    const pod = findObject(docs, 'Deployment', 'ambassador-consul-connect-integration').spec.template;
    expect(pod.metadata.annotations).toEqual({ 'consul.hashicorp.com/connect-inject': 'false' });
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.spec.serviceAccountName).toBe('ambassador-consul-connect');
    const container = containerOf(docs);
    expect(container.command).toEqual(['consul_connect_integration']);
    // kubectl in the image caches API discovery under $HOME: a writable emptyDir, root stays read-only.
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '200m', memory: '200Mi' } });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    const service = findObject(docs, 'Service', 'ambassador-consul-connector');
    expect(service.spec.selector).toEqual(findObject(docs, 'Deployment', 'ambassador-consul-connect-integration').spec.selector.matchLabels);
    // The connector's tls.crt is the leaf followed by the Consul root: as ca_secret it verifies the sidecars.
    expect(findObject(docs, 'TLSContext', 'ambassador-consul').spec).toEqual({ hosts: [], secret: 'ambassador-consul-connect', ca_secret: 'ambassador-consul-connect' });
  });

  test('where Consul is, is an explicit choice: the servers\' Service, HTTPS with its CA, or the node agent', () => {
    const address = (consul: ConsulAddress) => {
      const chart = testChart('ambassador');
      const connector = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul });
      connector.addResolver('R');
      const docs = synthValid(chart);
      return { env: envOf(docs), resolver: findObject(docs, 'ConsulResolver', 'consul-dc1').spec.address, docs, connector };
    };
    const servers = address(ConsulAddress.serverService({ service: 'hashicorp-consul-server', namespace: 'hashicorp', port: 8600 }));
    expect([servers.env._CONSUL_HOST, servers.env._CONSUL_PORT, servers.resolver]).toEqual(['hashicorp-consul-server.hashicorp.svc', '8600', 'hashicorp-consul-server.hashicorp.svc:8600']);

    // The node agent: the connector's status.hostIP, and Emissary's own HOST_IP for the resolver.
    const agent = address(ConsulAddress.nodeAgent());
    expect([agent.env._CONSUL_HOST, agent.env._CONSUL_PORT, agent.resolver]).toEqual([{ fieldRef: { fieldPath: 'status.hostIP' } }, '8500', '${HOST_IP}:8500']);

    // HTTPS: the API client's own settings, the CA mounted from its Secret, and the same CA for Ambassador.
    const https = address(ConsulAddress.https({ host: 'consul-server.consul.svc', caSecret: 'consul-ca-cert', serverName: 'server.dc1.consul' }));
    expect(https.env).toMatchObject({
      _CONSUL_HOST: 'consul-server.consul.svc',
      _CONSUL_PORT: '8501',
      CONSUL_HTTP_SSL: 'true',
      CONSUL_CACERT: '/etc/consul-ca/tls.crt',
      CONSUL_TLS_SERVER_NAME: 'server.dc1.consul',
    });
    expect(https.resolver).toBe('https://consul-server.consul.svc:8501');
    const pod = findObject(https.docs, 'Deployment', 'ambassador-consul-connect-integration').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'consul-ca', secret: { secretName: 'consul-ca-cert' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'consul-ca', mountPath: '/etc/consul-ca', readOnly: true });
    expect(https.connector.caTrust!.helmValues()).toMatchObject({
      volumes: [{ name: 'consul-ca', secret: { secretName: 'consul-ca-cert' } }],
      env: { CONSUL_CACERT: '/etc/consul-ca/tls.crt', CONSUL_TLS_SERVER_NAME: 'server.dc1.consul' },
    });
    expect(servers.connector.caTrust).toBeUndefined();
  });

  test('the Connect sidecars are verified against the Consul root the connector writes after the leaf, unless turned off', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), verifyUpstream: false });
    expect(findObject(synthValid(chart), 'TLSContext', 'ambassador-consul').spec).toEqual({ hosts: [], secret: 'ambassador-consul-connect' });
    expect(() => new ConsulConnector(testChart('ambassador'), 'Flag', { image: IMAGE, consul: ConsulAddress.serverService(), verifyUpstream: 'yes' as any }))
      .toThrow(/test\/Flag: verifyUpstream "yes" is not true or false/);
    // The explicit TlsContext form, and what it needs.
    const own = testChart('ambassador');
    const secret = kplus.Secret.fromSecretName(own, 'S', 'chain');
    expect(() => new TlsContext(own, 'NoSecret', { certChainFile: '/c/c.pem', privateKeyFile: '/c/k.pem', trustClientChain: true }))
      .toThrow(/test\/NoSecret: trustClientChain true is set without `secret`/);
    expect(() => new TlsContext(own, 'Both', { secret, caSecret: 'ca', trustClientChain: true })).toThrow(/trustClientChain true is given together with caSecret/);
    expect(() => new TlsContext(own, 'File', { secret, caChainFile: '/ca/ca.pem', trustClientChain: true })).toThrow(/trustClientChain true is given together with caChainFile/);
  });

  test('a Consul CA Secret in another namespace than the pod mounting it is refused: the pod would never start', () => {
    const chart = testChart('ambassador');
    const ca = new ApiObject(chart, 'Ca', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'consul-ca-cert', namespace: 'consul' } });
    expect(() => new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: ConsulAddress.https({ host: 'consul-server.consul.svc', caSecret: ca }) }))
      .toThrow(/test\/Consul: consul caSecret "consul-ca-cert \(namespace consul\)" is not in the connector's namespace "ambassador": a pod mounts Secrets from its own namespace only, so the connector would never start \(FailedMount\)/);
    // In the connector's namespace it is fine; Ambassador running elsewhere fails the synth once its pod mounts it.
    const here = testChart('ambassador');
    const local = new ApiObject(here, 'Ca', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'consul-ca-cert' } });
    const connector = new ConsulConnector(here, 'Consul', { image: IMAGE, consul: ConsulAddress.https({ host: 'consul-server.consul.svc', caSecret: local }) });
    const ambassador = new kplus.Deployment(here, 'Ambassador', { metadata: { namespace: 'emissary' }, containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] });
    connector.caTrust!.wire(ambassador);
    expect(() => Testing.synth(here)).toThrow(/test\/Consul\/CaTrust: the Consul CA Secret "consul-ca-cert" is in namespace "ambassador", but Ambassador runs in "emissary", and a pod mounts Secrets from its own namespace only/);
  });

  test('an ACL token for the resolvers\' lookups: mounted into Ambassador\'s pod as CONSUL_HTTP_TOKEN_FILE, required once resolvers exist', () => {
    const chart = testChart('emissary');
    const connector = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), resolverAclToken: { secret: 'ambassador-consul-read', key: 'token' } });
    expect(connector.resolverToken!.helmValues()).toEqual({
      volumes: [{ name: 'consul-acl-token', secret: { secretName: 'ambassador-consul-read', items: [{ key: 'token', path: 'token' }] } }],
      volumeMounts: [{ name: 'consul-acl-token', mountPath: '/etc/consul-acl', readOnly: true }],
      env: { CONSUL_HTTP_TOKEN_FILE: '/etc/consul-acl/token' },
    });
    const unapplied = testChart('emissary');
    const other = new ConsulConnector(unapplied, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), resolverAclToken: { secret: 'ambassador-consul-read', key: 'token' } });
    other.addResolver('R');
    expect(() => Testing.synth(unapplied)).toThrow(/test\/Consul: resolverAclToken is for the ConsulResolvers consul-dc1, but nothing applies connector\.resolverToken to Ambassador's pod, so Emissary's watcher reads Consul's catalog with the anonymous token/);
    const elsewhere = testChart('emissary');
    AmbassadorInstall.use(elsewhere, AmbassadorInstall.staticYaml({ version: '3.10.0', namespace: 'emissary' }));
    const token = new ApiObject(elsewhere, 'Token', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'read', namespace: 'consul' } });
    expect(() => new ConsulConnector(elsewhere, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), resolverAclToken: { secret: token as any, key: 'token' } }))
      .toThrow(/test\/Consul: resolverAclToken\.secret "read \(namespace consul\)" is not in Ambassador's namespace "emissary"/);
  });

  test('every setting flows to its env var, and the TLSContext reads the secret where it is written', () => {
    const chart = testChart('ambassador');
    const token = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
    const consul = new ConsulConnector(chart, 'Consul', {
      image: `docker.io/datawire/aes@sha256:${'a'.repeat(64)}`,
      ambassadorId: 'edge',
      consul: ConsulAddress.serverService({ port: 8501 }),
      secretName: 'edge-mesh-ca',
      secretNamespace: 'mesh-certs',
      aclToken: { secret: token, key: 'token' },
    });
    const docs = synthValid(chart);
    expect(envOf(docs, 'edge-consul-connect-integration')).toEqual({
      _AMBASSADOR_ID: 'edge',
      _CONSUL_HOST: 'consul-server.consul.svc',
      _CONSUL_PORT: '8501',
      _AMBASSADOR_TLS_SECRET_NAME: 'edge-mesh-ca',
      _AMBASSADOR_TLS_SECRET_NAMESPACE: 'mesh-certs',
      CONSUL_HTTP_TOKEN: { secretKeyRef: { name: 'consul-acl', key: 'token' } },
      HOME: '/tmp',
    });
    expect(findObject(docs, 'TLSContext', 'edge-consul').spec).toEqual({ hosts: [], secret: 'edge-mesh-ca.mesh-certs', ca_secret: 'edge-mesh-ca.mesh-certs', ambassador_id: ['edge'] });
    expect(findObject(docs, 'Role', 'edge-consul-connect').metadata.namespace).toBe('mesh-certs');
    expect(findObject(docs, 'RoleBinding', 'edge-consul-connect')).toMatchObject({
      metadata: { namespace: 'mesh-certs' }, subjects: [{ name: 'edge-consul-connect', namespace: 'ambassador' }],
    });
    expect(consul.secretName).toBe('edge-mesh-ca');
    // The connector asks Consul for a leaf certificate of "ambassador-<id>" (NewAgent in its source).
    expect(consul.consulServiceName).toBe('ambassador-edge');
  });

  test('a ServiceIntentions per Consul service its Mappings reach, allowing the connector\'s identity', () => {
    const chart = testChart('ambassador');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, ambassadorId: 'edge' });
    const resolver = consul.addResolver('R');
    consul.addMapping('A', { name: 'a', prefix: '/a/', service: ConsulResolver.sidecarService('qotm'), resolver });
    consul.addMapping('B', { name: 'b', prefix: '/b/', service: ConsulResolver.sidecarService('qotm'), resolver });
    // A Mapping made directly with the connector's TLSContext counts too.
    new Mapping(chart, 'C', { name: 'c', prefix: '/c/', service: ConsulResolver.sidecarService('quote'), resolver, tls: consul.tlsContext });
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'ServiceIntentions').map((d) => d.metadata.name).sort()).toEqual(['qotm', 'quote']);
    expect(findObject(docs, 'ServiceIntentions', 'qotm')).toMatchObject({
      apiVersion: 'consul.hashicorp.com/v1alpha1',
      metadata: { namespace: 'ambassador' },
      spec: { destination: { name: 'qotm' }, sources: [{ name: 'ambassador-edge', action: 'allow' }] },
    });
    // Not a Connect sidecar service: which Consul service to allow cannot be told.
    expect(() => consul.addMapping('D', { prefix: '/d/', service: 'qotm', resolver }))
      .toThrow(/test\/Consul\/D: service "qotm" is not a Consul Connect sidecar service .*Fix: name the sidecar with ConsulResolver\.sidecarService\("qotm"\), or set serviceIntentions: false/);
  });

  test('no ServiceIntentions when you manage them; two connectors allowing one service clash at synth', () => {
    const off = testChart('ambassador');
    const quiet = new ConsulConnector(off, 'Consul', { image: IMAGE, consul: SERVERS, serviceIntentions: false });
    quiet.addMapping('A', { name: 'a', prefix: '/a/', service: ConsulResolver.sidecarService('qotm'), resolver: quiet.addResolver('R') });
    expect(synthValid(off).map((d) => d.kind)).not.toContain('ServiceIntentions');

    const chart = testChart('ambassador');
    for (const id of ['one', 'two']) {
      const c = new ConsulConnector(chart, id, { image: IMAGE, consul: SERVERS, ambassadorId: id });
      c.addMapping('A', { name: `${id}-a`, prefix: '/a/', service: ConsulResolver.sidecarService('qotm'), resolver: c.addResolver('R', { name: `${id}-consul` }) });
    }
    expect(() => synthValid(chart)).toThrow(/ServiceIntentions "qotm" in namespace "ambassador" is defined twice, by test\/one\/Intentions-qotm and test\/two\/Intentions-qotm/);
  });

  test('a Consul Mapping needs a ConsulResolver or a port, unless it routes through a Kubernetes Service on purpose', () => {
    const chart = testChart('ambassador');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, serviceIntentions: false });
    expect(() => consul.addMapping('Dns', { prefix: '/q/', service: 'https://qotm-proxy' }))
      .toThrow(/test\/Consul\/Dns: resolver \(not set\) is not set and service "https:\/\/qotm-proxy" names no port, but tls "ambassador-consul" holds a Consul Connect certificate: Ambassador would dial port 443 of a Kubernetes Service, not the Connect sidecar\. Fix: add the connector's ConsulResolver/);
    const ok = testChart('ambassador');
    const c = new ConsulConnector(ok, 'Consul', { image: IMAGE, consul: SERVERS, serviceIntentions: false });
    c.addMapping('Dns', { name: 'dns', prefix: '/q/', service: 'https://qotm-proxy', viaKubernetesService: true });
    c.addMapping('Port', { name: 'port', prefix: '/p/', service: 'qotm-proxy:20000' });
    const docs = synthValid(ok);
    expect(findObject(docs, 'Mapping', 'dns').spec.service).toBe('https://qotm-proxy');
    expect(findObject(docs, 'Mapping', 'port').spec.service).toBe('https://qotm-proxy:20000');
  });

  test('a Mapping through a ConsulResolver names a bare Consul service: no port, dots or scheme', () => {
    const chart = testChart('ambassador');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS });
    const resolver = consul.addResolver('R');
    for (const service of ['qotm-sidecar-proxy:20000', 'qotm-sidecar-proxy.default', 'https://qotm-sidecar-proxy']) {
      expect(() => consul.addMapping(service, { prefix: '/q/', service, resolver }))
        .toThrow(/is not a bare service name, but resolver "consul-dc1" looks it up in Consul's catalog: Emissary ignores a port and rejects a dotted name/);
    }
  });

  test('resolvers and Mappings inherit the connector namespace', () => {
    const chart = testChart('apps');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, namespace: 'ambassador' });
    const resolver = consul.addResolver('R', { address: 'consul-server.consul:8500' });
    consul.addMapping('M', { name: 'm', prefix: '/m/', service: 'm-sidecar-proxy', resolver });
    const docs = synthValid(chart);
    for (const [kind, name] of [['ConsulResolver', 'consul-dc1'], ['Mapping', 'm'], ['TLSContext', 'ambassador-consul'], ['Deployment', 'ambassador-consul-connect-integration'], ['ServiceIntentions', 'm']]) {
      expect(findObject(docs, kind, name).metadata.namespace).toBe('ambassador');
    }
  });

  test('the upstream-style ClusterRole only when asked', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, clusterWideRbac: true });
    const docs = synthValid(chart);
    expect(docs.map((d) => d.kind)).not.toContain('Role');
    // Cluster-scoped names carry the namespace: connectors of two namespaces do not share them.
    expect(findObject(docs, 'ClusterRoleBinding', 'ambassador-consul-connect-ambassador').roleRef)
      .toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ambassador-consul-connect-ambassador' });
    const role = findObject(docs, 'ClusterRole', 'ambassador-consul-connect-ambassador');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] }]);
    expect(role.metadata.namespace).toBeUndefined(); // cluster-scoped
  });

  test('the security context can be relaxed explicitly, capabilities merged; resources overridden', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', {
      image: IMAGE,
      consul: SERVERS,
      securityContext: { readOnlyRootFilesystem: false, capabilities: { add: ['NET_BIND_SERVICE'] } },
      resources: { requests: { cpu: '50m' }, limits: { cpu: '500m' } },
    });
    const container = containerOf(synthValid(chart));
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: false, runAsNonRoot: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    expect(container.resources).toEqual({ requests: { cpu: '50m' }, limits: { cpu: '500m' } });
  });

  test('a resolver\'s address can be given; the Deployment is the escape hatch', () => {
    const chart = testChart('ambassador');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS });
    consul.addResolver('R', { address: 'http://consul.example:8500' });
    ApiObject.of(consul).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'edge'));
    const docs = synthValid(chart);
    expect(findObject(docs, 'ConsulResolver', 'consul-dc1').spec.address).toBe('http://consul.example:8500');
    expect(findObject(docs, 'Deployment', 'ambassador-consul-connect-integration').spec.template.spec.priorityClassName).toBe('edge');
  });

  test('ambassador_id set once flows to the TLSContext, resolvers and Mappings; two ids in one app do not collide', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'edge', { namespace: 'ambassador' });
    for (const id of ['public', 'internal']) {
      const consul = new ConsulConnector(chart, id, { image: IMAGE, consul: SERVERS, ambassadorId: id, serviceIntentions: false });
      const resolver = consul.addResolver('Resolver', { name: `${id}-consul`, address: 'consul-server.consul:8500' });
      consul.addMapping('Route', { name: `${id}-qotm`, prefix: `/${id}/`, service: ConsulResolver.sidecarService('qotm'), resolver });
    }
    const docs = synthValid(chart);
    const keys = docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of ['public', 'internal']) {
      expect(envOf(docs, `${id}-consul-connect-integration`)._AMBASSADOR_ID).toBe(id);
      expect(findObject(docs, 'TLSContext', `${id}-consul`).spec).toEqual({ hosts: [], secret: `${id}-consul-connect`, ca_secret: `${id}-consul-connect`, ambassador_id: [id] });
      expect(findObject(docs, 'ConsulResolver', `${id}-consul`).spec.ambassador_id).toEqual([id]);
      expect(findObject(docs, 'Mapping', `${id}-qotm`).spec).toMatchObject({
        ambassador_id: [id], tls: `${id}-consul`, resolver: `${id}-consul`, service: 'qotm-sidecar-proxy', load_balancer: { policy: 'round_robin' },
      });
      expect(findObject(docs, 'Service', `${id}-consul-connector`).spec.selector['app.kubernetes.io/instance']).toBe(`${id}-consul`);
    }
    expect(() => new Mapping(chart, 'Mixed', { prefix: '/m/', service: 'm:80', tls: (chart.node.findChild('public') as ConsulConnector).tlsContext, ambassadorId: 'internal' }))
      .toThrow(/edge\/Mixed: ambassadorId \["internal"\] is not covered by tls "public-consul"/);
  });

  test('emits v2 when the chart says so', () => {
    const chart = testChart('ambassador');
    AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);
    new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, serviceIntentions: false })
      .addMapping('Qotm', { name: 'qotm', prefix: '/q/', service: 'https://qotm-proxy', viaKubernetesService: true });
    const docs = synthValid(chart);
    expect(findObject(docs, 'TLSContext', 'ambassador-consul').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'Mapping', 'qotm').apiVersion).toBe('getambassador.io/v2');
  });

  describe('rejects bad input', () => {
    test.each<[string, Partial<ConsulConnectorProps>, RegExp]>([
      ['an untagged image', { image: 'docker.io/datawire/aes' }, /test\/Consul: image "docker\.io\/datawire\/aes" has no tag \(it would float to :latest\)\. Fix: pin a version/],
      ['a registry port but no tag', { image: 'registry:5000/aes' }, /image "registry:5000\/aes" has no tag/],
      ['the latest tag', { image: 'docker.io/datawire/aes:latest' }, /image "docker\.io\/datawire\/aes:latest" uses the floating tag "latest"/],
      ['an empty image', { image: '' }, /image "" is not a valid image reference/],
      ['a bad digest', { image: 'docker.io/datawire/aes@sha256:abc' }, /is not a valid image reference/],
      ['an uppercase repository', { image: 'docker.io/datawire/AES:1.0' }, /image "docker\.io\/datawire\/AES:1\.0" is not a valid image reference/],
      ['an empty repository', { image: ':1.0' }, /is not a valid image reference/],
      ['no Consul address', { consul: undefined }, /test\/Consul: consul \(not set\) is not a ConsulAddress\. Fix: choose where Consul is: ConsulAddress\.serverService\(\)/],
      ['a Consul host string', { consul: 'consul-server.consul' as any }, /consul "consul-server\.consul" is not a ConsulAddress/],
      ['port 0', { consul: ConsulAddress.serverService({ port: 0 }) }, /test\/Consul: consul port 0 is not a port number\. Fix: use a whole number from 1 to 65535/],
      ['port 70000', { consul: ConsulAddress.nodeAgent({ port: 70000 }) }, /consul port 70000 is not a port number/],
      ['a bad Consul service', { consul: ConsulAddress.serverService({ service: 'Consul_Server' }) }, /consul service "Consul_Server" is not a Service name/],
      ['a URL as the HTTPS host', { consul: ConsulAddress.https({ host: 'https://consul:8501', caSecret: 'ca' }) }, /consul host "https:\/\/consul:8501" is not a host name/],
      ['HTTPS without a CA', { consul: ConsulAddress.https({ host: 'consul', caSecret: undefined as any }) }, /consul caSecret \(not set\) is not a Secret/],
      ['an invalid secret name', { secretName: 'Consul_CA' }, /test\/Consul: secretName "Consul_CA" is not a valid namespace name/],
      ['a dotted secret name (read as name.namespace)', { secretName: 'edge.ca' }, /secretName "edge\.ca" is not a valid namespace name \(RFC 1123 label\)/],
      ['an invalid secret namespace', { secretNamespace: 'Mesh' }, /secretNamespace "Mesh" is not a valid namespace name/],
      ['an invalid namespace', { namespace: 'amb.assador' }, /namespace "amb\.assador" is not a valid namespace name/],
      ['an invalid ambassador id', { ambassadorId: 'Edge One' }, /test\/Consul: ambassadorId "Edge One" cannot prefix the connector's names/],
      ['an id starting with a digit', { ambassadorId: '1edge' }, /ambassadorId "1edge" cannot prefix/],
      ['a dotted id', { ambassadorId: 'edge.one' }, /ambassadorId "edge\.one" cannot prefix/],
      ['a 47-character id', { ambassadorId: `e${'a'.repeat(46)}` }, /cannot prefix the connector's names \(a Service name must be an RFC 1035 label of at most 63 characters\)/],
    ])('%s', (_, props, message) => {
      expect(() => new ConsulConnector(testChart('ambassador'), 'Consul', { image: IMAGE, consul: SERVERS, ...props })).toThrow(message);
    });

    test('an ACL token source with no key', () => {
      const chart = testChart('ambassador');
      const secret = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
      expect(() => new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, aclToken: { secret, key: '' } }))
        .toThrow(/test\/Consul: aclToken\.key "" is not a Secret key\. Fix: name the key of Secret "consul-acl"/);
    });

    test('ACL token: no Secret, an overlong key, a Secret in another namespace', () => {
      const chart = testChart('ambassador');
      expect(() => new ConsulConnector(chart, 'NoSecret', { image: IMAGE, consul: SERVERS, aclToken: { secret: undefined as any, key: 'token' } }))
        .toThrow(/test\/NoSecret: aclToken\.secret \(not set\) is not a Secret/);
      const secret = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
      expect(() => new ConsulConnector(chart, 'LongKey', { image: IMAGE, consul: SERVERS, aclToken: { secret, key: 'k'.repeat(254) } })).toThrow(/aclToken\.key "k+\.\.\. \(256 characters\) is not a Secret key/);
      const elsewhere = new kplus.Secret(chart, 'Bootstrap', { metadata: { name: 'consul-bootstrap-acl-token', namespace: 'consul' } });
      expect(() => new ConsulConnector(chart, 'Elsewhere', { image: IMAGE, consul: SERVERS, aclToken: { secret: elsewhere, key: 'token' } }))
        .toThrow(/test\/Elsewhere: aclToken\.secret "consul-bootstrap-acl-token \(namespace consul\)" is not in the connector's namespace "ambassador": a pod reads Secrets from its own namespace only/);
    });

    test('two connectors that would share names', () => {
      const chart = testChart('ambassador');
      new ConsulConnector(chart, 'A', { image: IMAGE, consul: SERVERS });
      expect(() => new ConsulConnector(chart, 'B', { image: IMAGE, consul: SERVERS, ambassadorId: 'ambassador' }))
        .toThrow(/test\/B: ambassadorId "ambassador" gives the same names \(ambassador-consul-\.\.\.\) as test\/A in namespace "ambassador"/);
      new ConsulConnector(chart, 'C', { image: IMAGE, consul: SERVERS, namespace: 'other', tlsContextName: 'other-consul' }); // another namespace is fine
    });

    test('a TlsContext secret with a dot would be read as name.namespace', () => {
      const chart = testChart();
      expect(() => new TlsContext(chart, 'Ctx', { secret: kplus.Secret.fromSecretName(chart, 'S', 'edge.ca') }))
        .toThrow(/test\/Ctx: secret "edge\.ca" has a dot, which Ambassador reads as name\.namespace/);
    });

    test('a secret namespace the RBAC would not cover', () => {
      expect(() => new ConsulConnector(testChart(), 'Consul', { image: IMAGE, consul: SERVERS, secretNamespace: 'mesh-certs' }))
        .toThrow(/test\/Consul: namespace \(not set\) and the chart's namespace are both unset: the RoleBinding could not name the ServiceAccount, so the RBAC would not cover the secret in "mesh-certs"\. Fix: set `namespace`/);
      expect(() => new ConsulConnector(testChart(), 'Consul', { image: IMAGE, consul: SERVERS })).toThrow(/namespace \(not set\) and the chart's namespace are both unset/);
      // Covered once the connector's namespace is known: the Role goes where the secret is.
      const docs = synthValid((() => {
        const chart = testChart();
        new ConsulConnector(chart, 'Consul', { image: IMAGE, consul: SERVERS, namespace: 'ambassador', secretNamespace: 'mesh-certs' });
        return chart;
      })());
      expect(findObject(docs, 'Role', 'ambassador-consul-connect').metadata.namespace).toBe('mesh-certs');
    });
  });
});

describe('ConsulResolver', () => {
  test('in each API version, named after the datacenter', () => {
    for (const apiVersion of [AmbassadorApiVersion.V2, AmbassadorApiVersion.V3ALPHA1]) {
      const chart = testChart();
      new ConsulResolver(chart, 'R', { address: 'consul-server.consul:8500', datacenter: 'dc_2', apiVersion });
      const docs = synthValid(chart);
      expect(docs).toMatchSnapshot(apiVersion.version);
      expect(findObject(docs, 'ConsulResolver', 'consul-dc-2')).toMatchObject({ apiVersion: apiVersion.apiVersion, spec: { address: 'consul-server.consul:8500', datacenter: 'dc_2' } });
    }
  });

  test('sidecarService names the Connect sidecar', () => {
    expect(ConsulResolver.sidecarService('qotm')).toBe('qotm-sidecar-proxy');
    expect(() => ConsulResolver.sidecarService('QOTM')).toThrow(/sidecarService\("QOTM"\): not a Consul service name/);
  });

  test.each(['consul-server.consul:8500', 'http://consul-server.consul:8500', 'https://consul-server.consul.svc:8501', '${HOST_IP}:8500', '$CONSULHOST:$CONSULPORT', '10.0.0.5:8500'])(
    'takes the address forms Emissary takes: %s', (address) => {
      const chart = testChart();
      new ConsulResolver(chart, 'R', { address });
      expect(findObject(synthValid(chart), 'ConsulResolver', 'consul-dc1').spec.address).toBe(address);
    });

  test.each([
    ['', /test\/R: address "" is not a Consul HTTP API address Emissary can use\. Fix: write host:port, http:\/\/host:port or https:\/\/host:port/],
    ['consul-server.consul', /address "consul-server\.consul" is not a Consul HTTP API address/],
    ['grpc://consul:8502', /address "grpc:\/\/consul:8502" is not a Consul HTTP API address/],
    ['consul:0', /test\/R: address port 0 is not a port number/],
    ['consul..svc:8500', /test\/R: address "consul\.\.svc:8500" has the host "consul\.\.svc", which is no DNS name \(an empty label/],
    ['https://consul-.consul.svc:8501', /has the host "consul-\.consul\.svc", which is no DNS name/],
    [`${'a'.repeat(64)}.consul:8500`, /which is no DNS name/],
  ])('rejects address %j', (address, message) => {
    expect(() => new ConsulResolver(testChart(), 'R', { address })).toThrow(message);
  });

  test('rejects a bad datacenter', () => {
    expect(() => new ConsulResolver(testChart(), 'R', { address: 'c:8500', datacenter: 'dc 1' })).toThrow(/test\/R: datacenter "dc 1" is not a Consul datacenter name/);
  });
});
