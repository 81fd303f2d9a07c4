import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AmbassadorApiVersion, AmbassadorHelmChart, AmbassadorListenerPorts, AmbassadorModule, LinkerdHeaders, LinkerdMtls } from '../../src';
import { build, componentOverInstall } from '../support/kustomize';
import { findObject, synthValid, testChart } from '../support/synth';

function ambassadorDeployment(chart: Chart) {
  return new kplus.Deployment(chart, 'Ambassador', {
    metadata: { name: 'ambassador' },
    containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', portNumber: 8080 }],
  });
}

describe('LinkerdMtls', () => {
  test('meshes the wired pod, skipping Ambassador\'s own listener ports, and writes no TLSContext', () => {
    const chart = testChart('emissary');
    const linkerd = new LinkerdMtls(chart, 'Linkerd', { ambassadorDeployment: ambassadorDeployment(chart) });
    linkerd.addMapping('Books', { name: 'books', prefix: '/books/', service: 'books.booksapp:7000' });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    const pod = findObject(docs, 'Deployment', 'ambassador').spec.template;
    // Linkerd reads both from the pod template (its proxy-configuration reference).
    expect(pod.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/skip-inbound-ports': '8080,8443' });
    expect(pod.spec.volumes).toBeUndefined();
    expect(docs.filter((d) => d.kind === 'TLSContext')).toEqual([]);
    expect(findObject(docs, 'Mapping', 'books').spec).toEqual({
      prefix: '/books/', hostname: '*', service: 'books.booksapp.svc.cluster.local:7000', add_linkerd_headers: true, remove_request_headers: ['l5d-dst-override'],
    });
  });

  test('listener ports are a typed choice: Emissary 2.x/3.x, Ambassador 1.x on 80/443, or your own', () => {
    expect(new LinkerdMtls(testChart('e'), 'A').podPatch.podAnnotations['config.linkerd.io/skip-inbound-ports']).toBe('8080,8443');
    expect(new LinkerdMtls(testChart('e'), 'B', { listenerPorts: AmbassadorListenerPorts.AMBASSADOR_1_PRIVILEGED }).podPatch.podAnnotations['config.linkerd.io/skip-inbound-ports']).toBe('80,443');
    expect(new LinkerdMtls(testChart('e'), 'C', { listenerPorts: AmbassadorListenerPorts.custom(9443, 9080, 9443) }).podPatch.podAnnotations['config.linkerd.io/skip-inbound-ports']).toBe('9080,9443');
    expect(() => AmbassadorListenerPorts.custom()).toThrow(/AmbassadorListenerPorts\.custom\(\): ports \[\] names no port/);
    expect(() => AmbassadorListenerPorts.custom(0)).toThrow(/port 0 /);
    expect(() => new LinkerdMtls(testChart('e'), 'D', { listenerPorts: '8080,8443' as any })).toThrow(/test\/D: listenerPorts "8080,8443" is not an AmbassadorListenerPorts/);
  });

  test('Mappings: the Service\'s full name and port, plain HTTP, in the Mapping\'s namespace when the service names none', () => {
    const chart = testChart('emissary');
    const linkerd = new LinkerdMtls(chart, 'Linkerd', { clusterDomain: 'corp.internal' });
    linkerd.addMapping('Bare', { name: 'bare', prefix: '/bare/', service: 'web:8080', namespace: 'apps' });
    linkerd.addMapping('Http', { name: 'http', prefix: '/http/', service: 'http://web.apps:8080' });
    linkerd.addMapping('Fqdn', { name: 'fqdn', prefix: '/fqdn/', service: 'web.apps.svc.corp.internal:8080' });
    const service = new kplus.Service(chart, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 80, targetPort: 8080 }] });
    linkerd.addMapping('Object', { name: 'object', prefix: '/object/', service });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'bare').spec.service).toBe('web.apps.svc.corp.internal:8080');
    expect(findObject(docs, 'Mapping', 'http').spec.service).toBe('web.apps.svc.corp.internal:8080');
    expect(findObject(docs, 'Mapping', 'fqdn').spec.service).toBe('web.apps.svc.corp.internal:8080');
    expect(findObject(docs, 'Mapping', 'object').spec.service).toBe('web.apps.svc.corp.internal:80');
  });

  test('what Linkerd really does: no port is 80, an IP is routed by destination without the header, https is kept', () => {
    const chart = testChart('emissary');
    const linkerd = new LinkerdMtls(chart, 'Linkerd');
    // Emissary dials 80 for plain HTTP without a port (utils.py, Service), and so says its header.
    linkerd.addMapping('NoPort', { name: 'no-port', prefix: '/np/', service: 'web.apps' });
    // The default-mode proxy routes by the original destination: a pod or ClusterIP is meshed as is.
    linkerd.addMapping('Ip', { name: 'ip', prefix: '/ip/', service: '10.0.0.7:8080' });
    // TLS from Emissary is carried as opaque TCP, still inside Linkerd's mTLS.
    linkerd.addMapping('Tls', { name: 'tls', prefix: '/tls/', service: 'https://web.apps:8443' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'no-port').spec).toMatchObject({ service: 'web.apps.svc.cluster.local:80', add_linkerd_headers: true });
    // ingress mode takes a name only (linkerd2-proxy#992): no header for an IP, whatever the Module says.
    expect(findObject(docs, 'Mapping', 'ip').spec).toMatchObject({ service: '10.0.0.7:8080', add_linkerd_headers: false });
    expect(findObject(docs, 'Mapping', 'tls').spec).toMatchObject({ service: 'https://web.apps.svc.cluster.local:8443', add_linkerd_headers: true });
  });

  test('a client\'s own l5d-dst-override is removed before Emissary adds its own, on every Mapping', () => {
    for (const headers of [LinkerdHeaders.PER_MAPPING, LinkerdHeaders.MODULE]) {
      const chart = testChart('emissary');
      new LinkerdMtls(chart, 'Linkerd', { headers }).addMapping('Web', { name: 'web', prefix: '/web/', service: 'web.apps:8080' });
      expect(findObject(synthValid(chart), 'Mapping', 'web').spec.remove_request_headers).toEqual(['l5d-dst-override']);
    }
  });

  test('the cluster domain as Kubernetes writes it: lower case, no root dot, no leading svc.', () => {
    for (const clusterDomain of ['svc.cluster.local', 'Cluster.Local.', 'cluster.local']) {
      const chart = testChart('emissary');
      new LinkerdMtls(chart, 'Linkerd', { clusterDomain }).addMapping('Web', { name: 'web', prefix: '/web/', service: 'web.apps:8080' });
      expect(findObject(synthValid(chart), 'Mapping', 'web').spec.service).toBe('web.apps.svc.cluster.local:8080');
    }
    expect(() => new LinkerdMtls(testChart('e'), 'Domain', { clusterDomain: 'cluster..local' })).toThrow(/clusterDomain "cluster\.\.local" is not a DNS domain/);
  });

  test('a host outside the cluster, or a Mapping it cannot qualify, is an error', () => {
    const linkerd = new LinkerdMtls(testChart('emissary'), 'Linkerd');
    expect(() => linkerd.addMapping('Ext', { prefix: '/ext/', service: 'api.example.com:443' }))
      .toThrow(/test\/Linkerd\/Ext: service "api\.example\.com:443" is not a Service of the cluster \(name, name\.namespace or name\.namespace\.svc\.cluster\.local\): Linkerd has no mesh identity for a host outside it, so its proxy would send the request unencrypted/);
    expect(() => linkerd.addMapping('Domain', { prefix: '/d2/', service: 'web.apps.svc.corp.internal:80' })).toThrow(/is not a Service of the cluster/);
    expect(() => linkerd.addMapping('D', { prefix: '/d/', service: 'web:80', tls: {} } as any)).toThrow(/addMapping tls .* is set, but Linkerd does the mTLS/);
    expect(() => linkerd.addMapping('E', { prefix: '/e/', service: 'web:80', addLinkerdHeaders: false } as any)).toThrow(/addMapping addLinkerdHeaders false is set/);
    expect(() => new LinkerdMtls(testChart(), 'NoNs').addMapping('F', { prefix: '/f/', service: 'web:80' }))
      .toThrow(/service "web:80" names no namespace, and neither the Mapping nor its chart has one/);
  });

  test('headers in the ambassador Module: merged into the Module the chart already has', () => {
    const chart = testChart('emissary');
    AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);
    new AmbassadorModule(chart, 'Module', { config: { useRemoteAddress: true } });
    const linkerd = new LinkerdMtls(chart, 'Linkerd', { headers: LinkerdHeaders.MODULE });
    linkerd.addMapping('Books', { name: 'books', prefix: '/books/', service: 'books.booksapp:7000' });
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'Module')).toHaveLength(1);
    expect(findObject(docs, 'Module', 'ambassador').spec).toEqual({ config: { use_remote_address: true, add_linkerd_headers: true } });
    expect(findObject(docs, 'Mapping', 'books').spec.add_linkerd_headers).toBeUndefined();
    // A Module that says otherwise is a clash, named on both sides.
    const clash = testChart('emissary');
    new AmbassadorModule(clash, 'Module', { config: { addLinkerdHeaders: false } });
    expect(() => new LinkerdMtls(clash, 'Linkerd', { headers: LinkerdHeaders.MODULE }))
      .toThrow(/test\/Linkerd: Module config add_linkerd_headers true differs from false, which test\/Module set in the one ambassador Module/);
    expect(() => new LinkerdMtls(testChart('e'), 'Bad', { headers: 'module' as any })).toThrow(/headers "module" is not a LinkerdHeaders/);
  });

  test('Helm values for both charts and a kustomize Component carry the annotations only', () => {
    const chart = testChart('emissary');
    const linkerd = new LinkerdMtls(chart, 'Linkerd');
    const annotations = { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/skip-inbound-ports': '8080,8443' };
    // No empty lists: in a values file of its own, `volumes: []` would wipe an earlier file's.
    expect(linkerd.helmValues()).toEqual({ podAnnotations: annotations });
    expect(linkerd.helmValues({ chart: AmbassadorHelmChart.EDGE_STACK })).toEqual({ 'emissary-ingress': { podAnnotations: annotations } });
    expect(linkerd.helmValues({ mergeWith: { volumes: [{ name: 'x', emptyDir: {} }] } })).toEqual({ podAnnotations: annotations, volumes: [{ name: 'x', emptyDir: {} }] });
    linkerd.addKustomizeComponent({ deploymentName: 'emissary-ingress', namespace: 'emissary' });
    const installed = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'emissary-ingress', namespace: 'emissary' },
      spec: {
        selector: { matchLabels: { app: 'emissary' } },
        template: { metadata: { labels: { app: 'emissary' } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] } },
      },
    };
    const built = build(componentOverInstall(chart, 'kustomize/linkerd-mtls', installed));
    expect(built.spec.template.metadata.annotations).toEqual(annotations);
    expect(built.spec.template.spec.containers).toEqual(installed.spec.template.spec.containers);
  });

  test('an ApiObject Deployment can be wired too', () => {
    const chart = testChart('emissary');
    const deployment = new ApiObject(chart, 'Plain', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'plain' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] } } },
    });
    new LinkerdMtls(chart, 'Linkerd', { ambassadorDeployment: deployment });
    expect(findObject(synthValid(chart), 'Deployment', 'plain').spec.template.metadata.annotations['linkerd.io/inject']).toBe('enabled');
  });
});
