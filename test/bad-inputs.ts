/**
 * The bad-input catalogue: every entry is a construct call that must fail at synth time with a
 * message naming the construct path, the bad value and the fix. The test runs them all, and
 * docs/errors.md is rendered from this table (`npx projen docs:errors`), so the two cannot drift.
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AmbassadorApiVersion, ConsulAddress, ConsulConnector, ConsulConnectorProps, ConsulResolver, ConsulResolverProps, IstioCertificates, IstioMtls,
  IstioMtlsProps, IstioStrictMtls, LoadBalancer, Mapping, MappingProps, OutputFile, TlsContext, TlsContextProps,
} from '../src';

import { CERT_MANAGER_INPUTS } from './catalogue/cert-manager';
import { CONSUL_INPUTS } from './catalogue/consul';
import { BadInput, catalogueChart } from './catalogue/entry';
import { GATEWAY_API_INPUTS } from './catalogue/gateway-api';
import { GITOPS_INPUTS } from './catalogue/gitops';
import { INSTALL_INPUTS } from './catalogue/install';
import { ISTIO_INPUTS } from './catalogue/istio';
import { LINKERD_INPUTS } from './catalogue/linkerd';
import { MESH_RULE_INPUTS } from './catalogue/mesh-rules';
import { RESOURCE_INPUTS } from './catalogue/resources';

export { BadInput, catalogueChart };

const IMAGE = 'docker.io/datawire/aes:1.14.4';
const secret = (scope: Chart) => kplus.Secret.fromSecretName(scope, 'Secret', 'client-cert');

const tls = (input: string, message: string, props: (scope: Chart) => Partial<TlsContextProps>): BadInput => ({
  construct: 'TlsContext', input, message, build: (scope) => new TlsContext(scope, 'Ctx', props(scope) as TlsContextProps),
});
const mapping = (input: string, message: string, props: Partial<MappingProps>): BadInput => ({
  construct: 'Mapping', input, message, build: (scope) => new Mapping(scope, 'Route', { prefix: '/a/', service: 'a:80', ...props } as MappingProps),
});
const istio = (input: string, message: string, props: IstioMtlsProps): BadInput => ({
  construct: 'IstioMtls', input, message, build: (scope) => new IstioMtls(scope, 'Istio', props),
});
const consul = (input: string, message: string, props: Partial<ConsulConnectorProps>): BadInput => ({
  construct: 'ConsulConnector', input, message, build: (scope) => new ConsulConnector(scope, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), ...props }),
});
const resolver = (input: string, message: string, props: Partial<ConsulResolverProps>): BadInput => ({
  construct: 'ConsulResolver', input, message, build: (scope) => new ConsulResolver(scope, 'Resolver', { address: 'consul:8500', ...props }),
});

const BASICS: BadInput[] = [
  tls('both a secret and files', 'is given together with certChainFile, privateKeyFile', (s) => ({ secret: secret(s), certChainFile: '/c.pem', privateKeyFile: '/k.pem' })),
  tls('no certificate source', 'and certChainFile/privateKeyFile are all missing', () => ({})),
  tls('only a CA chain', 'caChainFile only verifies the upstream: it is no client certificate', () => ({ caChainFile: '/ca.pem' })),
  tls('a private key without its chain', 'privateKeyFile "/k.pem" is given without certChainFile', () => ({ privateKeyFile: '/k.pem' })),
  tls('a chain without its key', 'certChainFile "/c.pem" is given without privateKeyFile', () => ({ certChainFile: '/c.pem' })),
  tls('a relative file path', 'certChainFile "c.pem" is not an absolute file path', () => ({ certChainFile: 'c.pem', privateKeyFile: '/k.pem' })),
  tls('a non-RFC-1123 name', 'name "Istio_Upstream" is not a valid Kubernetes name', (s) => ({ secret: secret(s), name: 'Istio_Upstream' })),
  tls('an invalid secret name', 'secret "istio.default_" is not a valid Kubernetes name', (s) => ({ secret: kplus.Secret.fromSecretName(s, 'S', 'istio.default_') })),
  tls('an unknown TLS version', 'minTlsVersion "1.2" is not a TLS version Ambassador knows', (s) => ({ secret: secret(s), minTlsVersion: '1.2' as any })),
  tls('min above max TLS version', 'minTlsVersion "v1.3" is above maxTlsVersion "v1.2"', (s) => ({ secret: secret(s), minTlsVersion: 'v1.3', maxTlsVersion: 'v1.2' })),
  tls('ALPN protocols joined by a comma', 'alpnProtocols ["h2,http/1.1"] holds an empty protocol, a comma or a space', (s) => ({ secret: secret(s), alpnProtocols: ['h2,http/1.1'] })),
  tls('an empty ambassador id', 'ambassadorId "" holds an empty id', (s) => ({ secret: secret(s), ambassadorId: '' })),
  mapping('a prefix without a leading /', 'prefix "productpage/" does not start with "/"', { prefix: 'productpage/' }),
  mapping('a rewrite without a leading /', 'rewrite "productpage" does not start with "/"', { rewrite: 'productpage' }),
  mapping('an empty service', 'service "" is empty', { service: '' }),
  mapping('a service with a path', 'service "https://a:80/x" is not a service address', { service: 'https://a:80/x' }),
  mapping('an unknown scheme', 'service "grpc://a:80" has the unknown scheme "grpc"', { service: 'grpc://a:80' }),
  mapping('a non-RFC-1123 service name', 'service "Product_Page:9080" has the invalid host "Product_Page"', { service: 'Product_Page:9080' }),
  mapping('a non-numeric port', 'service "a:https" has the invalid port "https"', { service: 'a:https' }),
  mapping('a port out of range', 'service port 65536 is not a port number', { service: 'a:65536' }),
  mapping('a glob host in v2', 'host "*.example.com" is a glob, but getambassador.io/v2 matches `host` exactly', { host: '*.example.com', apiVersion: AmbassadorApiVersion.V2 }),
  mapping('a zero timeout', 'timeout "0ms" is not a positive whole number of milliseconds', { timeout: Duration.millis(0) }),
  {
    construct: 'Mapping',
    input: 'an http:// service with tls',
    message: 'is http://, but tls "ctx" originates TLS: Emissary would still originate TLS, to port 80',
    build: (s) => new Mapping(s, 'Route', { prefix: '/a/', service: 'http://a:80', tls: new TlsContext(s, 'Ctx', { name: 'ctx', secret: secret(s) }) }),
  },
  mapping('servicePort with a string service', 'servicePort 80 only applies when `service` is a Service object', { servicePort: 80 }),
  {
    construct: 'Mapping',
    input: 'an ambassador_id its TlsContext lacks',
    message: 'ambassadorId ["internal"] is not covered by tls "mesh"',
    build: (s) => new Mapping(s, 'Route', { prefix: '/a/', service: 'a:80', ambassadorId: 'internal', tls: new TlsContext(s, 'Ctx', { name: 'mesh', secret: secret(s), ambassadorId: 'edge' }) }),
  },
  {
    construct: 'Mapping',
    input: 'a TlsContext from another chart',
    message: 'tls "other/Ctx" is defined in another chart or app than this Mapping',
    build: (s) => new Mapping(s, 'Route', { prefix: '/a/', service: 'a:80', tls: new TlsContext(new Chart(s.node.scope!, 'other'), 'Ctx', { secret: kplus.Secret.fromSecretName(s, 'S2', 'x') }) }),
  },
  {
    construct: 'Mapping',
    input: 'a port the cdk8s-plus Service does not expose',
    message: 'servicePort 443 is not a port of Service "reviews" (it exposes 9080)',
    build: (s) => new Mapping(s, 'Route', { prefix: '/a/', service: new kplus.Service(s, 'Svc', { metadata: { name: 'reviews' }, ports: [{ port: 9080 }] }), servicePort: 443 }),
  },
  {
    construct: 'Mapping',
    input: 'no port through the Istio mesh',
    message: 'names no port, but tls "istio-upstream" originates mTLS',
    build: (s) => new Mapping(s, 'Route', { prefix: '/a/', service: 'https://productpage', tls: new IstioMtls(s, 'Istio').tlsContext }),
  },
  istio('a relative mount path', 'mountPath "etc/istiocerts" is not an absolute directory path', { certificates: IstioCertificates.mountedSecret({ mountPath: 'etc/istiocerts' }) }),
  istio('an invalid Istio secret name', 'secretName "Istio_Default" is not a valid Kubernetes name', { certificates: IstioCertificates.mountedSecret({ secretName: 'Istio_Default' }) }),
  istio('an invalid volume name', 'volumeName "istio.certs" is not a valid volume name', { certificates: IstioCertificates.sidecar({ volumeName: 'istio.certs' }) }),
  {
    construct: 'IstioMtls',
    input: 'an Ambassador container not in the Deployment',
    message: 'ambassadorContainer "emissary" is not a container of Deployment',
    build: (s) => new IstioMtls(s, 'Istio', {
      ambassadorDeployment: new kplus.Deployment(s, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4' }] }),
      ambassadorContainer: 'emissary',
    }),
  },
  {
    construct: 'IstioMtls',
    input: 'two IstioMtls on one Deployment',
    message: 'volume "istio-certs" is already a volume of Deployment',
    build: (s) => {
      const ambassadorDeployment = new kplus.Deployment(s, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4' }] });
      new IstioMtls(s, 'First', { ambassadorDeployment });
      new IstioMtls(s, 'Second', { ambassadorDeployment, tlsContextName: 'second' });
    },
  },
  { construct: 'IstioMtls.addHelmValues', input: 'a values file among the manifests', message: 'path "values.yaml" is not a .yaml file in a subfolder', build: (s) => new IstioMtls(s, 'Istio').addHelmValues({ path: 'values.yaml' }) },
  {
    construct: 'IstioMtls.addHelmValues',
    input: 'your values turning the sidecar off',
    message: 'mergeWith podAnnotations.sidecar.istio.io/inject "false" clashes with the wiring, which needs "true"',
    build: (s) => new IstioMtls(s, 'Istio').addHelmValues({ mergeWith: { podAnnotations: { 'sidecar.istio.io/inject': 'false' } } }),
  },
  {
    construct: 'IstioMtls',
    input: 'no namespace to find istio-certs in',
    message: 'ambassadorNamespace (not set) is unknown',
    build: (s) => new IstioMtls(new Chart(s.node.scope!, 'bare'), 'Istio'),
  },
  istio('an Istio revision with a space', 'revision "1 24" is not a Kubernetes label value', { revision: '1 24' }),
  { construct: 'IstioStrictMtls', input: 'strict mode with no namespace', message: 'namespaces [] names no namespace', build: (s) => new IstioStrictMtls(s, 'Strict', { namespaces: [] }) },
  { construct: 'IstioStrictMtls', input: 'a namespace listed twice', message: 'namespaces "bookinfo" is listed twice', build: (s) => new IstioStrictMtls(s, 'Strict', { namespaces: ['bookinfo', 'bookinfo'] }) },
  consul('an untagged image', 'image "docker.io/datawire/aes" has no tag', { image: 'docker.io/datawire/aes' }),
  consul('the latest tag', 'image "docker.io/datawire/aes:latest" uses the floating tag "latest"', { image: 'docker.io/datawire/aes:latest' }),
  consul('a Consul port out of range', 'consul port 70000 is not a port number', { consul: ConsulAddress.serverService({ port: 70000 }) }),
  consul('no Consul address', 'consul (not set) is not a ConsulAddress', { consul: undefined }),
  consul('an empty Consul HTTPS host', 'consul host "" is not a host name', { consul: ConsulAddress.https({ host: '', caSecret: 'consul-ca-cert' }) }),
  consul('a dotted secret name', 'secretName "edge.ca" is not a valid namespace name (RFC 1123 label)', { secretName: 'edge.ca' }),
  consul('an id that cannot prefix a Service name', 'ambassadorId "1edge" cannot prefix the connector\'s names', { ambassadorId: '1edge' }),
  consul('an invalid secret namespace', 'secretNamespace "Mesh" is not a valid namespace name', { secretNamespace: 'Mesh' }),
  {
    construct: 'ConsulConnector',
    input: 'an ACL token source with no key',
    message: 'aclToken.key "" is not a Secret key',
    build: (s) => new ConsulConnector(s, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), aclToken: { secret: secret(s), key: '' } }),
  },
  {
    construct: 'ConsulConnector',
    input: 'a secret namespace the RBAC would not cover',
    message: 'the RoleBinding could not name the ServiceAccount, so the RBAC would not cover the secret in "mesh"',
    build: (s) => new ConsulConnector(new Chart(s.node.scope!, 'bare'), 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), secretNamespace: 'mesh' }),
  },
  {
    construct: 'ConsulConnector.addMapping',
    input: 'no ConsulResolver and no port',
    message: 'holds a Consul Connect certificate: Ambassador would dial port 443 of a Kubernetes Service, not the Connect sidecar',
    build: (s) => new ConsulConnector(s, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService() }).addMapping('Qotm', { prefix: '/q/', service: 'https://qotm-proxy' }),
  },
  {
    construct: 'ConsulConnector.addMapping',
    input: 'a port through a ConsulResolver',
    message: 'is not a bare service name, but resolver "consul-dc1" looks it up in Consul\'s catalog',
    build: (s) => {
      const c = new ConsulConnector(s, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService() });
      c.addMapping('Qotm', { prefix: '/q/', service: 'qotm-sidecar-proxy:20000', resolver: c.addResolver('R') });
    },
  },
  {
    construct: 'ConsulConnector.addMapping',
    input: 'an upstream no intention can name',
    message: 'is not a Consul Connect sidecar service (<service>-sidecar-proxy)',
    build: (s) => {
      const c = new ConsulConnector(s, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService() });
      c.addMapping('Qotm', { prefix: '/q/', service: 'qotm', resolver: c.addResolver('R') });
    },
  },
  resolver('an address without a port', 'address "consul-server.consul" is not a Consul HTTP API address Emissary can use', { address: 'consul-server.consul' }),
  resolver('a gRPC address', 'address "grpc://consul:8502" is not a Consul HTTP API address Emissary can use', { address: 'grpc://consul:8502' }),
  resolver('a datacenter with a space', 'datacenter "dc 1" is not a Consul datacenter name', { datacenter: 'dc 1' }),
  { construct: 'LoadBalancer.ringHash', input: 'no hash key', message: 'LoadBalancer.ringHash(): hash key {} needs exactly one key', build: () => LoadBalancer.ringHash({}) },
  { construct: 'ConsulResolver.sidecarService', input: 'an invalid service name', message: 'sidecarService("QOTM"): not a Consul service name', build: () => ConsulResolver.sidecarService('QOTM') },
  {
    construct: 'OutputFile',
    input: 'the same path twice',
    message: 'path "helm/v.yaml" is already written by app/A',
    build: (s) => {
      new OutputFile(s, 'A', { path: 'helm/v.yaml', documents: [{}] });
      new OutputFile(s, 'B', { path: 'helm/v.yaml', documents: [{}] });
    },
  },
];


/** Every entry: the first ones, then by construct. */
export const BAD_INPUTS: BadInput[] = [
  ...BASICS, ...RESOURCE_INPUTS, ...ISTIO_INPUTS, ...CONSUL_INPUTS, ...LINKERD_INPUTS, ...CERT_MANAGER_INPUTS, ...GATEWAY_API_INPUTS,
  ...GITOPS_INPUTS, ...INSTALL_INPUTS, ...MESH_RULE_INPUTS,
];

/** docs/errors.md, rendered from the catalogue. */
export function renderErrorsDoc(entries: BadInput[] = BAD_INPUTS): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = entries.map((e) => `| \`${e.construct}\` | ${escape(e.input)} | \`${escape(e.message)}\` |`);
  return [
    '# Errors',
    '',
    '<!-- Generated from test/bad-inputs.ts by `npx projen docs:errors`; do not edit. -->',
    '',
    'Every bad input below stops `cdk8s synth` with an error that starts with the construct path,',
    'names the bad value and ends with `Fix: ...`. The message column is a fragment of the exact text;',
    'the tests check each one.',
    '',
    '| construct | bad input | message (fragment) |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
