import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, AmbassadorInstall, LinkerdMtls } from '../../src';

/**
 * Linkerd mTLS for Emissary-ingress 3.10.0 installed from its static YAML, in
 * getambassador.io/v3alpha1 (chart `linkerd`): Linkerd's proxy, injected into Ambassador's pod,
 * does the mutual TLS, so there is no TLSContext. The kustomize Component meshes the install's
 * Deployment with Ambassador's own listener ports left to Ambassador (both from the install
 * target), and each Mapping sends plain HTTP to the Service's full name, which the proxy
 * upgrades to mTLS (with `add_linkerd_headers` for ingress mode, a client's header removed).
 */
export class LinkerdChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);
    // kubectl apply -f emissary-emissaryns.yaml (3.10.0): Deployment emissary-ingress, container ambassador
    AmbassadorInstall.use(this, AmbassadorInstall.staticYaml({ version: '3.10.0', namespace: 'emissary' }));

    const linkerd = new LinkerdMtls(this, 'Linkerd'); // skips 8080 and 8443, where Emissary listens
    linkerd.addKustomizeComponent(); // kustomize/linkerd-mtls, for the kustomization that applies the install

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

const app = new App();
new LinkerdChart(app, 'linkerd');
app.synth();
