/** Careless and hostile input to the Istio pattern and the shared pod wiring. */
import { ApiObject, Chart } from 'cdk8s';
import { BadInput } from './entry';
import { AmbassadorHelmChart, IstioAuthorization, IstioCertificates, IstioMtls, IstioStrictMtls } from '../../src';

const any = (value: unknown) => value as any;
const istio = (s: Chart, props: Record<string, unknown> = {}) => new IstioMtls(s, 'Istio', props as any);
const istioCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({ construct: 'IstioMtls', input, message, build: (s) => istio(s, props) });
const strictCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'IstioStrictMtls', input, message, build: (s) => new IstioStrictMtls(s, 'Strict', props as any),
});
const deployment = (s: Chart, container: Record<string, unknown> = {}, annotations?: Record<string, string>) => new ApiObject(s, 'Ambassador', {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'ambassador' },
  spec: {
    selector: { matchLabels: { app: 'a' } },
    template: { metadata: { labels: { app: 'a' }, annotations }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', ...container }] } },
  },
});

export const ISTIO_INPUTS: BadInput[] = [
  istioCase('certificates as a string', 'certificates "sidecar" is not an IstioCertificates', { certificates: 'sidecar' }),
  istioCase('a misspelt prop', 'props ["certificate"] is not a known property', { certificate: IstioCertificates.sidecar() }),
  istioCase('certificates over /etc', 'certDir "/etc" is a system directory: mounting over it would hide what the image keeps there', { certificates: IstioCertificates.sidecar({ certDir: '/etc' }) }),
  istioCase('certificates over /var/run', 'mountPath "/var/run/" is a system directory', { certificates: IstioCertificates.mountedSecret({ mountPath: '/var/run/' }) }),
  istioCase('a newline injected into the cert directory', 'certDir "/etc/certs\\nfoo: bar" is not an absolute directory path', { certificates: IstioCertificates.sidecar({ certDir: '/etc/certs\nfoo: bar' }) }),
  istioCase('a quote in the cert directory', 'certDir "/etc/ce\\"rts" is not an absolute directory path', { certificates: IstioCertificates.sidecar({ certDir: '/etc/ce"rts' }) }),
  istioCase('a number as cert directory', 'certDir 5 is not an absolute directory path', { certificates: IstioCertificates.sidecar({ certDir: any(5) }) }),
  istioCase('an uppercase volume name', 'volumeName "Istio-Certs" is not a valid volume name (RFC 1123 label)', { certificates: IstioCertificates.sidecar({ volumeName: 'Istio-Certs' }) }),
  {
    construct: 'IstioMtls',
    input: 'a container name with a dot',
    message: 'ambassadorContainer "ambassador.main" is not a valid container name',
    build: (s) => istio(s, { ambassadorDeployment: deployment(s), ambassadorContainer: 'ambassador.main' }),
  },
  istioCase('a Deployment name instead of the Deployment', 'ambassadorDeployment "ambassador" is not a construct', { ambassadorDeployment: 'ambassador' }),
  {
    construct: 'IstioMtls',
    input: 'a Service as the Ambassador Deployment',
    message: 'ambassadorDeployment "app/Svc" is a Service, not a Deployment',
    build: (s) => istio(s, { ambassadorDeployment: new ApiObject(s, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ambassador' } }) }),
  },
  istioCase('a revision with a slash', 'revision "1/24" is not a Kubernetes label value', { revision: '1/24' }),
  istioCase('a string as a flag', 'verifyUpstream "false" is not true or false', { verifyUpstream: 'false' }),
  istioCase('an invalid namespace', 'namespace "mesh config" is not a valid namespace name', { namespace: 'mesh config' }),
  istioCase('an invalid Ambassador namespace', 'ambassadorNamespace "Emissary" is not a valid namespace name', { ambassadorNamespace: 'Emissary' }),
  istioCase('an uppercase injection namespace', 'injectionNamespace "Emissary" is not a valid namespace name', { injectionNamespace: 'Emissary' }),
  { construct: 'IstioCertificates.sidecar', input: 'a misspelt option', message: 'IstioCertificates.sidecar(): options ["certdir"] is not a known property', build: () => IstioCertificates.sidecar(any({ certdir: '/etc/c' })) },
  { construct: 'IstioCertificates.mountedSecret', input: 'options that are a string', message: 'IstioCertificates.mountedSecret(): options "istio.default" is not an object', build: () => IstioCertificates.mountedSecret(any('istio.default')) },
  { construct: 'IstioMtls.addMapping', input: 'a tls of its own', message: 'app/Istio: addMapping tls "other" is set, but addMapping presents the mesh certificates', build: (s) => istio(s).addMapping('Route', any({ prefix: '/a/', service: 'a.b:80', tls: 'other' })) },
  { construct: 'IstioMtls.addMapping', input: 'a service without a port', message: 'names no port, but tls "istio-upstream" originates mTLS', build: (s) => istio(s).addMapping('Route', { prefix: '/a/', service: 'reviews.bookinfo' }) },
  { construct: 'IstioMtls.addHelmValues', input: 'the chart as a string', message: 'chart "edge-stack" is not a chart this library knows. Fix: use AmbassadorHelmChart.EMISSARY_INGRESS or AmbassadorHelmChart.EDGE_STACK', build: (s) => istio(s).addHelmValues(any({ chart: 'edge-stack' })) },
  { construct: 'IstioMtls.addHelmValues', input: 'a misspelt option', message: 'addHelmValues options ["pth"] is not a known property', build: (s) => istio(s).addHelmValues(any({ pth: 'helm/v.yaml' })) },
  { construct: 'IstioMtls.addHelmValues', input: 'a path that climbs out of the chart folder', message: 'path "helm/../../x.yaml" is not a .yaml file in a subfolder of the chart output', build: (s) => istio(s).addHelmValues({ path: 'helm/../../x.yaml' }) },
  { construct: 'IstioMtls.addHelmValues', input: 'an absolute path', message: 'path "/tmp/values.yaml" is not a .yaml file in a subfolder', build: (s) => istio(s).addHelmValues({ path: '/tmp/values.yaml' }) },
  { construct: 'IstioMtls.addHelmValues', input: 'a JSON file name', message: 'path "helm/values.json" is not a .yaml file in a subfolder', build: (s) => istio(s).addHelmValues({ path: 'helm/values.json' }) },
  { construct: 'IstioMtls.addHelmValues', input: 'a path with a backslash', message: 'path "helm\\\\values.yaml" is not a .yaml file in a subfolder', build: (s) => istio(s).addHelmValues({ path: 'helm\\values.yaml' }) },
  { construct: 'IstioMtls.addHelmValues', input: 'your values as a string', message: 'mergeWith "replicaCount: 2" is not a values object', build: (s) => istio(s).addHelmValues(any({ mergeWith: 'replicaCount: 2' })) },
  { construct: 'IstioMtls.addHelmValues', input: 'your env as a list', message: 'mergeWith env [{"name":"A","value":"1"}] is not a map', build: (s) => istio(s).addHelmValues({ mergeWith: { env: [{ name: 'A', value: '1' }] } }) },
  {
    construct: 'IstioMtls.addHelmValues',
    input: 'your mount on the same path',
    message: 'mergeWith volumeMounts {"name":"mine","mountPath":"/etc/istio-certs/"} has the mountPath "/etc/istio-certs/" the wiring needs',
    build: (s) => istio(s).addHelmValues({ chart: AmbassadorHelmChart.EMISSARY_INGRESS, mergeWith: { volumeMounts: [{ name: 'mine', mountPath: '/etc/istio-certs/' }] } }),
  },
  { construct: 'IstioMtls.kustomizeComponent', input: 'a misspelt target field', message: 'target ["deployment"] is not a known property', build: (s) => istio(s).kustomizeComponent(any({ deployment: 'emissary-ingress' })) },
  { construct: 'IstioMtls.addKustomizeComponent', input: 'a folder outside the chart', message: 'path "../out/kustomization.yaml" is not a .yaml file in a subfolder', build: (s) => istio(s).addKustomizeComponent({}, '../out') },
  { construct: 'IstioMtls.addKustomizeComponent', input: 'a number as folder', message: 'dir 5 is not a string', build: (s) => istio(s).addKustomizeComponent({}, any(5)) },
  { construct: 'IstioMtls.wire', input: 'an invalid container name', message: 'containerName "Ambassador" is not a valid container name', build: (s) => istio(s).wire(deployment(s), 'Ambassador') },
  {
    construct: 'IstioMtls.wire',
    input: 'a container that already mounts a volume of that name',
    message: 'volume "istio-certs" is already the name of a mount (at /certs) of Deployment app/Ambassador',
    build: (s) => istio(s).wire(deployment(s, { volumeMounts: [{ name: 'istio-certs', mountPath: '/certs' }] })),
  },
  {
    construct: 'IstioMtls.wire',
    input: 'a Deployment that turns injection off',
    message: 'pod annotation "sidecar.istio.io/inject" is already "false" on Deployment app/Ambassador, and this pattern needs "true"',
    build: (s) => istio(s).wire(deployment(s, {}, { 'sidecar.istio.io/inject': 'false' })),
  },
  strictCase('a namespace as a string', 'namespaces "bookinfo" is not a list', { namespaces: 'bookinfo' }),
  strictCase('Istio\'s root namespace', 'namespaces "istio-system" is Istio\'s root namespace, whose PeerAuthentication makes the whole mesh strict', { namespaces: ['istio-system'] }),
  strictCase('a string as a flag', 'meshWide "yes" is not true or false', { namespaces: ['istio-system'], meshWide: 'yes' }),
  strictCase('a number as namespace', 'namespaces 5 is not a valid namespace name', { namespaces: [5] }),
  strictCase('a misspelt prop', 'props ["namespace"] is not a known property', { namespace: 'bookinfo' }),
  {
    construct: 'IstioStrictMtls',
    input: 'Ambassador\'s own namespace',
    message: 'namespaces "ambassador" is where Ambassador runs: its sidecar captures none of its traffic',
    build: (s) => {
      istio(s);
      new IstioStrictMtls(s, 'Strict', { namespaces: ['ambassador'] });
    },
  },
  {
    construct: 'IstioAuthorization',
    input: 'no service account to derive',
    message: 'serviceAccount (not set) is unknown: the IstioMtls wires no Deployment',
    build: (s) => new IstioAuthorization(s, 'Authz', { istio: istio(s) }),
  },
  {
    construct: 'IstioAuthorization',
    input: 'a trust domain with a scheme',
    message: 'trustDomain "spiffe://cluster.local" is not a trust domain',
    build: (s) => new IstioAuthorization(s, 'Authz', { istio: istio(s), serviceAccount: 'a', trustDomain: 'spiffe://cluster.local' }),
  },
  {
    construct: 'IstioAuthorization',
    input: 'istio as a string',
    message: 'istio "istio" is not an IstioMtls',
    build: (s) => new IstioAuthorization(s, 'Authz', { istio: any('istio') }),
  },
  {
    construct: 'IstioAuthorization',
    input: 'another namespace than the IstioMtls says',
    message: 'ambassadorNamespace "edge" differs from the namespace app/Istio says Ambassador runs in',
    build: (s) => new IstioAuthorization(s, 'Authz', { istio: istio(s), serviceAccount: 'a', ambassadorNamespace: 'edge' }),
  },
  {
    construct: 'IstioAuthorization',
    input: 'a Mapping to an IP address',
    message: 'is not a Kubernetes Service name, so IstioAuthorization cannot tell which namespace',
    build: (s) => {
      const mesh = istio(s);
      new IstioAuthorization(s, 'Authz', { istio: mesh, serviceAccount: 'emissary-ingress' });
      mesh.addMapping('Ip', { prefix: '/ip/', service: '10.0.0.1:9080' });
    },
  },
];
