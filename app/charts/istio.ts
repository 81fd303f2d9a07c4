import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, AmbassadorHelmChart, IstioAuthorization, IstioCertificates, IstioMtls, IstioStrictMtls } from '../../src';

/**
 * Istio 1.10+ mTLS for an Ambassador installed by Helm, in getambassador.io/v3alpha1 (chart
 * `istio`): the Istio sidecar writes the mesh certificates to an in-memory volume, Ambassador
 * loads them as the `istio-certs` secret and verifies upstreams against the mesh root, and the
 * services' namespace accepts mTLS only, from Ambassador's identity on the ports its Mappings use.
 * The pod wiring comes as Helm values (for either chart) and, for static-YAML installs, as a
 * kustomize Component.
 */
export class IstioChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);

    const istio = new IstioMtls(this, 'Istio', {
      certificates: IstioCertificates.sidecar(),
      tlsContextName: 'istio-sidecar-upstream', // TLSContext names are global in Emissary
    });
    istio.addHelmValues({ path: 'helm/emissary-ingress-values.yaml', chart: AmbassadorHelmChart.EMISSARY_INGRESS });
    istio.addHelmValues({ path: 'helm/edge-stack-values.yaml', chart: AmbassadorHelmChart.EDGE_STACK });
    istio.addKustomizeComponent({ deploymentName: 'emissary-ingress', namespace: 'emissary', containerName: 'ambassador' });

    istio.addMapping('ProductPage', {
      name: 'bookinfo-productpage',
      prefix: '/bookinfo/productpage/',
      rewrite: '/productpage',
      service: 'productpage.bookinfo:9080', // the port is required: without it Ambassador dials 443
    });

    new IstioStrictMtls(this, 'StrictMtls', { namespaces: ['bookinfo'] });
    // Lets Ambassador's principal into bookinfo on port 9080. Mind: bookinfo's workloads then
    // refuse every caller no ALLOW policy names (Istio's deny-by-default once one applies).
    new IstioAuthorization(this, 'Authorization', {
      istio,
      serviceAccount: 'emissary-ingress', // the Helm chart's account: its release name
    });
  }
}
