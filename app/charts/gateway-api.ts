import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendCa, CertManagerIssuer, CertManagerMtls, GatewayApiMtls, UpstreamTrust } from '../../src';

/**
 * The cert-manager chart's mTLS intent on the Kubernetes Gateway API v1.5 (chart `gateway-api`):
 * the same kind of client certificate (issuer `internal-ca`, 30 days, renewed 10 days before
 * expiry), to an upstream of its own (`orders.shop`, so both charts apply to one cluster), for a
 * Gateway of class `eg` (Envoy Gateway) in namespace `edge`. The Gateway presents the certificate
 * to every backend; the HTTPRoute lives beside it, with a ReferenceGrant in the upstream's
 * namespace; a BackendTLSPolicy sends `orders.shop` as SNI and verifies it against the issuer's
 * CA in the upstream's own server certificate Secret (a Secret CA reference is
 * implementation-specific: Envoy Gateway reads it).
 */
export class GatewayApiChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'edge', ...props });
    const certificate = new CertManagerMtls(this, 'ClientCertificate', {
      issuer: CertManagerIssuer.clusterIssuer('internal-ca'),
      certificateName: 'edge-upstream-client',
      identity: { commonName: 'edge', dnsNames: ['edge.edge.svc'] },
      ambassadorNamespace: 'edge', // the Gateway's namespace: no grant needed for its Secret
      duration: Duration.days(30),
      renewBefore: Duration.days(10),
      upstreamTrust: UpstreamTrust.issuerCa(),
    });
    certificate.addServerCertificate('OrdersCertificate', { service: 'orders.shop' });

    const gateway = new GatewayApiMtls(this, 'Edge', {
      clientCertificate: certificate,
      gatewayClassName: 'eg',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
      // The CA cert-manager writes into orders-tls: a Secret, which Envoy Gateway reads; on an
      // implementation that reads only ConfigMaps (the portable choice), use BackendCa.configMap().
      backendCa: BackendCa.serverCertificateSecret(),
    });
    gateway.addRoute('Orders', {
      name: 'orders-mtls',
      prefix: '/orders/',
      service: 'orders.shop:8443',
    });
  }
}
