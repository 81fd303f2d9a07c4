/**
 * The library takes Services, Deployments and Secrets from any cdk8s-plus major (27 to 33) or as
 * plain cdk8s ApiObjects. The same scenarios run with the oldest and the newest supported major
 * and with plain ApiObjects, and must give the same manifests.
 */
import { ApiObject, Chart } from 'cdk8s';
import * as plus27 from 'cdk8s-plus-27';
import * as plus33 from 'cdk8s-plus-33';
import { ConsulAddress, ConsulConnector, IKubeObject, IstioCertificates, IstioMtls, Mapping, TlsContext } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

const AMBASSADOR_IMAGE = 'docker.io/datawire/ambassador:1.14.4';

/** How one library makes the objects the scenarios need. */
interface ObjectMaker {
  service(chart: Chart, name: string, namespace: string, ports: number[]): IKubeObject;
  deployment(chart: Chart, name: string, containers: string[]): IKubeObject;
  secretRef(chart: Chart, name: string): string | IKubeObject;
  secret(chart: Chart, name: string, namespace: string): IKubeObject;
}

const plus = (kplus: typeof plus27 | typeof plus33): ObjectMaker => ({
  service: (chart, name, namespace, ports) => new kplus.Service(chart, `Svc-${name}`, { metadata: { name, namespace }, ports: ports.map((port) => ({ port })) }),
  deployment: (chart, name, containers) => new kplus.Deployment(chart, `Deploy-${name}`, {
    metadata: { name },
    containers: containers.map((c) => ({ name: c, image: AMBASSADOR_IMAGE, securityContext: { readOnlyRootFilesystem: false } })),
  }),
  secretRef: (chart, name) => kplus.Secret.fromSecretName(chart, `SecretRef-${name}`, name),
  secret: (chart, name, namespace) => new kplus.Secret(chart, `Secret-${name}`, { metadata: { name, namespace } }),
});

const plain: ObjectMaker = {
  service: (chart, name, namespace, ports) => new ApiObject(chart, `Svc-${name}`, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: ports.map((port) => ({ port })) },
  }),
  deployment: (chart, name, containers) => new ApiObject(chart, `Deploy-${name}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: containers.map((c) => ({ name: c, image: AMBASSADOR_IMAGE })) } },
    },
  }),
  // Without cdk8s-plus, a Secret installed elsewhere is named by a string.
  secretRef: (_chart, name) => name,
  secret: (chart, name, namespace) => new ApiObject(chart, `Secret-${name}`, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } }),
};

const MAKERS: [string, ObjectMaker][] = [['cdk8s-plus-27', plus(plus27)], ['cdk8s-plus-33', plus(plus33)], ['plain ApiObject', plain]];

/** The documents of our own kinds, which must not depend on the library that made the others. */
const ours = (docs: any[]) => docs.filter((d) => /getambassador\.io|security\.istio\.io/.test(d.apiVersion));

describe.each(MAKERS)('Kubernetes objects from %s', (_, make) => {
  test('a Service object as a Mapping upstream: name.namespace:port, the port checked', () => {
    const chart = testChart('emissary');
    const reviews = make.service(chart, 'reviews', 'bookinfo', [9080, 9443]);
    new Mapping(chart, 'Route', { name: 'reviews', prefix: '/reviews/', service: reviews, servicePort: 9443, serviceScheme: 'https' });
    expect(findObject(synthValid(chart), 'Mapping', 'reviews').spec.service).toBe('https://reviews.bookinfo:9443');
    expect(() => new Mapping(chart, 'Bad', { prefix: '/r/', service: reviews, servicePort: 443 }))
      .toThrow(/test\/Bad: servicePort 443 is not a port of Service "reviews" \(it exposes 9080, 9443\)\. Fix:/);
    expect(() => new Mapping(chart, 'NoPort', { prefix: '/r/', service: reviews }))
      .toThrow(/test\/NoPort: servicePort \(not set\) must be given: Service "reviews" exposes ports 9080, 9443/);
  });

  test('a Deployment given as a Service is named for what it is', () => {
    const chart = testChart('emissary');
    const deployment = make.deployment(chart, 'web', ['web']);
    expect(() => new Mapping(chart, 'Route', { prefix: '/', service: deployment }))
      .toThrow(new RegExp(`test/Route: service "${deployment.node.path}" is a Deployment, not a Service\\. Fix: pass a Service of this app`));
  });

  test('an Ambassador Deployment wired for the legacy istio.default mount', () => {
    const chart = testChart('emissary');
    const ambassador = make.deployment(chart, 'ambassador', ['ambassador', 'sidecar']);
    new IstioMtls(chart, 'Istio', { certificates: IstioCertificates.mountedSecret(), ambassadorDeployment: ambassador });
    const pod = findObject(synthValid(chart), 'Deployment', 'ambassador').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'istio-certs', secret: { optional: true, secretName: 'istio.default' } });
    const [container, sidecar] = pod.containers;
    expect(container.volumeMounts).toEqual([{ mountPath: '/etc/istiocerts/', name: 'istio-certs', readOnly: true }]);
    expect(sidecar.volumeMounts).toBeUndefined();
  });

  test('an Ambassador Deployment wired for sidecar certificates: labels, annotations, env', () => {
    const chart = testChart('emissary');
    const ambassador = make.deployment(chart, 'ambassador', ['ambassador']);
    const istio = new IstioMtls(chart, 'Istio', { ambassadorDeployment: ambassador });
    const docs = synthValid(chart);
    const template = findObject(docs, 'Deployment', 'ambassador').spec.template;
    expect(template.metadata.labels).toMatchObject(istio.podPatch.podLabels);
    expect(template.metadata.annotations).toMatchObject(istio.podPatch.podAnnotations);
    expect(template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'AMBASSADOR_ISTIO_SECRET_DIR', value: '/etc/istio-certs' }]));
    expect(template.spec.volumes).toContainEqual({ emptyDir: { medium: 'Memory' }, name: 'istio-certs' });
    // A second pattern on the same Deployment clashes on the volume, at construction time.
    expect(() => new IstioMtls(chart, 'Again', { ambassadorDeployment: ambassador, tlsContextName: 'again' }))
      .toThrow(/test\/Again: volume "istio-certs" is already a volume of Deployment test\/Deploy-ambassador\. Fix:/);
  });

  test('a Service given as the Ambassador Deployment is named for what it is', () => {
    const chart = testChart('emissary');
    const service = make.service(chart, 'ambassador', 'emissary', [80]);
    expect(() => new IstioMtls(chart, 'Istio', { ambassadorDeployment: service }))
      .toThrow(new RegExp(`test/Istio: ambassadorDeployment "${service.node.path}" is a Service, not a Deployment\\. Fix:`));
  });

  test('Secrets: a TLSContext secret and a Consul ACL token, by reference or as objects of the app', () => {
    const chart = testChart('ambassador');
    new TlsContext(chart, 'External', { name: 'external', secret: make.secretRef(chart, 'client-cert') });
    new TlsContext(chart, 'Local', { name: 'local', secret: make.secret(chart, 'local-cert', 'certs') });
    new ConsulConnector(chart, 'Consul', {
      image: 'docker.io/datawire/aes:3.10.0', consul: ConsulAddress.serverService(), aclToken: { secret: make.secretRef(chart, 'consul-acl'), key: 'token' },
    });
    const docs = synthValid(chart);
    expect(findObject(docs, 'TLSContext', 'external').spec.secret).toBe('client-cert');
    expect(findObject(docs, 'TLSContext', 'local').spec.secret).toBe('local-cert.certs');
    const env = findObject(docs, 'Deployment', 'ambassador-consul-connect-integration').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { key: 'token', name: 'consul-acl' } } });
  });
});

test('our documents are the same whichever library made the objects they reference', () => {
  const render = (make: ObjectMaker) => {
    const chart = testChart('emissary');
    const ambassador = make.deployment(chart, 'ambassador', ['ambassador']);
    const istio = new IstioMtls(chart, 'Istio', { certificates: IstioCertificates.mountedSecret(), ambassadorDeployment: ambassador });
    istio.addMapping('Route', { name: 'reviews', prefix: '/reviews/', service: make.service(chart, 'reviews', 'bookinfo', [9080]) });
    const docs = synthValid(chart);
    const pod = findObject(docs, 'Deployment', 'ambassador').spec.template.spec;
    return { ours: ours(docs), volumes: pod.volumes, mounts: pod.containers[0].volumeMounts };
  };
  const [first, ...others] = MAKERS.map(([, make]) => render(make));
  for (const other of others) expect(other).toEqual(first);
});
