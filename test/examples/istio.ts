import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, AmbassadorInstall, IstioAuthorization, IstioCertificates, IstioMtls, IstioStrictMtls } from '../../src';

/**
 * Istio 1.10+ mTLS for Emissary-ingress 3.10.0 installed by its Helm chart, in
 * getambassador.io/v3alpha1 (chart `istio`): the Istio sidecar writes the mesh certificates to an
 * in-memory volume, Ambassador loads them as the `istio-certs` secret and verifies upstreams
 * against the mesh root, and the services' namespace accepts mTLS only, from Ambassador's identity
 * on the ports its Mappings use. The install target gives the chart to write values for and the
 * ServiceAccount the chart names after its release.
 */
export class IstioChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);
    // helm install emissary-ingress datawire/emissary-ingress -n emissary --version 8.10.0
    AmbassadorInstall.use(this, AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: 'emissary-ingress', namespace: 'emissary' }));

    const istio = new IstioMtls(this, 'Istio', {
      certificates: IstioCertificates.sidecar(),
      tlsContextName: 'istio-sidecar-upstream', // TLSContext names are global in Emissary
    });
    istio.addHelmValues({ path: 'helm/emissary-ingress-values.yaml' }); // values of the install target's chart

    istio.addMapping('ProductPage', {
      name: 'bookinfo-productpage',
      prefix: '/bookinfo/productpage/',
      rewrite: '/productpage',
      service: 'productpage.bookinfo:9080', // the port is required: without it Ambassador dials 443
    });

    new IstioStrictMtls(this, 'StrictMtls', { namespaces: ['bookinfo'] });
    // Lets Ambassador's principal, sa/emissary-ingress (the chart's account for that release),
    // into productpage's pods (bookinfo's Service selects app: productpage, port 9080 to 9080).
    // Mind: those pods then refuse every caller no ALLOW policy names (Istio's deny-by-default
    // once one selects them); bookinfo's other workloads are not touched.
    new IstioAuthorization(this, 'Authorization', {
      istio,
      workloads: { 'productpage.bookinfo': { selector: { app: 'productpage' }, targetPorts: { 9080: 9080 } } },
    });
  }
}

const app = new App();
new IstioChart(app, 'istio');
app.synth();
