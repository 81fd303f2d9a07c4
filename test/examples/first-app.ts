import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorInstall, IstioAuthorization, IstioMtls, IstioStrictMtls } from '../../src';

/**
 * Emissary-ingress at the edge of an Istio mesh: Ambassador presents the mesh certificates to the
 * services of the `bookinfo` namespace, which accept mutual TLS only, and only from Ambassador.
 */
export class EdgeChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    // Where Ambassador runs: helm install emissary-ingress datawire/emissary-ingress -n emissary
    // (chart 8.10.0, Emissary-ingress 3.10.0). The patterns derive names and ports from it.
    AmbassadorInstall.use(this, AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: 'emissary-ingress', namespace: 'emissary' }));

    // The Istio sidecar in Ambassador's pod provides the certificates; the chart's values ask for
    // it (dist/edge/helm/emissary-ingress-values.yaml, for helm upgrade -f).
    const istio = new IstioMtls(this, 'Istio');
    istio.addHelmValues({ path: 'helm/emissary-ingress-values.yaml' });

    // A TLSContext loading those certificates, and a Mapping presenting them upstream.
    istio.addMapping('ProductPage', {
      name: 'productpage',
      prefix: '/productpage/',
      service: 'productpage.bookinfo:9080', // written https://productpage.bookinfo:9080
    });

    // bookinfo accepts mTLS only, and productpage's pods (label app: productpage, port 9080)
    // from Ambassador's identity only.
    new IstioStrictMtls(this, 'Strict', { namespaces: ['bookinfo'] });
    new IstioAuthorization(this, 'OnlyAmbassador', {
      istio,
      workloads: { 'productpage.bookinfo': { selector: { app: 'productpage' }, targetPorts: { 9080: 9080 } } },
    });
  }
}

const app = new App();
new EdgeChart(app, 'edge');
app.synth();
