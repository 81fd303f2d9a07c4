import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { Mapping, TlsContext } from '../../src';

/** Mutual TLS to upstreams with a client certificate from a Secret. */
export class UpstreamsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'ambassador', ...props });

    // The client certificate Ambassador presents upstream, from a kubernetes.io/tls Secret.
    const clientCert = new TlsContext(this, 'ClientCert', {
      name: 'upstream-client-cert',
      secret: kplus.Secret.fromSecretName(this, 'ClientCertSecret', 'upstream-client-cert'),
      minTlsVersion: 'v1.2',
    });

    // A service named by string: [scheme://]name[.namespace][:port], parsed and checked.
    new Mapping(this, 'Orders', {
      name: 'orders',
      prefix: '/orders/',
      service: 'https://orders.shop:8443',
      tls: clientCert, // the object, not its name: the two cannot drift apart
      timeout: Duration.seconds(10),
    });

    // A cdk8s-plus Service: the port must be one the Service exposes.
    const catalog = new kplus.Service(this, 'Catalog', {
      metadata: { name: 'catalog', namespace: 'shop' },
      selector: kplus.Pods.select(this, 'CatalogPods', { labels: { app: 'catalog' } }),
      ports: [{ port: 8443, name: 'https' }],
    });
    new Mapping(this, 'CatalogRoute', {
      name: 'catalog',
      prefix: '/catalog/',
      service: catalog,
      servicePort: 8443,
      tls: clientCert,
    });
  }
}

const app = new App();
new UpstreamsChart(app, 'upstreams');
app.synth();
