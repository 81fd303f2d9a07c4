import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, ConsulConnector, ConsulResolver } from '../../src';

/**
 * Consul Connect mTLS with the current API, getambassador.io/v3alpha1 (chart `consul-v3`):
 * a ConsulResolver finds the endpoints of a service's Connect sidecar, and the Mapping routes to
 * them round robin, presenting the certificate the connector copied from the Consul CA.
 */
export class ConsulV3Chart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);

    const consul = new ConsulConnector(this, 'Connector', {
      image: 'docker.io/datawire/aes:3.10.0',
      consulHost: 'consul-server.consul', // Consul servers only, no agent on each node
    });
    // The resolver's address defaults to the connector's consulHost:consulPort: written once.
    const resolver = consul.addResolver('Resolver', { datacenter: 'dc1' });

    consul.addMapping('Qotm', {
      name: 'qotm-mtls',
      prefix: '/qotm-consul-mtls/',
      service: ConsulResolver.sidecarService('qotm'), // "qotm-sidecar-proxy" in Consul's catalog
      resolver, // load_balancer defaults to round robin: Ambassador routes to endpoints directly
    });
  }
}
