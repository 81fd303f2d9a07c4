import { App, Chart, Testing } from 'cdk8s';
import { AmbassadorHelmChart, AmbassadorInstall, AmbassadorProduct, TlsContext } from '../../src';

/** The names and facts an install target derives, for a compact comparison. */
const facts = (i: AmbassadorInstall) => ({
  method: i.method,
  namespace: i.namespace,
  manifestNamespace: i.manifestNamespace,
  deploymentName: i.deploymentName,
  containerName: i.containerName,
  serviceAccountName: i.serviceAccountName,
  listenerPorts: i.listenerPorts,
  setsHostIp: i.setsHostIp,
  moduleOwner: i.moduleOwner,
});

describe('AmbassadorInstall: what each install method and release gives Ambassador', () => {
  test('static YAML of Emissary-ingress 2.x and later: emissary-emissaryns.yaml (or -defaultns), container ambassador, its own Module', () => {
    expect(facts(AmbassadorInstall.staticYaml({ version: '3.10.0' }))).toEqual({
      method: 'static-yaml',
      namespace: 'emissary',
      manifestNamespace: 'emissary',
      deploymentName: 'emissary-ingress',
      containerName: 'ambassador',
      serviceAccountName: 'emissary-ingress',
      listenerPorts: [8080, 8443],
      setsHostIp: true,
      moduleOwner: 'install-manifests',
    });
    expect(AmbassadorInstall.staticYaml({ version: '3.9.1', namespace: 'default' })).toMatchObject({ namespace: 'default', manifestNamespace: 'default', setsHostIp: false });
    expect(AmbassadorInstall.staticYaml({ version: '3.10.0' }).moduleApiVersion).toBe('getambassador.io/v3alpha1');
  });

  test('a chart\'s own version (7.x, 8.x) given as the release is named as such, with the appVersion to give', () => {
    expect(() => AmbassadorInstall.emissaryIngressChart({ version: '8.9.1' }))
      .toThrow(/version "8\.9\.1" is a version of the emissary-ingress chart, not of the release it installs\. Fix: give the release the chart installs, its appVersion .*"3\.9\.1" for chart 8\.9\.1/);
    expect(() => AmbassadorInstall.edgeStackChart({ version: 'v8.10.2' })).toThrow(/version "v8\.10\.2" is a version of the edge-stack chart.*"3\.10\.2" for chart 8\.10\.2/);
    expect(() => AmbassadorInstall.emissaryIngressChart({ version: '7.6.1' })).toThrow(/is a version of the emissary-ingress chart/);
    expect(AmbassadorInstall.emissaryIngressChart({ version: '4.0.0' }).release.toString()).toBe('4.0.0'); // 4.x charts carry Emissary's own version
  });

  test('Emissary-ingress 4.x publishes no static YAML (Helm charts only): refused, with the chart as the fix', () => {
    expect(() => AmbassadorInstall.staticYaml({ version: '4.0.0' }))
      .toThrow(/AmbassadorInstall\.staticYaml\(\): version "4\.0\.0" has no static YAML: Emissary-ingress 4\.x is published as Helm charts only .*Fix: describe it with AmbassadorInstall\.emissaryIngressChart\(\{ version: "4\.0\.0"/);
    expect(() => AmbassadorInstall.staticYaml({ version: 'v4.1' })).toThrow(/version "4\.1" has no static YAML/);
    expect(AmbassadorInstall.emissaryIngressChart({ version: '4.0.0' }).deploymentName).toBe('emissary-ingress');
  });

  test('the Module the install renders by default: none in 1.14 and 2.x, getambassador.io/v2 in 3.0 to 3.4, v3alpha1 from 3.5', () => {
    const module = (i: AmbassadorInstall) => [i.moduleOwner, i.moduleApiVersion];
    expect(['1.14.4', '2.5.1', '3.0.0', '3.4.1', '3.5.0', '3.10.0'].map((version) => module(AmbassadorInstall.staticYaml({ version })))).toEqual([
      ['app', undefined], ['app', undefined], ['install-manifests', 'getambassador.io/v2'], ['install-manifests', 'getambassador.io/v2'],
      ['install-manifests', 'getambassador.io/v3alpha1'], ['install-manifests', 'getambassador.io/v3alpha1'],
    ]);
    expect(['3.4.0', '3.10.2'].map((version) => module(AmbassadorInstall.staticYaml({ version, product: AmbassadorProduct.EDGE_STACK }))))
      .toEqual([['install-manifests', 'getambassador.io/v2'], ['install-manifests', 'getambassador.io/v3alpha1']]);
    expect(['2.5.1', '3.4.1', '3.10.0'].map((version) => module(AmbassadorInstall.emissaryIngressChart({ version }))))
      .toEqual([['helm-values', undefined], ['helm-values', 'getambassador.io/v2'], ['helm-values', 'getambassador.io/v3alpha1']]);
  });

  test('HOST_IP by release: set up to 3.7, not at 3.8.0 to 3.9.1, set again from 3.10.0; Edge Stack none from 3.8', () => {
    const emissary = (version: string) => AmbassadorInstall.staticYaml({ version }).setsHostIp;
    expect(['2.5.1', '3.0.0', '3.7.2', '3.8.0', '3.8.2', '3.9', '3.9.1', '3.10', '3.10.0'].map(emissary))
      .toEqual([true, true, true, false, false, false, false, true, true]);
    const chart = (version: string) => AmbassadorInstall.emissaryIngressChart({ version }).setsHostIp;
    expect(['3.7.2', '3.9.1', '3.10.0', '4.0.0'].map(chart)).toEqual([true, false, true, true]);
    const edge = (version: string) => AmbassadorInstall.edgeStackChart({ version }).setsHostIp;
    expect(['3.7.1', '3.8.0', '3.10.2', '3.12.0'].map(edge)).toEqual([true, false, false, false]);
  });

  test('Ambassador 1.14 static YAML: everything in default, named ambassador, HOST_IP set, no Module', () => {
    // ambassador-rbac.yaml as published with 1.14.4 (rendered from the ambassador chart) writes
    // `namespace: default` on each object and sets HOST_IP from status.hostIP.
    expect(facts(AmbassadorInstall.staticYaml({ version: '1.14.4' }))).toEqual({
      method: 'static-yaml',
      namespace: 'default',
      manifestNamespace: 'default',
      deploymentName: 'ambassador',
      containerName: 'ambassador',
      serviceAccountName: 'ambassador',
      listenerPorts: [8080, 8443],
      setsHostIp: true,
      moduleOwner: 'app',
    });
    expect(() => AmbassadorInstall.staticYaml({ version: '1.14.4', namespace: 'edge' }))
      .toThrow(/namespace "edge" is not a namespace Emissary-ingress 1\.14\.4's static YAML installs into \(ambassador-rbac\.yaml: default\)\. Fix: use "default"; .*userManaged/);
  });

  test('Edge Stack static YAML: aes.yaml in ambassador, Deployment edge-stack, container aes', () => {
    expect(facts(AmbassadorInstall.staticYaml({ version: '3.10.2', product: AmbassadorProduct.EDGE_STACK }))).toEqual({
      method: 'static-yaml',
      namespace: 'ambassador',
      manifestNamespace: 'ambassador',
      deploymentName: 'edge-stack',
      containerName: 'aes',
      serviceAccountName: 'edge-stack',
      listenerPorts: [8080, 8443],
      setsHostIp: false,
      moduleOwner: 'install-manifests',
    });
  });

  test('the emissary-ingress chart names things after the release, as its _helpers.tpl does', () => {
    const names = (options: Partial<Parameters<typeof AmbassadorInstall.emissaryIngressChart>[0]>) => {
      const i = AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', ...options });
      return [i.deploymentName, i.serviceAccountName, i.containerName];
    };
    expect(names({})).toEqual(['emissary-ingress', 'emissary-ingress', 'emissary-ingress']);
    expect(names({ releaseName: 'edge' })).toEqual(['edge-emissary-ingress', 'edge-emissary-ingress', 'emissary-ingress']);
    expect(names({ releaseName: 'prod-ambassador' })).toEqual(['prod-ambassador', 'prod-ambassador', 'emissary-ingress']);
    expect(names({ releaseName: 'my-emissary-ingress-2' })).toEqual(['my-emissary-ingress-2', 'my-emissary-ingress-2', 'emissary-ingress']);
    expect(names({ releaseName: 'prod', nameOverride: 'gateway' })).toEqual(['prod-gateway', 'prod-gateway', 'emissary-ingress']);
    expect(names({ releaseName: 'prod', fullnameOverride: 'edge' })).toEqual(['edge', 'edge', 'emissary-ingress']);
    expect(names({ serviceAccountName: 'edge-sa', containerNameOverride: 'ambassador', deploymentNameOverride: 'gw' })).toEqual(['gw', 'edge-sa', 'ambassador']);
    expect(names({ createServiceAccount: false })).toEqual(['emissary-ingress', 'emissary-ingress', 'emissary-ingress'].map((n, i) => (i === 1 ? 'default' : n)));
    // Kubernetes names: Helm's trunc 63 | trimSuffix "-".
    const long = AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: `${'a'.repeat(45)}-b` });
    expect(long.deploymentName).toBe(`${'a'.repeat(45)}-b-emissary-ingres`);
    expect(AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: `${'a'.repeat(47)}` }).deploymentName).toBe(`${'a'.repeat(47)}-emissary-ingres`);
    expect(AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: `${'a'.repeat(46)}` }).deploymentName).toBe(`${'a'.repeat(46)}-emissary-ingress`);
    const install = AmbassadorInstall.emissaryIngressChart({ version: '3.10.0' });
    expect([install.helmChart, install.namespace, install.moduleOwner, install.releaseName]).toEqual([AmbassadorHelmChart.EMISSARY_INGRESS, 'emissary', 'helm-values', 'emissary-ingress']);
  });

  test('the edge-stack chart: its subchart is named edge-stack (nameOverride), so the account is edge-stack or <release>-edge-stack', () => {
    const edge = AmbassadorInstall.edgeStackChart({ version: '3.10.2' });
    expect(facts(edge)).toEqual({
      method: 'edge-stack-chart',
      namespace: 'ambassador',
      manifestNamespace: 'ambassador',
      deploymentName: 'edge-stack',
      containerName: 'emissary-ingress',
      serviceAccountName: 'edge-stack',
      listenerPorts: [8080, 8443],
      setsHostIp: false,
      moduleOwner: 'helm-values',
    });
    expect(edge.helmChart).toBe(AmbassadorHelmChart.EDGE_STACK);
    expect(AmbassadorInstall.edgeStackChart({ version: '3.10.2', releaseName: 'aes' }).serviceAccountName).toBe('aes-edge-stack');
    expect(AmbassadorInstall.edgeStackChart({ version: '3.10.2', releaseName: 'ambassador' }).serviceAccountName).toBe('ambassador');
    expect(AmbassadorInstall.edgeStackChart({ version: '3.10.2', releaseName: 'aes', nameOverride: 'emissary-ingress' }).serviceAccountName).toBe('aes-emissary-ingress');
  });

  test('user-managed: what you state, with the library\'s old defaults for the rest', () => {
    expect(facts(AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'edge' }))).toEqual({
      method: 'user-managed',
      namespace: 'edge',
      manifestNamespace: 'edge',
      deploymentName: 'ambassador',
      containerName: 'ambassador',
      serviceAccountName: undefined,
      listenerPorts: [8080, 8443],
      setsHostIp: false,
      moduleOwner: 'app',
    });
    const own = AmbassadorInstall.userManaged({ version: '2.5.1', namespace: 'edge', listenerPorts: [8443, 8080, 8443], setsHostIp: true, ownsModule: true, serviceAccountName: 'gw' });
    expect([own.listenerPorts, own.setsHostIp, own.moduleOwner, own.serviceAccountName]).toEqual([[8080, 8443], true, 'user', 'gw']);
    expect(own.description).toBe('Emissary-ingress 2.5.1 (user-managed, namespace "edge")');
  });

  test('releases: parsed and range-checked, with the value and the fix', () => {
    expect(AmbassadorInstall.staticYaml({ version: 'v3.10.0' }).release.toString()).toBe('3.10.0');
    const bad: Array<[() => unknown, RegExp]> = [
      [() => AmbassadorInstall.staticYaml({ version: 'latest' }), /AmbassadorInstall\.staticYaml\(\): version "latest" is not a release of Emissary-ingress\. Fix: write it as MAJOR\.MINOR\.PATCH/],
      [() => AmbassadorInstall.staticYaml({ version: 3.1 as any }), /version 3\.1 is not a release string\. Fix: .*the number 3\.10 would read as 3\.1/],
      [() => AmbassadorInstall.staticYaml({ version: '3.10.0-rc.1' }), /version "3\.10\.0-rc\.1" is not a release of Emissary-ingress\. Fix: .*pre-releases are not supported/],
      [() => AmbassadorInstall.staticYaml({ version: '1.13.0' }), /version "1\.13\.0" is not a release of Emissary-ingress this library supports \(1\.14, 2\.x, 3\.x or 4\.x\)\. Fix: upgrade to Ambassador 1\.14/],
      [() => AmbassadorInstall.staticYaml({ version: '5.0.0' }), /version "5\.0\.0" is not a release of Emissary-ingress this library supports/],
      [() => AmbassadorInstall.edgeStackChart({ version: '2.5.1' }), /version "2\.5\.1" is not a release of Edge Stack this library supports \(3\.x\)\. Fix: .*userManaged/],
      [() => AmbassadorInstall.emissaryIngressChart({ version: '1.14.4' }), /version "1\.14\.4" is not installed by the emissary-ingress chart, which starts at Emissary-ingress 2\.0/],
      [() => AmbassadorInstall.staticYaml({ version: '3.10.0', namespace: 'edge' }), /namespace "edge" is not a namespace Emissary-ingress 3\.10\.0's static YAML installs into .*Fix: use "emissary" or "default"; .*userManaged/],
      [() => AmbassadorInstall.staticYaml({ version: '3.10.2', product: AmbassadorProduct.EDGE_STACK, namespace: 'emissary' }), /namespace "emissary" is not a namespace Edge Stack 3\.10\.2's static YAML installs into \(aes\.yaml: ambassador\)/],
      [() => AmbassadorInstall.staticYaml({ version: '3.10.0', product: 'edge-stack' as any }), /product "edge-stack" is not an AmbassadorProduct/],
      [() => AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: 'Prod' }), /releaseName "Prod" is not a Helm release name/],
      [() => AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', listenerPorts: [] }), /listenerPorts \[\] names no port/],
      [() => AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseNmae: 'x' } as any), /options \["releaseNmae"\] is not a known property/],
      [() => AmbassadorInstall.userManaged({ version: '3.10.0' } as any), /namespace \(not set\) is required for a user-managed install/],
    ];
    for (const [build, message] of bad) expect(build).toThrow(message);
  });

  test('use() puts one in force below an App or Chart; a chart may declare its own; it must come first', () => {
    const app = new App();
    const emissary = AmbassadorInstall.staticYaml({ version: '3.10.0' });
    AmbassadorInstall.use(app, emissary);
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const edge = AmbassadorInstall.edgeStackChart({ version: '3.10.2' });
    AmbassadorInstall.use(b, edge);
    expect(AmbassadorInstall.of(a)).toBe(emissary);
    expect(AmbassadorInstall.of(b)).toBe(edge);
    expect(AmbassadorInstall.of(Testing.chart())).toBeUndefined();

    const late = Testing.chart();
    new TlsContext(late, 'Ctx', { secret: 's' });
    expect(() => AmbassadorInstall.use(late, emissary)).toThrow(/^test: AmbassadorInstall\.use\(Emissary-ingress 3\.10\.0 installed from static YAML \(.*\)\) comes after constructs were added \(Ctx\)\. Fix: call it right after/);
    expect(() => AmbassadorInstall.use(Testing.chart(), { version: '3.10.0' } as any)).toThrow(/install \{"version":"3\.10\.0"\} is not an AmbassadorInstall\. Fix: use AmbassadorInstall\.staticYaml\(\)/);
  });

  test('a second, different use() on the same scope is refused instead of silently replacing the first', () => {
    const chart = Testing.chart();
    const emissary = AmbassadorInstall.staticYaml({ version: '3.10.0' });
    AmbassadorInstall.use(chart, emissary);
    AmbassadorInstall.use(chart, emissary);
    expect(() => AmbassadorInstall.use(chart, AmbassadorInstall.edgeStackChart({ version: '3.10.2' })))
      .toThrow(/^test: AmbassadorInstall\.use\(Edge Stack 3\.10\.2 installed by the edge-stack chart .*\) comes after use\(Emissary-ingress 3\.10\.0 installed from static YAML .*\) on the same scope, which would silently replace it\. Fix: declare one install per App or Chart/);
    expect(AmbassadorInstall.of(chart)).toBe(emissary);
  });
});
