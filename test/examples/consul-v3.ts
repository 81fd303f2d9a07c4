import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, ConsulAddress, ConsulConnector, ConsulResolver } from '../../src';

/**
 * Consul Connect mTLS with consul-k8s 1.0 or later and the current API, getambassador.io/v3alpha1
 * (chart `consul-v3`): the connector reaches the Consul servers' Service (there is no agent on
 * the nodes), a ConsulResolver finds the endpoints of a service's Connect sidecar, the Mapping
 * routes to them round robin presenting the connector's certificate, and a ServiceIntentions
 * lets the connector's Consul identity into the service.
 */
export class ConsulV3Chart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);

    const consul = new ConsulConnector(this, 'Connector', {
      image: 'docker.io/datawire/aes:3.10.0',
      consul: ConsulAddress.serverService({ service: 'consul-server', namespace: 'consul' }),
      tlsContextName: 'emissary-consul', // TLSContext names are global in Emissary
    });
    // The resolver's address is the connector's Consul, as Emissary reaches it: written once.
    const resolver = consul.addResolver('Resolver', { datacenter: 'dc1' });

    consul.addMapping('Qotm', {
      name: 'qotm-mtls',
      prefix: '/qotm/',
      service: ConsulResolver.sidecarService('qotm'), // "qotm-sidecar-proxy" in Consul's catalog
      resolver, // load_balancer defaults to round robin: Ambassador routes to endpoints directly
    });
  }
}

const app = new App();
new ConsulV3Chart(app, 'consul-v3');
app.synth();
