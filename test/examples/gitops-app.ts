import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { GitOpsApp, IstioMtls } from '../../src';

/** The shop's routes through the Istio mesh: one TLSContext, a Mapping per service. */
export class ShopRoutesChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    const istio = new IstioMtls(this, 'Istio', { tlsContextName: 'istio-shop' });
    // The values that give Ambassador's pod its Istio sidecar: dist/shop/helm/, for helm upgrade -f.
    istio.addHelmValues({ path: 'helm/emissary-ingress-values.yaml' });
    for (const service of ['orders', 'payments', 'reviews']) {
      istio.addMapping(service, { name: `shop-${service}`, prefix: `/shop/${service}/`, service: `${service}.shop:8080` });
    }
  }
}

// dist/shop/: one file per object, a kustomization.yaml listing them, and in dist/shop/delivery/
// the Argo CD ApplicationSet and the Flux Kustomizations that deploy the folder from your repository.
const app = new GitOpsApp({
  delivery: { repoUrl: 'https://git.example.com/platform/gitops.git', path: 'dist', targetRevision: 'main' },
});
new ShopRoutesChart(app, 'shop');
app.synth();
