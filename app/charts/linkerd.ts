import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, AmbassadorHelmChart, AmbassadorListenerPorts, LinkerdMtls } from '../../src';

/**
 * Linkerd mTLS for an Ambassador installed by Helm, in getambassador.io/v3alpha1 (chart
 * `linkerd`): Linkerd's proxy, injected into Ambassador's pod, does the mutual TLS, so there is
 * no TLSContext. The pod is meshed with Ambassador's own listener ports left to Ambassador, and
 * each Mapping sends plain HTTP to the Service's full name with `add_linkerd_headers`, which
 * tells the proxy where to route.
 */
export class LinkerdChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);

    const linkerd = new LinkerdMtls(this, 'Linkerd', {
      listenerPorts: AmbassadorListenerPorts.EMISSARY, // 8080 and 8443, as Emissary 2.x/3.x listen
    });
    linkerd.addHelmValues({ path: 'helm/emissary-ingress-values.yaml', chart: AmbassadorHelmChart.EMISSARY_INGRESS });
    linkerd.addHelmValues({ path: 'helm/edge-stack-values.yaml', chart: AmbassadorHelmChart.EDGE_STACK });
    linkerd.addKustomizeComponent({ deploymentName: 'emissary-ingress', namespace: 'emissary', containerName: 'ambassador' });

    linkerd.addMapping('Books', {
      name: 'linkerd-books',
      prefix: '/books/',
      service: 'books.booksapp:7000', // written books.booksapp.svc.cluster.local:7000
    });
    linkerd.addMapping('Authors', {
      name: 'linkerd-authors',
      prefix: '/authors/',
      service: 'authors.booksapp:7001',
    });
  }
}
