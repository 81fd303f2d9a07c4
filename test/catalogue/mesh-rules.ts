/**
 * Careless and hostile input that the meshes themselves would read differently from what was meant
 * (issue 19): Istio policies that would cover whole namespaces or the mesh, certificates that would
 * trust nothing, Consul Secrets no pod can mount, Linkerd hosts outside the mesh.
 */
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BadInput } from './entry';
import {
  CertManagerIssuer, CertManagerMtls, CertManagerPrivateKey, ConsulAddress, ConsulConnector, ConsulResolver, IstioAuthorization, IstioCertificates,
  IstioMtls, IstioWorkload, TlsContext, UpstreamTrust,
} from '../../src';

const any = (value: unknown) => value as any;
const IMAGE = 'docker.io/datawire/aes:3.10.0';

/** An IstioAuthorization over an IstioMtls wired elsewhere, with the given workloads; the Mapping is added after. */
const authz = (s: Chart, workloads?: Record<string, IstioWorkload>, props: Record<string, unknown> = {}) => {
  const istio = new IstioMtls(s, 'Istio', { externallyWired: true });
  new IstioAuthorization(s, 'Authz', { istio, serviceAccount: 'emissary-ingress', workloads, ...props });
  return istio;
};
const authzCase = (input: string, message: string, build: (s: Chart) => void): BadInput => ({ construct: 'IstioAuthorization', input, message, build });

const ISTIO: BadInput[] = [
  authzCase('a service string with no workload', 'service "web.apps" is a name, so IstioAuthorization cannot tell which pods it reaches: a policy without a selector would apply to every workload',
    (s) => authz(s).addMapping('Web', { prefix: '/web/', service: 'web.apps:80' })),
  authzCase('a service string with no pod port', 'service "web.apps" names Service port 80, but not the port its pods receive on (its targetPort)',
    (s) => authz(s, { 'web.apps': { selector: { app: 'web' } } }).addMapping('Web', { prefix: '/web/', service: 'web.apps:80' })),
  authzCase('a Service with a named targetPort and no pod port', 'reaches its pods on the named port "http", whose number IstioAuthorization cannot know',
    (s) => authz(s).addMapping('Web', {
      prefix: '/web/',
      service: new ApiObject(s, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } }),
    })),
  authzCase('a Service in Istio\'s root namespace', 'service "kiali.istio-system" is in Istio\'s root namespace "istio-system", where an AuthorizationPolicy selects matching pods in every namespace',
    (s) => authz(s, { 'kiali.istio-system': { selector: { app: 'kiali' }, targetPorts: { 20001: 20001 } } }).addMapping('Kiali', { prefix: '/kiali/', service: 'kiali.istio-system:20001' })),
  authzCase('a workload keyed by a bare name', 'workloads key "web" is not a Service named name.namespace', (s) => authz(s, { web: { selector: { app: 'web' } } })),
  authzCase('a workload with an empty selector', 'workloads["web.apps"].selector {} names no labels: a policy without a selector applies to every workload of the namespace',
    (s) => authz(s, { 'web.apps': { selector: {} } })),
  authzCase('a workload label with a space', 'workloads["web.apps"].selector {"app":"my web"} is not a Kubernetes label', (s) => authz(s, { 'web.apps': { selector: { app: 'my web' } } })),
  authzCase('a pod port out of range', 'workloads["web.apps"].targetPorts[80] 70000 is not a port number', (s) => authz(s, { 'web.apps': { selector: { app: 'web' }, targetPorts: { 80: 70000 } } })),
  authzCase('a misspelt workload field', 'workloads["web.apps"] ["labels"] is not a known property', (s) => authz(s, any({ 'web.apps': { labels: { app: 'web' } } }))),
  authzCase('an invalid root namespace', 'meshRootNamespace "Istio System" is not a valid namespace name', (s) => authz(s, undefined, { meshRootNamespace: 'Istio System' })),
  authzCase('a string as the root-namespace flag', 'allowMeshRootNamespace "yes" is not true or false', (s) => authz(s, undefined, { allowMeshRootNamespace: 'yes' })),
  authzCase('a Service object that selects no pods', 'Service app/Web ("web.apps") selects no pods (it has no spec.selector)', (s) => {
    authz(s).addMapping('Web', { prefix: '/web/', service: new kplus.Service(s, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 8080 }] }) });
    Testing.synth(s);
  }),
  authzCase('a workload selector other than the Service\'s', 'workloads["web.apps"].selector {"app":"api"} differs from the selector of Service app/Web', (s) => {
    const service = new kplus.Service(s, 'Web', { metadata: { name: 'web', namespace: 'apps' }, ports: [{ port: 8080 }], selector: kplus.Pods.select(s, 'Pods', { labels: { app: 'web' } }) });
    authz(s, { 'web.apps': { selector: { app: 'api' } } }).addMapping('Web', { prefix: '/web/', service });
    Testing.synth(s);
  }),
  {
    construct: 'IstioMtls',
    input: 'the istio.default source with an injection namespace',
    message: 'injectionNamespace "ambassador" labels Ambassador\'s namespace for sidecar injection, but IstioCertificates.mountedSecret() runs Ambassador without a sidecar',
    build: (s) => new IstioMtls(s, 'Istio', { certificates: IstioCertificates.mountedSecret(), injectionNamespace: 'ambassador' }),
  },
  {
    construct: 'IstioMtls',
    input: 'Mappings through it, its wiring applied nowhere',
    message: 'app/Istio: TLSContext "istio-upstream" reads the istio-certs secret, which Emissary makes only from the certificates an Istio sidecar in its own pod writes',
    build: (s) => {
      new IstioMtls(s, 'Istio').addMapping('Route', { prefix: '/r/', service: 'r.shop:80' });
      Testing.synth(s);
    },
  },
  { construct: 'IstioMtls', input: 'a string as the wired-elsewhere flag', message: 'externallyWired "true" is not true or false', build: (s) => new IstioMtls(s, 'Istio', any({ externallyWired: 'true' })) },
];

const mtls = (s: Chart, issuer: CertManagerIssuer, props: Record<string, unknown> = {}) => new CertManagerMtls(s, 'Mtls', { issuer, ...props } as any);

const CERT_MANAGER: BadInput[] = [
  {
    construct: 'CertManagerMtls',
    input: 'the issuer\'s CA of a SelfSigned issuer',
    message: 'trusts the ca.crt of ClusterIssuer/selfsigned, a SelfSigned issuer, which writes each certificate as its own CA',
    build: (s) => mtls(s, CertManagerIssuer.fromObject(new ApiObject(s, 'Issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } }))),
  },
  {
    construct: 'CertManagerMtls',
    input: 'the issuer\'s CA of an ACME issuer',
    message: 'trusts the ca.crt of ClusterIssuer/letsencrypt, an ACME issuer, which writes none',
    build: (s) => mtls(s, CertManagerIssuer.clusterIssuer('letsencrypt', { type: 'acme' })),
  },
  { construct: 'CertManagerIssuer.issuer', input: 'an unknown issuer type', message: 'CertManagerIssuer.issuer(): type "letsencrypt" is not a cert-manager issuer type', build: () => CertManagerIssuer.issuer('le', any({ type: 'letsencrypt' })) },
  { construct: 'CertManagerIssuer.clusterIssuer', input: 'a misspelt option', message: 'CertManagerIssuer.clusterIssuer(): options ["kind"] is not a known property', build: () => CertManagerIssuer.clusterIssuer('ca', any({ kind: 'ca' })) },
  { construct: 'CertManagerPrivateKey.rsa', input: 'RSA over 8192 bits', message: 'size 8193 is not an RSA key size cert-manager accepts', build: () => CertManagerPrivateKey.rsa(8193) },
  { construct: 'CertManagerPrivateKey.rsa', input: 'a fractional RSA size', message: 'size 3072.5 is not an RSA key size cert-manager accepts', build: () => CertManagerPrivateKey.rsa(3072.5) },
  {
    construct: 'CertManagerMtls',
    input: 'a lifetime past Go\'s largest duration',
    message: 'duration "9223372800000ms" is longer than Go\'s largest duration (2562047h47m16s), which cert-manager\'s webhook cannot parse',
    build: (s) => mtls(s, CertManagerIssuer.clusterIssuer('ca'), { duration: Duration.hours(2_562_048), upstreamTrust: UpstreamTrust.none() }),
  },
];

const consul = (s: Chart, props: Record<string, unknown> = {}) => new ConsulConnector(s, 'Consul', { image: IMAGE, consul: ConsulAddress.serverService(), ...props } as any);

const CONSUL: BadInput[] = [
  {
    construct: 'ConsulConnector',
    input: 'an HTTPS CA Secret in Consul\'s namespace',
    message: 'consul caSecret "consul-ca-cert (namespace consul)" is not in the connector\'s namespace "ambassador": a pod mounts Secrets from its own namespace only',
    build: (s) => consul(s, {
      consul: ConsulAddress.https({ host: 'consul-server.consul.svc', caSecret: new ApiObject(s, 'Ca', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'consul-ca-cert', namespace: 'consul' } }) }),
    }),
  },
  {
    construct: 'ConsulConnector.caTrust',
    input: 'the CA mounted into an Ambassador of another namespace',
    message: 'the Consul CA Secret "consul-ca-cert" is in namespace "ambassador", but Ambassador runs in "emissary"',
    build: (s) => {
      const secret = new ApiObject(s, 'Ca', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'consul-ca-cert' } });
      const connector = consul(s, { consul: ConsulAddress.https({ host: 'consul-server.consul.svc', caSecret: secret }) });
      connector.caTrust!.wire(new kplus.Deployment(s, 'Ambassador', { metadata: { namespace: 'emissary' }, containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] }));
      Testing.synth(s);
    },
  },
  {
    construct: 'ConsulConnector',
    input: 'a resolver token applied nowhere',
    message: 'resolverAclToken is for the ConsulResolvers consul-dc1, but nothing applies connector.resolverToken to Ambassador\'s pod',
    build: (s) => {
      consul(s, { resolverAclToken: { secret: 'consul-read', key: 'token' } }).addResolver('R');
      Testing.synth(s);
    },
  },
  { construct: 'ConsulConnector', input: 'a resolver token with no key', message: 'resolverAclToken.key "" is not a Secret key', build: (s) => consul(s, { resolverAclToken: { secret: 'consul-read', key: '' } }) },
  { construct: 'ConsulConnector', input: 'a string as the verification flag', message: 'verifyUpstream "yes" is not true or false', build: (s) => consul(s, { verifyUpstream: 'yes' }) },
  { construct: 'ConsulResolver', input: 'an address with an empty label', message: 'address "consul..svc:8500" has the host "consul..svc", which is no DNS name', build: (s) => new ConsulResolver(s, 'R', { address: 'consul..svc:8500' }) },
  {
    construct: 'TlsContext',
    input: 'the client chain as CA without a client Secret',
    message: 'trustClientChain true is set without `secret`',
    build: (s) => new TlsContext(s, 'Ctx', { certChainFile: '/c/c.pem', privateKeyFile: '/c/k.pem', trustClientChain: true }),
  },
  { construct: 'TlsContext', input: 'the client chain and a CA Secret as CA', message: 'trustClientChain true is given together with caSecret', build: (s) => new TlsContext(s, 'Ctx', { secret: 's', caSecret: 'ca', trustClientChain: true }) },
];

/** Every entry of issue 19's families. */
export const MESH_RULE_INPUTS: BadInput[] = [...ISTIO, ...CERT_MANAGER, ...CONSUL];
