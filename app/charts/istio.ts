import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, IstioCertificates, IstioMtls, IstioStrictMtls } from '../../src';

/**
 * Istio 1.10+ mTLS for an Ambassador installed by Helm, in getambassador.io/v3alpha1 (chart
 * `istio`): the Istio sidecar writes the mesh certificates to an in-memory volume, Ambassador
 * loads them as the `istio-certs` secret, and the services' namespace accepts mTLS only.
 * The pod wiring comes as Helm values and, for static-YAML installs, as a kustomize Component.
 */
export class IstioChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);

    const istio = new IstioMtls(this, 'Istio', { certificates: IstioCertificates.sidecar() });
    istio.addHelmValues('helm/ambassador-istio-values.yaml');
    istio.addKustomizeComponent({ deploymentName: 'emissary-ingress', namespace: 'emissary', containerName: 'ambassador' });

    istio.addMapping('ProductPage', {
      name: 'productpage',
      prefix: '/productpage/',
      rewrite: '/productpage',
      service: 'productpage.bookinfo:9080', // the port is required: without it Ambassador dials 443
    });

    new IstioStrictMtls(this, 'StrictMtls', { namespaces: ['bookinfo'] });
  }
}
