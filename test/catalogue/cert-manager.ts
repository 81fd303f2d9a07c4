/** Careless and hostile input to the cert-manager pattern. */
import { Chart, Duration, Testing } from 'cdk8s';
import { BadInput } from './entry';
import { CertManagerIssuer, CertManagerMtls, CertManagerPrivateKey, UpstreamTrust } from '../../src';

const any = (value: unknown) => value as any;
const issuer = () => CertManagerIssuer.clusterIssuer('internal-ca');
const mtlsCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'CertManagerMtls', input, message, build: (s) => new CertManagerMtls(s, 'Mtls', { issuer: issuer(), ...props } as any),
});
const mappingCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'CertManagerMtls.addMapping',
  input,
  message,
  build: (s: Chart) => new CertManagerMtls(s, 'Mtls', { issuer: issuer(), upstreamTrust: UpstreamTrust.none() }).addMapping('Route', { prefix: '/a/', ...props } as any),
});

export const CERT_MANAGER_INPUTS: BadInput[] = [
  { construct: 'CertManagerMtls', input: 'no issuer', message: 'issuer (not set) is missing', build: (s) => new CertManagerMtls(s, 'Mtls', any({})) },
  mtlsCase('the issuer as a string', 'issuer "internal-ca" is not a CertManagerIssuer', { issuer: 'internal-ca' }),
  mtlsCase('the private key as a string', 'privateKey "ECDSA" is not a CertManagerPrivateKey', { privateKey: 'ECDSA' }),
  mtlsCase('the trust as a string', 'upstreamTrust "ca.crt" is not an UpstreamTrust', { upstreamTrust: 'ca.crt' }),
  mtlsCase('a duration in days as a string', 'duration "90d" is not a cdk8s Duration', { duration: '90d' }),
  mtlsCase('a lifetime under an hour', 'duration "30m" is shorter than an hour', { duration: Duration.minutes(30) }),
  mtlsCase('renewal under 5 minutes', 'renewBefore "1m" is shorter than 5 minutes', { renewBefore: Duration.minutes(1) }),
  mtlsCase('renewal as long as the lifetime', 'renewBefore "2160h" is not below duration 2160h', { renewBefore: Duration.days(90) }),
  mtlsCase('a lifetime in milliseconds', 'is not a whole number of seconds', { duration: Duration.millis(3_600_001) }),
  mtlsCase('an invalid certificate name', 'certificateName "Ambassador Client" is not a valid Kubernetes name', { certificateName: 'Ambassador Client' }),
  mtlsCase('an identity without SAN', 'has no subject alternative name', { identity: { commonName: 'ambassador' } }),
  mtlsCase('a common name over 64 characters', 'is not a common name of 1 to 64 printable characters', { identity: { commonName: 'a'.repeat(65), dnsNames: ['a.b'] } }),
  mtlsCase('a DNS name with a space', 'identity.dnsNames "a b" is not a DNS name', { identity: { dnsNames: ['a b'] } }),
  mtlsCase('a URI without a scheme', 'identity.uris "ambassador" is not a URI', { identity: { uris: ['ambassador'] } }),
  mtlsCase('an unknown identity field', 'identity.ipAddresses', { identity: { ipAddresses: ['10.0.0.1'] } }),
  mtlsCase('an uppercase Ambassador namespace', 'ambassadorNamespace "Edge" is not a valid namespace name', { ambassadorNamespace: 'Edge' }),
  mtlsCase('SNI as a string', 'sniPerUpstream "yes" is not true or false', { sniPerUpstream: 'yes' }),
  mtlsCase('a cluster domain with an empty label', 'clusterDomain "cluster..local" is not a DNS domain', { clusterDomain: 'cluster..local' }),
  {
    construct: 'CertManagerMtls',
    input: 'a namespaced Issuer of another namespace',
    message: 'issuer "Issuer/local-ca" is namespaced, so it cannot sign the server Certificate of web.apps in namespace "apps"',
    build: (s) => new CertManagerMtls(s, 'Mtls', { issuer: CertManagerIssuer.issuer('local-ca'), upstreamTrust: UpstreamTrust.none() }).addServerCertificate('Web', { service: 'web.apps' }),
  },
  {
    construct: 'CertManagerMtls',
    input: 'the issuer CA with no pod wiring',
    message: 'but nothing mounts it into Ambassador\'s pod',
    build: (s) => {
      new CertManagerMtls(s, 'Mtls', { issuer: issuer() }).addMapping('Web', { prefix: '/web/', service: 'web.apps:8443' });
      Testing.synth(s);
    },
  },
  {
    construct: 'CertManagerMtls.addServerCertificate',
    input: 'a service without namespace',
    message: 'service "web" is not a Service named name.namespace',
    build: (s) => new CertManagerMtls(s, 'Mtls', { issuer: issuer(), upstreamTrust: UpstreamTrust.none() }).addServerCertificate('Web', { service: 'web' }),
  },
  mappingCase('a service without a port', 'names no port, but tls "cert-manager-upstream-web.apps" originates mTLS', { service: 'web.apps' }),
  mappingCase('an http service', 'is http://, but the client certificate is presented over TLS', { service: 'http://web.apps:8080' }),
  mappingCase('an IP address', 'is an IP address, which cannot be sent as SNI', { service: '10.1.2.3:8443' }),
  mappingCase('a tls context', 'addMapping tls', { service: 'web.apps:8443', tls: any({}) }),
  {
    construct: 'UpstreamTrust.caSecret',
    input: 'the client Secret as CA',
    message: 'caSecret "ambassador-upstream-client" is the client certificate\'s own Secret',
    build: (s) => new CertManagerMtls(s, 'Mtls', { issuer: issuer(), upstreamTrust: UpstreamTrust.caSecret('ambassador-upstream-client') })
      .addMapping('Web', { prefix: '/web/', service: 'web.apps:8443' }),
  },
  { construct: 'UpstreamTrust.caSecret', input: 'an invalid Secret name', message: 'UpstreamTrust.caSecret(): secret "Upstream CA" is not a valid Kubernetes name', build: () => UpstreamTrust.caSecret('Upstream CA') },
  { construct: 'UpstreamTrust.issuerCa', input: 'a relative mount path', message: 'mountPath "etc/ca" is not an absolute directory path', build: () => UpstreamTrust.issuerCa('etc/ca') },
  { construct: 'CertManagerPrivateKey.ecdsa', input: 'an unknown curve size', message: 'size 255 is not an ECDSA curve size', build: () => CertManagerPrivateKey.ecdsa(255) },
  { construct: 'CertManagerPrivateKey.rsa', input: 'a weak RSA size', message: 'size 1024 is not an RSA key size', build: () => CertManagerPrivateKey.rsa(1024) },
  { construct: 'CertManagerIssuer.clusterIssuer', input: 'a name with spaces', message: 'name "Internal CA" is not a valid Kubernetes name', build: () => CertManagerIssuer.clusterIssuer('Internal CA') },
  { construct: 'CertManagerIssuer.fromObject', input: 'a Secret', message: 'is not a cert-manager.io Issuer or ClusterIssuer object of this app', build: (s) => CertManagerIssuer.fromObject(any(s)) },
];
