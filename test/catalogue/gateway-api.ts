/** Careless input to the Gateway API target. */
import { Chart } from 'cdk8s';
import { BadInput } from './entry';
import { BackendCa, CertManagerIssuer, CertManagerMtls, ConsulAddress, ConsulConnector, GatewayApiMtls, GatewayApiMtlsProps, GatewayRouteProps, IstioMtls, LinkerdMtls, UpstreamTrust } from '../../src';

const certificate = (s: Chart, trust = UpstreamTrust.issuerCa()) => new CertManagerMtls(s, 'Certificate', { issuer: CertManagerIssuer.clusterIssuer('internal-ca'), upstreamTrust: trust });
const gatewayCase = (input: string, message: string, props: (s: Chart) => Partial<GatewayApiMtlsProps>): BadInput => ({
  construct: 'GatewayApiMtls',
  input,
  message,
  build: (s) => {
    const given = props(s);
    new GatewayApiMtls(s, 'Edge', { gatewayClassName: 'eg', backendCa: BackendCa.configMap('internal-ca'), ...given, clientCertificate: 'clientCertificate' in given ? given.clientCertificate : certificate(s) } as GatewayApiMtlsProps);
  },
});
const routeCase = (input: string, message: string, props: Partial<GatewayRouteProps>, before?: (g: GatewayApiMtls) => void): BadInput => ({
  construct: 'GatewayApiMtls.addRoute',
  input,
  message,
  build: (s) => {
    const gateway = new GatewayApiMtls(s, 'Edge', { clientCertificate: certificate(s), gatewayClassName: 'eg', backendCa: BackendCa.configMap('internal-ca') });
    before?.(gateway);
    gateway.addRoute('Route', { prefix: '/a/', service: 'a.apps:8443', ...props } as GatewayRouteProps);
  },
});

export const GATEWAY_API_INPUTS: BadInput[] = [
  gatewayCase('no client certificate', 'clientCertificate (not set) is not a CertManagerMtls', () => ({ clientCertificate: undefined })),
  // No default CA: a ConfigMap is the only reference every implementation reads (Core); a Secret is implementation-specific.
  gatewayCase('no backendCa', 'a ConfigMap (Core support, every implementation) or a Secret (implementation-specific', () => ({ backendCa: undefined })),
  gatewayCase('an upstream trust of none', 'a Gateway always verifies its upstreams', (s) => ({ clientCertificate: certificate(s, UpstreamTrust.none()), backendCa: undefined })),
  gatewayCase('an Emissary CA Secret as the trust', 'Emissary reads that CA from tls.crt', (s) => ({ clientCertificate: certificate(s, UpstreamTrust.caSecret('upstream-ca')), backendCa: undefined })),
  gatewayCase('Istio\'s mTLS as the client certificate', 'is Istio\'s mTLS, which a Gateway API gateway gets by joining the mesh', (s) => ({ clientCertificate: new IstioMtls(s, 'Istio') as any })),
  gatewayCase('Linkerd\'s mTLS as the client certificate', 'is Linkerd\'s mTLS, which a Gateway API gateway gets by joining the mesh', (s) => ({ clientCertificate: new LinkerdMtls(s, 'Linkerd') as any })),
  gatewayCase('the Consul connector as the client certificate', 'is the Ambassador Consul Connector\'s copy of Consul\'s Connect certificates',
    (s) => ({ clientCertificate: new ConsulConnector(s, 'Consul', { image: 'docker.io/datawire/aes:3.10.0', consul: ConsulAddress.serverService() }) as any })),
  gatewayCase('a gateway class with capitals', 'gatewayClassName "Envoy" is not a valid Kubernetes name', () => ({ gatewayClassName: 'Envoy' })),
  gatewayCase('two listeners of one name', 'is used by another listener', () => ({ listeners: [{ name: 'web', port: 80, protocol: 'HTTP' }, { name: 'web', port: 8080, protocol: 'HTTP' }] })),
  gatewayCase('an HTTPS listener without a certificate', 'an HTTPS listener terminates TLS with a certificate', () => ({ listeners: [{ name: 'web', port: 443, protocol: 'HTTPS' }] })),
  gatewayCase('a TCP listener', 'is not a protocol HTTPRoutes attach to', () => ({ listeners: [{ name: 'db', port: 5432, protocol: 'TCP' as any }] })),
  routeCase('a service without a port', 'has no port: an HTTPRoute must name the Service port', { service: 'a.apps' }),
  routeCase('an http:// upstream', 'is http://, but the client certificate is presented over TLS', { service: 'http://a.apps:8080' }),
  routeCase('an external host as service', 'is not a Kubernetes Service', { service: 'api.example.com:443' }),
  routeCase('a prefix without a leading /', 'prefix "a/" does not start with "/"', { prefix: 'a/' }),
  routeCase('a glob host at the end', 'is a glob the Gateway API cannot express', { host: 'shop.*' }),
  routeCase('a timeout as a number', 'timeout 3000 is not a cdk8s Duration', { timeout: 3000 as any }),
  routeCase('a SAN that is neither a name nor a URI', 'is neither a DNS name nor a URI', { subjectAltNames: ['not a name'] }),
  routeCase('two routes asking one Service for other checks', 'one BackendTLSPolicy applies per Service', { backendHostname: 'a.apps.svc' },
    (g) => g.addRoute('First', { prefix: '/b/', service: 'a.apps:8443' })),
];
