import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, ConsulConnector } from '../../src';

/**
 * The original Consul Connect mTLS example, in getambassador.io/v2 (chart `consul`): the
 * connector (with least-privilege RBAC instead of upstream's ClusterRole), the
 * `ambassador-consul` TLSContext reading its `ambassador-consul-connect` Secret, and a Mapping.
 */
export class ConsulChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'ambassador', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V2);

    const consul = new ConsulConnector(this, 'Connector', { image: 'docker.io/datawire/aes:1.14.4' });

    consul.addMapping('Qotm', {
      name: 'qotm-mtls-mapping',
      prefix: '/qotm-consul-mtls/',
      service: 'https://qotm-proxy',
    });
  }
}
