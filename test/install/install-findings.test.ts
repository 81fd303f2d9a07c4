/**
 * What the install target fixes: each test below failed on the code before it (output right for
 * one imagined installation, silently wrong for the ones people run).
 */
import * as fs from 'fs';
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import {
  AmbassadorHelmChart, AmbassadorInstall, AmbassadorListenerPorts, AmbassadorModule, AmbassadorProduct, CertManagerIssuer, CertManagerMtls,
  ConsulAddress, ConsulConnector, ConsulResolver, IstioAuthorization, IstioMtls, LinkerdHeaders, LinkerdMtls,
} from '../../src';
import { buildAll, componentOverInstall } from '../support/kustomize';
import { findObject, synthValid, testChart } from '../support/synth';

type Json = Record<string, any>;

const AES = 'docker.io/datawire/aes:3.10.0';

/** A chart in namespace `emissary` for `install`. */
function chartFor(install: AmbassadorInstall): Chart {
  const chart = testChart('emissary');
  AmbassadorInstall.use(chart, install);
  return chart;
}

/** A stand-in for an installed Ambassador: its Deployment (one container, as named) and, optionally, its Module. */
function installed(install: AmbassadorInstall, module: boolean): Json[] {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: install.deploymentName, ...(install.manifestNamespace && { namespace: install.manifestNamespace }) },
    spec: {
      selector: { matchLabels: { app: 'ambassador' } },
      template: {
        metadata: { labels: { app: 'ambassador' } },
        spec: { containers: [{ name: install.containerName, image: 'docker.io/emissaryingress/emissary:3.9.1', env: [{ name: 'AMBASSADOR_NAMESPACE', value: install.namespace }] }] },
      },
    },
  };
  const installedModule = {
    apiVersion: install.moduleApiVersion,
    kind: 'Module',
    metadata: { name: 'ambassador', namespace: install.manifestNamespace },
    spec: { config: { diagnostics: { enabled: false, allow_non_local: true } } },
  };
  return module ? [deployment, installedModule] : [deployment];
}

/** Builds the Component at `dir` of `chart` over `objects` with kubectl kustomize; removes the folder. */
function buildComponent(chart: Chart, dir: string, objects: Json[]): Json[] {
  const out = componentOverInstall(chart, dir, objects);
  try {
    return buildAll(out);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('Consul through the node agent: HOST_IP where the install lacks it', () => {
  const nodeAgent = (chart: Chart) => new ConsulConnector(chart, 'Consul', { image: AES, consul: ConsulAddress.nodeAgent(), serviceIntentions: false });

  test('Emissary 3.9.1 from static YAML sets no HOST_IP: a resolver needing it fails the synth until the wiring is applied', () => {
    const chart = chartFor(AmbassadorInstall.staticYaml({ version: '3.9.1' }));
    const consul = nodeAgent(chart);
    expect(consul.addResolver('Resolver').address).toBe('${HOST_IP}:8500');
    expect(() => synthValid(chart)).toThrow(/test\/Consul: ConsulResolver consul-dc1 reaches Consul at \$\{HOST_IP\}, but Emissary-ingress 3\.9\.1 installed from static YAML .* sets no HOST_IP in Ambassador's pod \(Emissary-ingress 3\.8\.0 to 3\.9\.1\).*Fix: apply connector\.hostIp .*or use ConsulAddress\.serverService\(\)/);

    consul.hostIp!.addKustomizeComponent();
    synthValid(chart);
    const [deployment] = buildComponent(chart, 'kustomize/consul-host-ip', installed(consul.install!, false));
    const containers = deployment.spec.template.spec.containers;
    expect(containers.map((c: Json) => [c.name, c.image])).toEqual([['ambassador', 'docker.io/emissaryingress/emissary:3.9.1']]);
    expect(containers[0].env.sort((a: Json, b: Json) => a.name.localeCompare(b.name))).toEqual([
      { name: 'AMBASSADOR_NAMESPACE', value: 'emissary' },
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
    ]);
  });

  test('where the install sets HOST_IP (3.10.0, 3.7, 1.14) nothing is added; without a target, nothing changes', () => {
    for (const version of ['3.10.0', '3.7.2', '1.14.4']) {
      const chart = chartFor(AmbassadorInstall.staticYaml({ version }));
      const consul = nodeAgent(chart);
      consul.addResolver('Resolver');
      expect(consul.hostIp).toBeUndefined();
      synthValid(chart);
    }
    const plain = testChart('emissary');
    const consul = nodeAgent(plain);
    consul.addResolver('Resolver');
    expect(consul.hostIp).toBeUndefined();
    expect(findObject(synthValid(plain), 'ConsulResolver', 'consul-dc1').spec.address).toBe('${HOST_IP}:8500');
  });

  test('Helm: the emissary-ingress chart takes it through envRaw; Edge Stack only appended to its own envRaw', () => {
    const emissary = nodeAgent(chartFor(AmbassadorInstall.emissaryIngressChart({ version: '3.9.1' })));
    const envRaw = (values: Json) => parse(values.envRaw);
    expect(envRaw(emissary.hostIp!.helmValues())).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(envRaw(emissary.hostIp!.helmValues({ mergeWith: { envRaw: '- name: MINE\n  value: "1"' } })).map((e: Json) => e.name)).toEqual(['MINE', 'HOST_IP']);
    expect(emissary.hostIp!.helmValues({ mergeWith: { envRaw: '- name: HOST_IP\n  value: 10.0.0.1\n' } }).envRaw).toBe('- name: HOST_IP\n  value: 10.0.0.1\n');

    const edge = nodeAgent(chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2' })));
    expect(() => edge.hostIp!.helmValues()).toThrow(/test\/Consul\/HostIp: mergeWith emissary-ingress\.envRaw \(not set\) is needed: .*replaces the edge-stack chart's own \(REDIS_URL, AMBASSADOR_AES_SECRET_NAME\).*Fix: copy emissary-ingress\.envRaw/);
    const own = '- name: REDIS_URL\n  value: {{ include "ambassador.fullname" . }}-redis:6379\n';
    const values = edge.hostIp!.helmValues({ mergeWith: { 'emissary-ingress': { envRaw: own } } }) as Json;
    expect(values['emissary-ingress'].envRaw).toBe(`${own}- name: HOST_IP\n  valueFrom:\n    fieldRef:\n      fieldPath: status.hostIP\n`);
  });

  test('a hand-written ConsulResolver with ${HOST_IP} is refused where the install lacks it', () => {
    const chart = chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2' }));
    expect(() => new ConsulResolver(chart, 'Resolver', { address: '${HOST_IP}:8500' }))
      .toThrow(/test\/Resolver: address "\$\{HOST_IP\}:8500" expands HOST_IP from Ambassador's environment, which Edge Stack 3\.10\.2 installed by the edge-stack chart .* does not set \(Edge Stack 3\.8 and later.*Fix: make the resolver with ConsulConnector\.addResolver\(\)/);
    new ConsulResolver(chart, 'Service', { address: 'consul-server.consul.svc:8500' });
    new ConsulResolver(chart, 'Other', { address: '$HOST_IPV6:8500', name: 'other' });
  });

  test('a Deployment of this app (user-managed) gets HOST_IP from the downward API', () => {
    const chart = chartFor(AmbassadorInstall.userManaged({ version: '3.9.1', namespace: 'emissary' }));
    const ambassador = new kplus.Deployment(chart, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.9.1' }] });
    const consul = nodeAgent(chart);
    consul.addResolver('Resolver');
    consul.hostIp!.wire(ambassador);
    const pod = synthValid(chart).find((d) => d.kind === 'Deployment' && d.spec.template.spec.containers[0].name === 'ambassador')!;
    expect(pod.spec.template.spec.containers[0].env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
  });
});

describe('the ambassador Module: where the install keeps it, never a second one', () => {
  test('Helm installs: add_linkerd_headers goes into the chart\'s module: values, and no Module object is written', () => {
    const chart = chartFor(AmbassadorInstall.emissaryIngressChart({ version: '3.10.0' }));
    const linkerd = new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE });
    expect(() => synthValid(chart)).toThrow(/test\/Linkerd: headers LinkerdHeaders\.MODULE puts add_linkerd_headers into the ambassador Module of the install target, .*Fix: write addHelmValues\(\)/);
    expect(linkerd.helmValues()).toEqual({ podAnnotations: linkerd.podPatch.podAnnotations, module: { add_linkerd_headers: true } });
    expect(() => linkerd.helmValues({ mergeWith: { module: { add_linkerd_headers: false } } })).toThrow(/mergeWith module\.add_linkerd_headers false clashes with the wiring, which needs true/);
    expect(synthValid(chart).filter((d) => d.kind === 'Module')).toEqual([]);

    const edge = new LinkerdMtls(chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2' })), 'Linkerd', { headers: LinkerdHeaders.MODULE });
    expect(edge.helmValues()).toEqual({ 'emissary-ingress': { podAnnotations: edge.podPatch.podAnnotations, module: { add_linkerd_headers: true } } });
  });

  test('static YAML of Emissary 2.x and later: the kustomize Component patches the install\'s own Module (kubectl kustomize)', () => {
    const install = AmbassadorInstall.staticYaml({ version: '3.10.0' });
    const chart = chartFor(install);
    new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE }).addKustomizeComponent();
    expect(synthValid(chart).filter((d) => d.kind === 'Module')).toEqual([]);
    const built = buildComponent(chart, 'kustomize/linkerd-mtls', installed(install, true));
    expect(built.find((d) => d.kind === 'Module')!.spec.config).toEqual({ diagnostics: { enabled: false, allow_non_local: true }, add_linkerd_headers: true });
    expect(built.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers).toHaveLength(1);
  });

  test('static YAML of Emissary 3.0 to 3.4 ships a getambassador.io/v2 Module: the Component patches that one (kubectl kustomize)', () => {
    for (const [install, apiVersion] of [
      [AmbassadorInstall.staticYaml({ version: '3.4.1' }), 'getambassador.io/v2'],
      [AmbassadorInstall.staticYaml({ version: '3.2.0', product: AmbassadorProduct.EDGE_STACK }), 'getambassador.io/v2'],
      [AmbassadorInstall.staticYaml({ version: '3.5.0' }), 'getambassador.io/v3alpha1'],
    ] as const) {
      const chart = chartFor(install);
      new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE }).addKustomizeComponent();
      synthValid(chart);
      const module = buildComponent(chart, 'kustomize/linkerd-mtls', installed(install, true)).find((d) => d.kind === 'Module')!;
      expect(module.apiVersion).toBe(apiVersion);
      expect(module.spec.config).toEqual({ diagnostics: { enabled: false, allow_non_local: true }, add_linkerd_headers: true });
    }
  });

  test('static YAML of Emissary 2.x ships no Module (chart 7.x: module: {}): the app writes it', () => {
    const chart = chartFor(AmbassadorInstall.staticYaml({ version: '2.5.1' }));
    const linkerd = new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE });
    linkerd.addKustomizeComponent();
    const docs = synthValid(chart);
    expect(findObject(docs, 'Module', 'ambassador').spec.config).toEqual({ add_linkerd_headers: true });
    expect(linkerd.kustomizeComponent().modulePatch).toBeUndefined();
    // The 2.x chart renders a Module only from module: values, so a kustomize patch has nothing to merge into.
    const helm = new LinkerdMtls(chartFor(AmbassadorInstall.emissaryIngressChart({ version: '2.5.1' })), 'Linkerd', { headers: LinkerdHeaders.MODULE });
    expect(helm.helmValues()).toMatchObject({ module: { add_linkerd_headers: true } });
    expect(() => helm.kustomizeComponent()).toThrow(/test\/Linkerd: Module keys "add_linkerd_headers" have no Module to patch: Emissary-ingress 2\.5\.1 installed by the emissary-ingress chart .* renders no ambassador Module with its default values.*Fix: use addHelmValues\(\)/);
  });

  test('Ambassador 1.14\'s static YAML ships no Module: the app writes it, as before', () => {
    const chart = chartFor(AmbassadorInstall.staticYaml({ version: '1.14.4' }));
    new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE });
    expect(findObject(synthValid(chart), 'Module', 'ambassador').spec.config).toEqual({ add_linkerd_headers: true });
  });

  test('a Module of your own where the install owns one is refused with where its keys go', () => {
    expect(() => new AmbassadorModule(chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2' })), 'Module', { config: { useRemoteAddress: true } }))
      .toThrow(/test\/Module: install "Edge Stack 3\.10\.2 installed by the edge-stack chart .* owns the ambassador Module: .*Fix: put its keys under emissary-ingress\.module in the chart's values/);
    expect(() => new AmbassadorModule(chartFor(AmbassadorInstall.staticYaml({ version: '3.9.1' })), 'Module'))
      .toThrow(/Fix: put its keys into a kustomize patch of Module "ambassador" in "emissary" \(getambassador\.io\/v3alpha1, spec\.config\)/);
    const owned = chartFor(AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'edge', ownsModule: true }));
    expect(() => new LinkerdMtls(owned, 'Linkerd', { headers: LinkerdHeaders.MODULE }))
      .toThrow(/test\/Linkerd: headers "LinkerdHeaders\.MODULE" needs add_linkerd_headers in the ambassador Module, which the install target, .* owns\. Fix: add `add_linkerd_headers: true` to the spec\.config/);
  });
});

describe('Istio: the account the AuthorizationPolicy allows is the one the chart creates', () => {
  const principal = (install: AmbassadorInstall) => {
    const chart = chartFor(install);
    const istio = new IstioMtls(chart, 'Istio');
    return new IstioAuthorization(chart, 'Authz', { istio }).principal;
  };

  test('by chart and release', () => {
    expect(principal(AmbassadorInstall.edgeStackChart({ version: '3.10.2', namespace: 'emissary' }))).toBe('cluster.local/ns/emissary/sa/edge-stack');
    expect(principal(AmbassadorInstall.edgeStackChart({ version: '3.10.2', releaseName: 'aes', namespace: 'emissary' }))).toBe('cluster.local/ns/emissary/sa/aes-edge-stack');
    expect(principal(AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: 'edge' }))).toBe('cluster.local/ns/emissary/sa/edge-emissary-ingress');
    expect(principal(AmbassadorInstall.staticYaml({ version: '3.10.0' }))).toBe('cluster.local/ns/emissary/sa/emissary-ingress');
  });

  test('a serviceAccount that is not the chart\'s is refused; an unknown one must be given', () => {
    const chart = chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2', namespace: 'emissary' }));
    const istio = new IstioMtls(chart, 'Istio');
    expect(() => new IstioAuthorization(chart, 'Authz', { istio, serviceAccount: 'emissary-ingress' }))
      .toThrow(/test\/Authz: serviceAccount "emissary-ingress" differs from the account whose certificate Ambassador presents \("edge-stack", the install target, Edge Stack 3\.10\.2/);
    const user = chartFor(AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'emissary' }));
    const mesh = new IstioMtls(user, 'Istio');
    expect(() => new IstioAuthorization(user, 'Authz', { istio: mesh })).toThrow(/serviceAccount \(not set\) is unknown: the IstioMtls wires no Deployment, and the install target .* names no account/);
    expect(new IstioAuthorization(user, 'Given', { istio: mesh, serviceAccount: 'gateway' }).principal).toBe('cluster.local/ns/emissary/sa/gateway');
  });

  test('injectionNamespace must be Ambassador\'s: the injector reads the label of the pod\'s own namespace', () => {
    const install = () => AmbassadorInstall.staticYaml({ version: '3.10.0' }); // namespace emissary
    expect(() => new IstioMtls(chartFor(install()), 'Istio', { istioVersion: '1.8.6', injectionNamespace: 'mesh' }))
      .toThrow(/test\/Istio: injectionNamespace "mesh" is not the namespace Ambassador runs in \("emissary", the install target, Emissary-ingress 3\.10\.0 installed from static YAML .*\): Istio's injector reads the label of the pod's own namespace.*Fix: set injectionNamespace to "emissary"/);
    const chart = chartFor(install());
    new IstioMtls(chart, 'Istio', { istioVersion: '1.8.6', injectionNamespace: 'emissary' });
    expect(findObject(synthValid(chart), 'Namespace', 'emissary').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    // Without a target or a Deployment the namespace is not known: as before, it is taken as given.
    new IstioMtls(testChart('apps'), 'Istio', { injectionNamespace: 'emissary' });
  });

  test('the TLSContext names istio-certs in the install\'s namespace', () => {
    const chart = chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2' })); // namespace ambassador, chart in emissary
    new IstioMtls(chart, 'Istio');
    expect(findObject(synthValid(chart), 'TLSContext', 'istio-upstream').spec.secret).toBe('istio-certs.ambassador');
    expect(() => new IstioMtls(chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2' })), 'Istio', { ambassadorNamespace: 'emissary' }))
      .toThrow(/ambassadorNamespace "emissary" differs from the namespace of the install target, Edge Stack 3\.10\.2/);
  });
});

describe('the pod wiring patches the install\'s container, in the install\'s chart values', () => {
  test('kustomize Components name the install\'s Deployment and container; another is refused', () => {
    const helm = new IstioMtls(chartFor(AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: 'edge' })), 'Istio');
    const patch = helm.kustomizeComponent().patch as Json;
    expect([patch.metadata, patch.spec.template.spec.containers[0].name]).toEqual([{ name: 'edge-emissary-ingress', namespace: 'emissary' }, 'emissary-ingress']);
    expect(() => helm.kustomizeComponent({ containerName: 'ambassador' }))
      .toThrow(/test\/Istio: containerName "ambassador" differs from the containerName of the install target, .* which is "emissary-ingress": the patch would add a second, image-less container/);

    const aesInstall = AmbassadorInstall.staticYaml({ version: '3.10.2', product: AmbassadorProduct.EDGE_STACK });
    const aes = new IstioMtls(chartFor(aesInstall), 'Istio');
    aes.addKustomizeComponent();
    const [deployment] = buildComponent(aes.node.scope as Chart, 'kustomize/istio-mtls', installed(aesInstall, false));
    expect(deployment.metadata).toEqual({ name: 'edge-stack', namespace: 'ambassador' });
    expect(deployment.spec.template.spec.containers.map((c: Json) => [c.name, c.image, c.volumeMounts])).toEqual([
      ['aes', 'docker.io/emissaryingress/emissary:3.9.1', [{ name: 'istio-certs', mountPath: '/etc/istio-certs/', readOnly: true }]],
    ]);

    const legacy = new IstioMtls(chartFor(AmbassadorInstall.staticYaml({ version: '1.14.4' })), 'Istio');
    expect((legacy.kustomizeComponent().patch as Json).metadata).toEqual({ name: 'ambassador', namespace: 'default' });
  });

  test('Helm values go to the install\'s chart; another chart, or values for a static install, are refused', () => {
    const istio = new IstioMtls(chartFor(AmbassadorInstall.edgeStackChart({ version: '3.10.2', namespace: 'emissary' })), 'Istio');
    expect(Object.keys(istio.helmValues())).toEqual(['emissary-ingress']);
    expect(() => istio.helmValues({ chart: AmbassadorHelmChart.EMISSARY_INGRESS })).toThrow(/chart "emissary-ingress" differs from the install target, Edge Stack 3\.10\.2/);
    const staticInstall = new IstioMtls(chartFor(AmbassadorInstall.staticYaml({ version: '3.10.0' })), 'Istio');
    expect(() => staticInstall.helmValues()).toThrow(/chart "emissary-ingress" is a Helm chart, but the install target is Emissary-ingress 3\.10\.0 installed from static YAML .*: Helm values would reach no Ambassador\. Fix: use addKustomizeComponent\(\)/);
    const chart = chartFor(AmbassadorInstall.staticYaml({ version: '3.10.0' }));
    const deployment = new kplus.Deployment(chart, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] });
    expect(() => new IstioMtls(chart, 'Istio', { ambassadorDeployment: deployment }))
      .toThrow(/ambassadorDeployment "test\/Ambassador" is a Deployment of this app, but the install target is .*Fix: use addKustomizeComponent\(\) for that install, or declare AmbassadorInstall\.userManaged\(\)/);
  });
});

describe('a Deployment of this app in another namespace than the install target is refused', () => {
  test('Istio, cert-manager, Linkerd and the HOST_IP wiring: the target and the wired Deployment must agree', () => {
    const setup = () => {
      const chart = chartFor(AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'emissary' }));
      const elsewhere = new kplus.Deployment(chart, 'Elsewhere', { metadata: { namespace: 'edge' }, containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] });
      return { chart, elsewhere };
    };
    const refused = /ambassadorDeployment "test\/Elsewhere" is in namespace "edge", but the install target, Emissary-ingress 3\.10\.0 \(user-managed, namespace "emissary"\), runs Ambassador in "emissary"\. Fix: make them agree/;
    let s = setup();
    expect(() => new IstioMtls(s.chart, 'Istio', { ambassadorDeployment: s.elsewhere })).toThrow(refused);
    s = setup();
    expect(() => new CertManagerMtls(s.chart, 'Cm', { issuer: CertManagerIssuer.clusterIssuer('ca'), ambassadorDeployment: s.elsewhere })).toThrow(refused);
    s = setup();
    expect(() => new LinkerdMtls(s.chart, 'Linkerd').wire(s.elsewhere)).toThrow(refused);
    s = setup();
    const consul = new ConsulConnector(s.chart, 'Consul', { image: AES, consul: ConsulAddress.nodeAgent(), serviceIntentions: false });
    expect(() => consul.hostIp!.wire(s.elsewhere)).toThrow(refused);

    const chart = chartFor(AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'emissary' }));
    const here = new kplus.Deployment(chart, 'Here', { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] });
    const istio = new IstioMtls(chart, 'Istio', { ambassadorDeployment: here });
    expect(istio.ambassadorNamespace).toBe('emissary');
  });
});

describe('Linkerd skips the ports Ambassador listens on', () => {
  test('80,443 on a container that listens on 8080/8443 is refused (the proxy would sit in front of the listeners)', () => {
    const chart = testChart('emissary');
    const deployment = new ApiObject(chart, 'Ambassador', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ambassador' },
      spec: {
        selector: { matchLabels: { app: 'a' } },
        template: {
          metadata: { labels: { app: 'a' } },
          spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', ports: [{ name: 'http', containerPort: 8080 }, { name: 'https', containerPort: 8443 }, { name: 'admin', containerPort: 8877 }] }] },
        },
      },
    });
    expect(() => new LinkerdMtls(chart, 'Linkerd', { listenerPorts: AmbassadorListenerPorts.AMBASSADOR_1_PRIVILEGED, ambassadorDeployment: deployment }))
      .toThrow(/test\/Linkerd: listenerPorts "80,443" skip 80, 443, which container "ambassador" of Deployment test\/Ambassador does not declare, and not 8080, 8443, which it does.*Fix: .*AmbassadorListenerPorts\.custom\(8080, 8443\) \(AmbassadorListenerPorts\.EMISSARY\)/);
    new LinkerdMtls(chart, 'Right', { ambassadorDeployment: deployment });
  });

  test('with an install target, its listener ports; others are refused', () => {
    const chart = chartFor(AmbassadorInstall.staticYaml({ version: '3.10.0' }));
    expect(new LinkerdMtls(chart, 'Linkerd').podPatch.podAnnotations['config.linkerd.io/skip-inbound-ports']).toBe('8080,8443');
    expect(() => new LinkerdMtls(chart, 'Privileged', { listenerPorts: AmbassadorListenerPorts.AMBASSADOR_1_PRIVILEGED }))
      .toThrow(/test\/Privileged: listenerPorts "80,443" are not the ports Ambassador listens on in the install target, Emissary-ingress 3\.10\.0 .* \(8080,8443\)/);
    const custom = chartFor(AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', listenerPorts: [8081, 8444] }));
    expect(new LinkerdMtls(custom, 'Linkerd').podPatch.podAnnotations['config.linkerd.io/skip-inbound-ports']).toBe('8081,8444');
  });
});
