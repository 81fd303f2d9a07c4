import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AmbassadorApiVersion, ConsulConnector, ConsulConnectorProps, ConsulResolver, Mapping, TlsContext } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

const IMAGE = 'docker.io/datawire/aes:1.14.4';

const containerOf = (docs: any[], name = 'ambassador-consul-connect-integration') =>
  findObject(docs, 'Deployment', name).spec.template.spec.containers[0];
const envOf = (docs: any[], name?: string) =>
  Object.fromEntries(containerOf(docs, name).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('ConsulConnector', () => {
  test('defaults: upstream behaviour, least-privilege RBAC, restricted pod, a TLSContext reading its Secret', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', { image: IMAGE });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(docs.map((d) => d.kind)).not.toContain('ClusterRole');
    expect(findObject(docs, 'Role', 'ambassador-consul-connect')).toMatchObject({
      metadata: { namespace: 'ambassador' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'delete', 'patch'] }],
    });
    expect(findObject(docs, 'RoleBinding', 'ambassador-consul-connect').subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'ambassador-consul-connect', namespace: 'ambassador' }]);
    expect(envOf(docs)).toEqual({
      _CONSUL_HOST: { fieldRef: { fieldPath: 'status.hostIP' } },
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
    expect(findObject(docs, 'TLSContext', 'ambassador-consul').spec).toEqual({ hosts: [], secret: 'ambassador-consul-connect' });
  });

  test('every setting flows to its env var, and the TLSContext reads the secret where it is written', () => {
    const chart = testChart('ambassador');
    const token = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
    const consul = new ConsulConnector(chart, 'Consul', {
      image: `docker.io/datawire/aes@sha256:${'a'.repeat(64)}`,
      ambassadorId: 'edge',
      consulHost: 'consul-server.consul',
      consulPort: 8501,
      secretName: 'edge-mesh-ca',
      secretNamespace: 'mesh-certs',
      aclToken: { secret: token, key: 'token' },
    });
    const docs = synthValid(chart);
    expect(envOf(docs, 'edge-consul-connect-integration')).toEqual({
      _AMBASSADOR_ID: 'edge',
      _CONSUL_HOST: 'consul-server.consul',
      _CONSUL_PORT: '8501',
      _AMBASSADOR_TLS_SECRET_NAME: 'edge-mesh-ca',
      _AMBASSADOR_TLS_SECRET_NAMESPACE: 'mesh-certs',
      CONSUL_HTTP_TOKEN: { secretKeyRef: { name: 'consul-acl', key: 'token' } },
      HOME: '/tmp',
    });
    expect(findObject(docs, 'TLSContext', 'edge-consul').spec).toEqual({ hosts: [], secret: 'edge-mesh-ca.mesh-certs', ambassador_id: ['edge'] });
    expect(findObject(docs, 'Role', 'edge-consul-connect').metadata.namespace).toBe('mesh-certs');
    expect(findObject(docs, 'RoleBinding', 'edge-consul-connect')).toMatchObject({
      metadata: { namespace: 'mesh-certs' }, subjects: [{ name: 'edge-consul-connect', namespace: 'ambassador' }],
    });
    expect(consul.secretName).toBe('edge-mesh-ca');
  });

  test('resolvers and Mappings inherit the connector namespace', () => {
    const chart = testChart('apps');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, namespace: 'ambassador' });
    const resolver = consul.addResolver('R', { address: 'consul-server.consul:8500' });
    consul.addMapping('M', { name: 'm', prefix: '/m/', service: 'm-sidecar-proxy', resolver });
    const docs = synthValid(chart);
    for (const [kind, name] of [['ConsulResolver', 'consul-dc1'], ['Mapping', 'm'], ['TLSContext', 'ambassador-consul'], ['Deployment', 'ambassador-consul-connect-integration']]) {
      expect(findObject(docs, kind, name).metadata.namespace).toBe('ambassador');
    }
  });

  test('the upstream-style ClusterRole only when asked', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', { image: IMAGE, clusterWideRbac: true });
    const docs = synthValid(chart);
    expect(docs.map((d) => d.kind)).not.toContain('Role');
    // Cluster-scoped names carry the namespace: connectors of two namespaces do not share them.
    expect(findObject(docs, 'ClusterRoleBinding', 'ambassador-consul-connect-ambassador').roleRef)
      .toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ambassador-consul-connect-ambassador' });
    expect(findObject(docs, 'ClusterRole', 'ambassador-consul-connect-ambassador').rules[0].resources).toEqual(['secrets']);
  });

  test('the security context can be relaxed explicitly, capabilities merged; resources overridden', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Consul', {
      image: IMAGE,
      securityContext: { readOnlyRootFilesystem: false, capabilities: { add: ['NET_BIND_SERVICE'] } },
      resources: { requests: { cpu: '50m' }, limits: { cpu: '500m' } },
    });
    const container = containerOf(synthValid(chart));
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: false, runAsNonRoot: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    expect(container.resources).toEqual({ requests: { cpu: '50m' }, limits: { cpu: '500m' } });
  });

  test('resolver address defaults to consulHost:consulPort; the Deployment is the escape hatch', () => {
    const chart = testChart('ambassador');
    const consul = new ConsulConnector(chart, 'Consul', { image: IMAGE, consulHost: 'consul-server.consul', consulPort: 8501 });
    consul.addResolver('R');
    ApiObject.of(consul).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'edge'));
    const docs = synthValid(chart);
    expect(findObject(docs, 'ConsulResolver', 'consul-dc1').spec.address).toBe('consul-server.consul:8501');
    expect(findObject(docs, 'Deployment', 'ambassador-consul-connect-integration').spec.template.spec.priorityClassName).toBe('edge');
  });

  test('ambassador_id set once flows to the TLSContext, resolvers and Mappings; two ids in one app do not collide', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'edge', { namespace: 'ambassador' });
    for (const id of ['public', 'internal']) {
      const consul = new ConsulConnector(chart, id, { image: IMAGE, ambassadorId: id });
      const resolver = consul.addResolver('Resolver', { name: `${id}-consul`, address: 'consul-server.consul:8500' });
      consul.addMapping('Route', { name: `${id}-qotm`, prefix: `/${id}/`, service: ConsulResolver.sidecarService('qotm'), resolver });
    }
    const docs = synthValid(chart);
    const keys = docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of ['public', 'internal']) {
      expect(envOf(docs, `${id}-consul-connect-integration`)._AMBASSADOR_ID).toBe(id);
      expect(findObject(docs, 'TLSContext', `${id}-consul`).spec).toEqual({ hosts: [], secret: `${id}-consul-connect`, ambassador_id: [id] });
      expect(findObject(docs, 'ConsulResolver', `${id}-consul`).spec.ambassador_id).toEqual([id]);
      expect(findObject(docs, 'Mapping', `${id}-qotm`).spec).toMatchObject({
        ambassador_id: [id], tls: `${id}-consul`, resolver: `${id}-consul`, service: 'qotm-sidecar-proxy', load_balancer: { policy: 'round_robin' },
      });
      expect(findObject(docs, 'Service', `${id}-consul-connector`).spec.selector['app.kubernetes.io/instance']).toBe(`${id}-consul`);
    }
    expect(() => new Mapping(chart, 'Mixed', { prefix: '/m/', service: 'm', tls: (chart.node.findChild('public') as ConsulConnector).tlsContext, ambassadorId: 'internal' }))
      .toThrow(/edge\/Mixed: ambassadorId \["internal"\] is not covered by tls "public-consul"/);
  });

  test('emits v2 when the chart says so', () => {
    const chart = testChart('ambassador');
    AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);
    new ConsulConnector(chart, 'Consul', { image: IMAGE }).addMapping('Qotm', { name: 'qotm', prefix: '/q/', service: 'https://qotm-proxy' });
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
      ['port 0', { consulPort: 0 }, /test\/Consul: consulPort 0 is not a port number\. Fix: use a whole number from 1 to 65535/],
      ['port 70000', { consulPort: 70000 }, /consulPort 70000 is not a port number/],
      ['an empty Consul host', { consulHost: '' }, /test\/Consul: consulHost "" is empty\. Fix: leave it unset/],
      ['a Consul URL as host', { consulHost: 'http://consul:8500' }, /consulHost "http:\/\/consul:8500" is not a host name or IP address/],
      ['an invalid secret name', { secretName: 'Consul_CA' }, /test\/Consul: secretName "Consul_CA" is not a valid namespace name/],
      ['a dotted secret name (read as name.namespace)', { secretName: 'edge.ca' }, /secretName "edge\.ca" is not a valid namespace name \(RFC 1123 label\)/],
      ['an invalid secret namespace', { secretNamespace: 'Mesh' }, /secretNamespace "Mesh" is not a valid namespace name/],
      ['an invalid namespace', { namespace: 'amb.assador' }, /namespace "amb\.assador" is not a valid namespace name/],
      ['an invalid ambassador id', { ambassadorId: 'Edge One' }, /test\/Consul: ambassadorId "Edge One" cannot prefix the connector's names/],
      ['an id starting with a digit', { ambassadorId: '1edge' }, /ambassadorId "1edge" cannot prefix/],
      ['a dotted id', { ambassadorId: 'edge.one' }, /ambassadorId "edge\.one" cannot prefix/],
      ['a 47-character id', { ambassadorId: `e${'a'.repeat(46)}` }, /cannot prefix the connector's names \(a Service name must be an RFC 1035 label of at most 63 characters\)/],
    ])('%s', (_, props, message) => {
      expect(() => new ConsulConnector(testChart('ambassador'), 'Consul', { image: IMAGE, ...props })).toThrow(message);
    });

    test('an ACL token source with no key', () => {
      const chart = testChart('ambassador');
      const secret = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
      expect(() => new ConsulConnector(chart, 'Consul', { image: IMAGE, aclToken: { secret, key: '' } }))
        .toThrow(/test\/Consul: aclToken\.key "" is not a Secret key\. Fix: name the key of Secret "consul-acl"/);
    });

    test('ACL token: no Secret, an overlong key, a Secret in another namespace', () => {
      const chart = testChart('ambassador');
      expect(() => new ConsulConnector(chart, 'NoSecret', { image: IMAGE, aclToken: { secret: undefined as any, key: 'token' } }))
        .toThrow(/test\/NoSecret: aclToken\.secret \(not set\) is not a Secret/);
      const secret = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
      expect(() => new ConsulConnector(chart, 'LongKey', { image: IMAGE, aclToken: { secret, key: 'k'.repeat(254) } })).toThrow(/aclToken\.key "k+" is not a Secret key/);
      const elsewhere = new kplus.Secret(chart, 'Bootstrap', { metadata: { name: 'consul-bootstrap-acl-token', namespace: 'consul' } });
      expect(() => new ConsulConnector(chart, 'Elsewhere', { image: IMAGE, aclToken: { secret: elsewhere, key: 'token' } }))
        .toThrow(/test\/Elsewhere: aclToken\.secret "consul-bootstrap-acl-token \(namespace consul\)" is not in the connector's namespace "ambassador": a pod reads env Secrets from its own namespace only/);
    });

    test('two connectors that would share names', () => {
      const chart = testChart('ambassador');
      new ConsulConnector(chart, 'A', { image: IMAGE });
      expect(() => new ConsulConnector(chart, 'B', { image: IMAGE, ambassadorId: 'ambassador' }))
        .toThrow(/test\/B: ambassadorId "ambassador" gives the same names \(ambassador-consul-\.\.\.\) as test\/A in namespace "ambassador"/);
      new ConsulConnector(chart, 'C', { image: IMAGE, namespace: 'other' }); // another namespace is fine
    });

    test('a TlsContext secret with a dot would be read as name.namespace', () => {
      const chart = testChart();
      expect(() => new TlsContext(chart, 'Ctx', { secret: kplus.Secret.fromSecretName(chart, 'S', 'edge.ca') }))
        .toThrow(/test\/Ctx: secret "edge\.ca" has a dot, which Ambassador reads as name\.namespace/);
    });

    test('a resolver needs an address when the connector uses the node agent', () => {
      const consul = new ConsulConnector(testChart('ambassador'), 'Consul', { image: IMAGE });
      expect(() => consul.addResolver('R')).toThrow(/test\/Consul: addResolver address \(not set\) is needed/);
    });

    test('a secret namespace the RBAC would not cover', () => {
      expect(() => new ConsulConnector(testChart(), 'Consul', { image: IMAGE, secretNamespace: 'mesh-certs' }))
        .toThrow(/test\/Consul: namespace \(not set\) and the chart's namespace are both unset: the RoleBinding could not name the ServiceAccount, so the RBAC would not cover the secret in "mesh-certs"\. Fix: set `namespace`/);
      expect(() => new ConsulConnector(testChart(), 'Consul', { image: IMAGE })).toThrow(/namespace \(not set\) and the chart's namespace are both unset/);
      // Covered once the connector's namespace is known: the Role goes where the secret is.
      const docs = synthValid((() => {
        const chart = testChart();
        new ConsulConnector(chart, 'Consul', { image: IMAGE, namespace: 'ambassador', secretNamespace: 'mesh-certs' });
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

  test.each([
    ['', /test\/R: address "" is not host:port/],
    ['consul-server.consul', /address "consul-server\.consul" is not host:port/],
    ['http://consul:8500', /is not host:port/],
    ['consul:0', /test\/R: address port 0 is not a port number/],
  ])('rejects address %j', (address, message) => {
    expect(() => new ConsulResolver(testChart(), 'R', { address })).toThrow(message);
  });

  test('rejects a bad datacenter', () => {
    expect(() => new ConsulResolver(testChart(), 'R', { address: 'c:8500', datacenter: 'dc 1' })).toThrow(/test\/R: datacenter "dc 1" is not a Consul datacenter name/);
  });
});
