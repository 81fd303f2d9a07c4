import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import { AmbassadorApiVersion, AmbassadorHelmChart, IstioCertificates, IstioMtls, IstioMtlsProps, Mapping, OutputFile } from '../../src';
import { build, componentOverInstall } from '../support/kustomize';
import { findObject, synthValid, testChart } from '../support/synth';
import { temporaryFolders } from '../support/temp';

const tmp = temporaryFolders('istio-mtls-');

function ambassadorDeployment(chart: Chart, extraContainer = false) {
  return new kplus.Deployment(chart, 'Ambassador', {
    metadata: { name: 'ambassador' },
    containers: [
      ...(extraContainer ? [{ name: 'agent', image: 'docker.io/example/agent:1.0.0' }] : []),
      { name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4', portNumber: 8080 },
    ],
  });
}

const podSpec = (docs: any[]) => findObject(docs, 'Deployment', 'ambassador').spec.template;
const container = (docs: any[], name: string) => podSpec(docs).spec.containers.find((c: any) => c.name === name);

describe('IstioMtls with the mounted istio.default secret (Istio < 1.5)', () => {
  test('wires a Deployment of the app and derives the TLSContext files from the mount path', () => {
    const chart = testChart();
    AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);
    const istio = new IstioMtls(chart, 'Istio', { certificates: IstioCertificates.mountedSecret(), ambassadorDeployment: ambassadorDeployment(chart, true) });
    istio.addMapping('Route', { name: 'productpage', prefix: '/productpage/', service: 'https://productpage:9080' });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(podSpec(docs).spec.volumes).toEqual([{ name: 'istio-certs', secret: { secretName: 'istio.default', optional: true } }]);
    expect(container(docs, 'ambassador').volumeMounts).toEqual([{ name: 'istio-certs', mountPath: '/etc/istiocerts/', readOnly: true }]);
    expect(container(docs, 'agent').volumeMounts).toBeUndefined();
    expect(findObject(docs, 'TLSContext', 'istio-upstream').spec).toEqual({
      cert_chain_file: '/etc/istiocerts/cert-chain.pem',
      private_key_file: '/etc/istiocerts/key.pem',
      cacert_chain_file: '/etc/istiocerts/root-cert.pem',
      // Istio 1.1-1.4's PERMISSIVE mode picks the mTLS chain by this ALPN: without it the handshake reaches the plain-text app.
      alpn_protocols: 'istio',
    });
    expect(findObject(docs, 'Mapping', 'productpage').spec.tls).toBe('istio-upstream');
  });

  test('the pattern\'s apiVersion reaches the Mappings of addMapping', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { apiVersion: AmbassadorApiVersion.V2, externallyWired: true });
    istio.addMapping('Route', { name: 'reviews', prefix: '/reviews/', service: 'reviews.bookinfo:9080' });
    expect(findObject(synthValid(chart), 'Mapping', 'reviews').apiVersion).toBe('getambassador.io/v2');
  });

  test('a custom secret, mount path and volume name flow to the volume, mount and files alike', () => {
    const chart = testChart();
    new IstioMtls(chart, 'Istio', {
      certificates: IstioCertificates.mountedSecret({ secretName: 'istio.ambassador', mountPath: '/var/run/mesh', volumeName: 'mesh' }),
      ambassadorDeployment: ambassadorDeployment(chart),
      tlsContextName: 'mesh-upstream',
    });
    const docs = synthValid(chart);
    expect(podSpec(docs).spec.volumes).toEqual([{ name: 'mesh', secret: { secretName: 'istio.ambassador', optional: true } }]);
    expect(container(docs, 'ambassador').volumeMounts).toEqual([{ name: 'mesh', mountPath: '/var/run/mesh', readOnly: true }]);
    expect(findObject(docs, 'TLSContext', 'mesh-upstream').spec.private_key_file).toBe('/var/run/mesh/key.pem');
  });
});

describe('IstioMtls with sidecar-written certificates (Istio >= 1.10)', () => {
  test('wires annotations, an in-memory volume, a read-only mount and env on the Ambassador container', () => {
    const chart = testChart('emissary');
    new IstioMtls(chart, 'Istio', { ambassadorDeployment: ambassadorDeployment(chart, true), injectionNamespace: 'emissary' });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(podSpec(docs).metadata.annotations).toEqual({
      // Also as an annotation: Emissary's static install YAML sets it to "false" there.
      'sidecar.istio.io/inject': 'true',
      'traffic.sidecar.istio.io/includeInboundPorts': '',
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
      'proxy.istio.io/config': 'proxyMetadata:\n  OUTPUT_CERTS: /etc/istio-certs\n',
      'sidecar.istio.io/userVolumeMount': '[{"name":"istio-certs","mountPath":"/etc/istio-certs"}]',
    });
    expect(podSpec(docs).metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(podSpec(docs).spec.volumes).toEqual([{ name: 'istio-certs', emptyDir: { medium: 'Memory' } }]);
    expect(container(docs, 'ambassador').volumeMounts).toEqual([{ name: 'istio-certs', mountPath: '/etc/istio-certs/', readOnly: true }]);
    expect(container(docs, 'ambassador').env).toEqual([
      { name: 'AMBASSADOR_ISTIO_SECRET_DIR', value: '/etc/istio-certs' },
      { name: 'AMBASSADOR_ENVOY_BASE_ID', value: '1' },
    ]);
    expect(container(docs, 'agent').env).toBeUndefined();
    // istio-certs holds no CA: the sidecar's root-cert.pem, mounted beside it, verifies the upstream.
    expect(findObject(docs, 'TLSContext', 'istio-upstream').spec).toEqual({
      secret: 'istio-certs', alpn_protocols: 'istio', cacert_chain_file: '/etc/istio-certs/root-cert.pem',
    });
    expect(findObject(docs, 'Namespace', 'emissary').metadata).toEqual({ name: 'emissary', labels: { 'istio-injection': 'enabled' } });
  });

  test('the TLSContext reads istio-certs in Ambassador\'s namespace, wherever it lives itself', () => {
    // Given explicitly: a TLSContext in another namespace names the secret name.namespace.
    const chart = testChart('mesh-config');
    new IstioMtls(chart, 'Istio', { ambassadorNamespace: 'emissary' });
    expect(findObject(synthValid(chart), 'TLSContext', 'istio-upstream').spec.secret).toBe('istio-certs.emissary');
    // Derived from the wired Deployment.
    const wired = testChart('mesh-config');
    const deployment = new kplus.Deployment(wired, 'Ambassador', {
      metadata: { name: 'ambassador', namespace: 'edge' }, containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }],
    });
    new IstioMtls(wired, 'Istio', { ambassadorDeployment: deployment });
    expect(findObject(synthValid(wired), 'TLSContext', 'istio-upstream').spec.secret).toBe('istio-certs.edge');
    // Unknown: an error, not a TLSContext that finds no certificate.
    expect(() => new IstioMtls(testChart(), 'Istio')).toThrow(/test\/Istio: ambassadorNamespace \(not set\) is unknown .*Fix: set ambassadorNamespace to the namespace Ambassador runs in/);
    expect(() => new IstioMtls(testChart('x'), 'Istio', { ambassadorDeployment: ambassadorDeployment(testChart('y')), ambassadorNamespace: 'other' }))
      .toThrow(/ambassadorNamespace "other" differs from the namespace of ambassadorDeployment \("y"\)/);
  });

  test('upstream verification can be turned off; a revisioned control plane gets istio.io/rev instead', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { verifyUpstream: false, revision: '1-24', injectionNamespace: 'emissary', ambassadorDeployment: ambassadorDeployment(chart) });
    const docs = synthValid(chart);
    expect(findObject(docs, 'TLSContext', 'istio-upstream').spec).toEqual({ secret: 'istio-certs', alpn_protocols: 'istio' });
    expect(istio.podPatch.podLabels).toEqual({ 'istio.io/rev': '1-24' });
    expect(podSpec(docs).metadata.labels['istio.io/rev']).toBe('1-24');
    expect(podSpec(docs).metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    expect(findObject(docs, 'Namespace', 'emissary').metadata.labels).toEqual({ 'istio.io/rev': '1-24' });
    expect(() => new IstioMtls(testChart('e'), 'Rev', { revision: '1.24 ' })).toThrow(/revision "1\.24 " is not a Kubernetes label value\. Fix: use the revision or tag name/);
    expect(() => new IstioMtls(testChart('e'), 'Legacy', { certificates: IstioCertificates.mountedSecret(), verifyUpstream: false }))
      .toThrow(/verifyUpstream false only applies to IstioCertificates\.sidecar\(\)/);
  });

  test('Helm values carry the same wiring, written to a subfolder file', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio');
    const values = {
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      podAnnotations: istio.podPatch.podAnnotations,
      volumes: [{ name: 'istio-certs', emptyDir: { medium: 'Memory' } }],
      volumeMounts: [{ name: 'istio-certs', mountPath: '/etc/istio-certs/', readOnly: true }],
      env: { AMBASSADOR_ISTIO_SECRET_DIR: '/etc/istio-certs', AMBASSADOR_ENVOY_BASE_ID: '1' },
    };
    expect(istio.helmValues()).toEqual(values);
    expect(istio.helmValues({ chart: AmbassadorHelmChart.EMISSARY_INGRESS })).toEqual(values);
    // Edge Stack wraps the emissary-ingress chart: its values sit under that key, or are ignored.
    expect(istio.helmValues({ chart: AmbassadorHelmChart.EDGE_STACK })).toEqual({ 'emissary-ingress': values });
    istio.addHelmValues({ path: 'helm/values.yaml' });
    const out = tmp();
    expect(OutputFile.writeAll(chart.node.root as any, out)).toEqual([path.join(out, 'test', 'helm', 'values.yaml')]);
    expect(parse(fs.readFileSync(path.join(out, 'test', 'helm', 'values.yaml'), 'utf8'))).toEqual(istio.helmValues());
    expect(synthValid(chart).map((d) => d.kind)).toEqual(['TLSContext']); // not a manifest of the chart
  });

  test('Helm values merged with your own: lists appended (Helm would replace them), clashes rejected', () => {
    const istio = new IstioMtls(testChart('emissary'), 'Istio');
    const mine = {
      replicaCount: 3,
      volumes: [{ name: 'license', secret: { secretName: 'license' } }],
      volumeMounts: [{ name: 'license', mountPath: '/.config/ambassador', readOnly: true }],
      env: { AMBASSADOR_ID: 'edge' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    };
    const merged = istio.helmValues({ chart: AmbassadorHelmChart.EDGE_STACK, mergeWith: { 'emissary-ingress': mine, 'licenseKey': { createSecret: false } } }) as any;
    expect(merged.licenseKey).toEqual({ createSecret: false });
    expect(merged['emissary-ingress'].replicaCount).toBe(3);
    expect(merged['emissary-ingress'].volumes.map((v: any) => v.name)).toEqual(['license', 'istio-certs']);
    expect(merged['emissary-ingress'].volumeMounts.map((v: any) => v.mountPath)).toEqual(['/.config/ambassador', '/etc/istio-certs/']);
    expect(merged['emissary-ingress'].env).toEqual({ AMBASSADOR_ID: 'edge', AMBASSADOR_ISTIO_SECRET_DIR: '/etc/istio-certs', AMBASSADOR_ENVOY_BASE_ID: '1' });
    expect(merged['emissary-ingress'].podAnnotations['prometheus.io/scrape']).toBe('true');
    expect(() => istio.helmValues({ mergeWith: { podAnnotations: { 'sidecar.istio.io/inject': 'false' } } }))
      .toThrow(/test\/Istio: mergeWith podAnnotations\.sidecar\.istio\.io\/inject "false" clashes with the wiring, which needs "true"\. Fix:/);
    expect(() => istio.helmValues({ mergeWith: { volumes: [{ name: 'istio-certs', secret: { secretName: 'x' } }] } }))
      .toThrow(/mergeWith volumes .* has the name "istio-certs" the wiring needs/);
    expect(() => istio.helmValues({ mergeWith: { volumes: { name: 'x' } } })).toThrow(/mergeWith volumes .* is not a list/);
    expect(() => istio.helmValues({ chart: 'edge-stack' as any })).toThrow(/chart "edge-stack" is not a chart this library knows/);
  });

  test('the kustomize Component patches a statically installed Ambassador (kubectl kustomize)', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio');
    istio.addKustomizeComponent({ deploymentName: 'emissary-ingress', namespace: 'emissary', containerName: 'ambassador' }, 'kustomize/istio');
    const installed = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'emissary-ingress', namespace: 'emissary' },
      spec: {
        selector: { matchLabels: { app: 'emissary' } },
        template: {
          // Emissary's static install YAML carries this annotation: the Component turns it around.
          metadata: { labels: { app: 'emissary' }, annotations: { 'existing': 'kept', 'sidecar.istio.io/inject': 'false' } },
          spec: {
            containers: [
              { name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', env: [{ name: 'AMBASSADOR_ID', value: 'default' }] },
              { name: 'agent', image: 'docker.io/example/agent:1.0.0' },
            ],
          },
        },
      },
    };
    const out = componentOverInstall(chart, 'kustomize/istio', installed);
    const built = build(out);
    const spec = built.spec.template.spec;
    expect(built.spec.template.metadata.annotations).toEqual({ existing: 'kept', ...istio.podPatch.podAnnotations });
    expect(built.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBe('true');
    expect(built.spec.template.metadata.labels).toEqual({ 'app': 'emissary', 'sidecar.istio.io/inject': 'true' });
    expect(spec.volumes).toEqual([{ name: 'istio-certs', emptyDir: { medium: 'Memory' } }]);
    const ambassador = spec.containers.find((c: any) => c.name === 'ambassador');
    expect(ambassador.image).toBe('docker.io/emissaryingress/emissary:3.10.0');
    expect(ambassador.volumeMounts).toEqual([{ name: 'istio-certs', mountPath: '/etc/istio-certs/', readOnly: true }]);
    expect(ambassador.env.map((e: any) => e.name).sort()).toEqual(['AMBASSADOR_ENVOY_BASE_ID', 'AMBASSADOR_ID', 'AMBASSADOR_ISTIO_SECRET_DIR']);
    expect(spec.containers.find((c: any) => c.name === 'agent').volumeMounts).toBeUndefined();

    // A Component aimed at another Deployment (name or namespace) fails the build instead of doing nothing.
    for (const metadata of [{ name: 'ambassador', namespace: 'emissary' }, { name: 'emissary-ingress', namespace: 'ambassador' }]) {
      fs.writeFileSync(path.join(out, 'deployment.yaml'), Yaml.stringify({ ...installed, metadata }));
      expect(() => build(out)).toThrow(/emissary-ingress/);
    }
  });

  test('without a target namespace, the Component patches a namespace-less install', () => {
    const files = new IstioMtls(testChart('emissary'), 'Istio').kustomizeComponent({ deploymentName: 'emissary-ingress' });
    expect((files.patch as any).metadata).toEqual({ name: 'emissary-ingress' });
    expect(() => new IstioMtls(testChart('emissary'), 'Istio').kustomizeComponent({ containerName: 'Ambassador' }))
      .toThrow(/test\/Istio: containerName "Ambassador" is not a valid container name/);
  });
});

describe('Mappings through the mesh', () => {
  test('must name the upstream port, with addMapping and with a plain Mapping alike', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio');
    expect(() => istio.addMapping('NoPort', { prefix: '/p/', service: 'https://productpage' }))
      .toThrow(/test\/Istio\/NoPort: service "https:\/\/productpage" names no port, but tls "istio-upstream" originates mTLS: Ambassador would dial 443 and the connection hang\. Fix: name the port/);
    expect(() => new Mapping(chart, 'Plain', { prefix: '/p/', service: 'productpage.bookinfo', tls: istio.tlsContext }))
      .toThrow(/test\/Plain: service "productpage\.bookinfo" names no port/);
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'productpage' }, ports: [{ port: 9080 }] });
    expect(() => istio.addMapping('BadPort', { prefix: '/p/', service: svc, servicePort: 443 }))
      .toThrow(/servicePort 443 is not a port of Service "productpage" \(it exposes 9080\)/);
    // The failed Mappings are in `chart` (and would fail its synth): the good one gets its own.
    const goodChart = testChart('emissary');
    const goodIstio = new IstioMtls(goodChart, 'Istio', { externallyWired: true });
    const goodSvc = new kplus.Service(goodChart, 'Svc', { metadata: { name: 'productpage', namespace: 'bookinfo' }, ports: [{ port: 9080 }] });
    goodIstio.addMapping('Good', { name: 'good', prefix: '/p/', service: goodSvc });
    goodIstio.addMapping('Written', { name: 'written', prefix: '/w/', service: 'reviews.bookinfo:9080' });
    const docs = synthValid(goodChart);
    // Written https://, so a TLSContext that breaks means no connection rather than plain text.
    expect(findObject(docs, 'Mapping', 'good').spec).toMatchObject({ service: 'https://productpage.bookinfo:9080', tls: 'istio-upstream' });
    expect(findObject(docs, 'Mapping', 'written').spec.service).toBe('https://reviews.bookinfo:9080');
  });

  test('addMapping Mappings inherit the namespace of the IstioMtls', () => {
    const chart = testChart();
    const istio = new IstioMtls(chart, 'Istio', { namespace: 'emissary', externallyWired: true });
    istio.addMapping('Route', { name: 'r', prefix: '/r/', service: 'r.shop:80' });
    const docs = synthValid(chart);
    expect(findObject(docs, 'Mapping', 'r').metadata.namespace).toBe('emissary');
    expect(findObject(docs, 'TLSContext', 'istio-upstream').metadata.namespace).toBe('emissary');
    expect(() => istio.addMapping('Http', { prefix: '/h/', service: 'http://r.shop:80' }))
      .toThrow(/test\/Istio\/Http: service "http:\/\/r\.shop:80" is http:\/\/, but tls "istio-upstream" originates TLS: Emissary would still originate TLS, to port 80.*Fix: write https:\/\/r\.shop:80/);
  });
});

describe('IstioMtls rejects bad input', () => {
  test.each<[string, IstioMtlsProps, RegExp]>([
    ['a relative mount path', { certificates: IstioCertificates.mountedSecret({ mountPath: 'etc/istiocerts' }) },
      /test\/Istio: mountPath "etc\/istiocerts" is not an absolute directory path\. Fix: use a clean absolute directory path/],
    ['a root cert dir', { certificates: IstioCertificates.sidecar({ certDir: '/' }) }, /certDir "\/" is not an absolute directory path/],
    ['a path with ..', { certificates: IstioCertificates.sidecar({ certDir: '/etc/../root' }) }, /certDir "\/etc\/\.\.\/root" is not an absolute/],
    ['an invalid secret name', { certificates: IstioCertificates.mountedSecret({ secretName: 'Istio_Default' }) },
      /test\/Istio: secretName "Istio_Default" is not a valid Kubernetes name/],
    ['an invalid volume name', { certificates: IstioCertificates.sidecar({ volumeName: 'istio.certs' }) }, /volumeName "istio\.certs" is not a valid volume name/],
    ['an invalid injection namespace', { injectionNamespace: 'Emissary' }, /injectionNamespace "Emissary" is not a valid namespace name/],
    ['a container without a Deployment', { ambassadorContainer: 'ambassador' }, /ambassadorContainer "ambassador" is set without ambassadorDeployment/],
    ['an invalid TLSContext name', { tlsContextName: 'istio_upstream' }, /test\/Istio: tlsContextName "istio_upstream" is not a valid Kubernetes name/],
  ])('%s', (_, props, message) => {
    expect(() => new IstioMtls(testChart('emissary'), 'Istio', props)).toThrow(message);
  });

  test('the legacy istio.default source with injectionNamespace: that pattern runs Ambassador without a sidecar', () => {
    expect(() => new IstioMtls(testChart('ambassador'), 'Istio', { certificates: IstioCertificates.mountedSecret(), injectionNamespace: 'ambassador' }))
      .toThrow(/test\/Istio: injectionNamespace "ambassador" labels Ambassador's namespace for sidecar injection, but IstioCertificates\.mountedSecret\(\) runs Ambassador without a sidecar.*Fix: remove injectionNamespace, or use IstioCertificates\.sidecar\(\)/);
  });

  test('Mappings through an IstioMtls whose wiring is applied nowhere fail the synth; wired, or wired elsewhere, they pass', () => {
    const chart = testChart('emissary');
    new IstioMtls(chart, 'Istio').addMapping('Route', { prefix: '/r/', service: 'r.shop:80' });
    expect(() => Testing.synth(chart)).toThrow(/test\/Istio: TLSContext "istio-upstream" reads the istio-certs secret, which Emissary makes only from the certificates an Istio sidecar in its own pod writes, but nothing applies that wiring to Ambassador's pod\. Fix: set ambassadorDeployment/);
    const legacy = testChart('ambassador');
    new IstioMtls(legacy, 'Istio', { certificates: IstioCertificates.mountedSecret() }).addMapping('Route', { prefix: '/r/', service: 'r.shop:80' });
    expect(() => Testing.synth(legacy)).toThrow(/reads the istio\.default certificates under \/etc\/istiocerts\/, which only the mounted Secret provides/);
    // No Mapping uses it yet: nothing reads the certificates.
    new IstioMtls(testChart('emissary'), 'Istio').tlsContext;
    const values = testChart('emissary');
    const viaHelm = new IstioMtls(values, 'Istio');
    viaHelm.addMapping('Route', { prefix: '/r/', service: 'r.shop:80' });
    viaHelm.addHelmValues();
    expect(synthValid(values).map((d) => d.kind)).toEqual(['TLSContext', 'Mapping']);
    const elsewhere = testChart('emissary');
    new IstioMtls(elsewhere, 'Istio', { externallyWired: true }).addMapping('Route', { prefix: '/r/', service: 'r.shop:80' });
    expect(synthValid(elsewhere).map((d) => d.kind)).toEqual(['TLSContext', 'Mapping']);
  });

  test('the Ambassador container is not in the Deployment', () => {
    const chart = testChart('emissary');
    expect(() => new IstioMtls(chart, 'Istio', { ambassadorDeployment: ambassadorDeployment(chart), ambassadorContainer: 'emissary' }))
      .toThrow(/test\/Istio: ambassadorContainer "emissary" is not a container of Deployment test\/Ambassador \(it has ambassador\)\. Fix:/);
  });

  test('two IstioMtls on one Deployment clash on the volume, or on the mount path', () => {
    const chart = testChart('emissary');
    const deployment = ambassadorDeployment(chart);
    new IstioMtls(chart, 'First', { ambassadorDeployment: deployment });
    expect(() => new IstioMtls(chart, 'Second', { ambassadorDeployment: deployment, tlsContextName: 'second' }))
      .toThrow(/test\/Second: volume "istio-certs" is already a volume of Deployment test\/Ambassador\. Fix:/);
    expect(() => new IstioMtls(chart, 'Third', {
      ambassadorDeployment: deployment,
      tlsContextName: 'third',
      certificates: IstioCertificates.mountedSecret({ volumeName: 'other', mountPath: '/etc/istio-certs' }),
    })).toThrow(/test\/Third: mountPath "\/etc\/istio-certs" is already mounted \(volume "istio-certs"\) in container "ambassador"/);
  });

  test('an env variable the Deployment already sets', () => {
    const chart = testChart('emissary');
    const deployment = ambassadorDeployment(chart);
    deployment.containers[0].env.addVariable('AMBASSADOR_ENVOY_BASE_ID', kplus.EnvValue.fromValue('0'));
    expect(() => new IstioMtls(chart, 'Istio', { ambassadorDeployment: deployment }))
      .toThrow(/test\/Istio: env "AMBASSADOR_ENVOY_BASE_ID" is already set in container "ambassador"/);
  });

  test('output files: several paths are fine, the same path twice is an error', () => {
    const istio = new IstioMtls(testChart('emissary'), 'Istio');
    istio.addHelmValues({ path: 'helm/a.yaml' });
    istio.addHelmValues({ path: 'helm/b.yaml' });
    istio.addKustomizeComponent({}, 'kustomize/a');
    istio.addKustomizeComponent({}, 'kustomize/b');
    expect(() => istio.addHelmValues({ path: 'helm/a.yaml' })).toThrow(/test\/Istio\/HelmValues\d+: path "helm\/a\.yaml" is already written by test\/Istio\/HelmValues\. Fix: give each output file its own path/);
  });

  test('one IstioMtls can wire two Deployments', () => {
    const chart = testChart('emissary');
    const istio = new IstioMtls(chart, 'Istio', { ambassadorDeployment: ambassadorDeployment(chart) });
    const second = new kplus.Deployment(chart, 'Second', { metadata: { name: 'second' }, containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4' }] });
    istio.wire(second);
    expect(findObject(synthValid(chart), 'Deployment', 'second').spec.template.spec.volumes).toEqual([{ name: 'istio-certs', emptyDir: { medium: 'Memory' } }]);
  });

  test('a bad kustomize target or output path', () => {
    const istio = new IstioMtls(testChart('emissary'), 'Istio');
    expect(() => istio.kustomizeComponent({ namespace: 'Emissary' })).toThrow(/test\/Istio: namespace "Emissary" is not a valid namespace name/);
    expect(() => istio.kustomizeComponent({ deploymentName: 'emissary_ingress' })).toThrow(/deploymentName "emissary_ingress" is not a valid Kubernetes name/);
    expect(() => istio.addHelmValues({ path: 'values.yaml' })).toThrow(/test\/Istio\/HelmValues: path "values\.yaml" is not a \.yaml file in a subfolder of the chart output/);
    expect(() => istio.addKustomizeComponent({}, '../outside')).toThrow(/path "\.\.\/outside\/kustomization\.yaml" is not a \.yaml file in a subfolder/);
  });
});

test('OutputFile.writeAll writes nothing for an app without output files', () => {
  const app = Testing.app();
  new Chart(app, 'empty');
  expect(OutputFile.writeAll(app, tmp())).toEqual([]);
});

describe('IstioMtls: the certificate source checked against the Istio release (istioVersion)', () => {
  const istioAt = (istioVersion: string, props: Partial<IstioMtlsProps> = {}) => () => new IstioMtls(testChart('emissary'), 'Istio', { istioVersion, ...props });

  test('the sidecar source works from 1.5; before 1.9 only with the namespace labelled for injection', () => {
    expect(istioAt('1.7')).toThrow(/test\/Istio: injectionNamespace \(not set\) is needed: Istio 1\.7's injector selects pods by their namespace's label only \(the pod label works from 1\.9\).*Fix: set injectionNamespace/);
    expect(istioAt('1.5.1')).toThrow(/Istio 1\.5\.1's injector selects pods by their namespace's label only/);
    for (const version of ['1.5', '1.8.6']) {
      const chart = testChart('emissary');
      new IstioMtls(chart, 'Istio', { istioVersion: version, injectionNamespace: 'emissary' });
      expect(findObject(synthValid(chart), 'Namespace', 'emissary').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    }
    for (const version of ['1.9.4', '1.10', 'v1.24.2']) istioAt(version)();
  });

  test('what cannot work is refused: sidecar before 1.5 or at 1.9.0-1.9.3, the mounted secret from 1.5', () => {
    expect(istioAt('1.4.6')).toThrow(/istioVersion "1\.4\.6" cannot write the sidecar's certificates out \(OUTPUT_CERTS came with Istio 1\.5\)\. Fix: use IstioCertificates\.mountedSecret\(\)/);
    expect(istioAt('1.9.2')).toThrow(/istioVersion "1\.9\.2" writes the certificates readable by the proxy's user only \(istio\/istio#31743, fixed in 1\.9\.4\)/);
    expect(istioAt('1.9')).toThrow(/istioVersion "1\.9" does not say which 1\.9 patch/);
    expect(istioAt('1.5', { certificates: IstioCertificates.mountedSecret() })).toThrow(/istioVersion "1\.5" writes no istio\.default Secret to mount/);
    istioAt('1.4', { certificates: IstioCertificates.mountedSecret() })();
    expect(istioAt('2.0')).toThrow(/istioVersion "2\.0" is not an Istio release\. Fix: write it as a string, 1\.MINOR/);
    expect(istioAt(1.24 as any)).toThrow(/istioVersion 1\.24 is not an Istio release/);
  });
});
