import { App, Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, AmbassadorInstall, CertManagerIssuer, CertManagerMtls, UpstreamTrust } from '../../src';

/**
 * Mutual TLS without a mesh for Edge Stack 3.10.2 installed by its Helm chart, in
 * getambassador.io/v3alpha1 (chart `cert-manager`): cert-manager issues Ambassador a client
 * certificate from the `internal-ca` ClusterIssuer, and the upstream its server certificate from
 * the same issuer. Ambassador presents the client certificate, sends the upstream's name as SNI,
 * and verifies the upstream against the issuer's CA, which the Helm values mount into its pod
 * (under `emissary-ingress:`, where the edge-stack chart passes them to its subchart).
 */
export class CertManagerChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);
    // helm install edge-stack datawire/edge-stack -n emissary --version 8.10.2
    AmbassadorInstall.use(this, AmbassadorInstall.edgeStackChart({ version: '3.10.2', releaseName: 'edge-stack', namespace: 'emissary' }));

    const mtls = new CertManagerMtls(this, 'ClientCertificate', {
      issuer: CertManagerIssuer.clusterIssuer('internal-ca', { type: 'ca' }), // a CA issuer fills ca.crt with its CA
      duration: Duration.days(30),
      renewBefore: Duration.days(10),
      upstreamTrust: UpstreamTrust.issuerCa(), // the default: ca.crt of the issued Secret, mounted
    });
    mtls.addHelmValues({ path: 'helm/edge-stack-values.yaml' }); // values of the install target's chart

    mtls.addServerCertificate('InventoryCertificate', { service: 'inventory.warehouse' });
    mtls.addMapping('Inventory', {
      name: 'inventory-mtls',
      prefix: '/inventory/',
      service: 'inventory.warehouse:8443', // https:// and the port: Ambassador would dial 443 without it
    });
  }
}

const app = new App();
new CertManagerChart(app, 'cert-manager');
app.synth();
