import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, ConsulAddress, ConsulConnector } from '../../src';

/**
 * The original Consul Connect mTLS example, in getambassador.io/v2 (chart `consul`): the
 * connector (with least-privilege RBAC instead of upstream's ClusterRole), the
 * `ambassador-consul` TLSContext reading its `ambassador-consul-connect` Secret, and a Mapping.
 * It keeps the example's form, which predates consul-k8s 1.0 and intentions (see the `consul-v3`
 * chart for today's), and adds what the example lacked: the TLSContext verifies the sidecar
 * against the Consul root that the connector writes after the leaf (verifyUpstream, the default).
 */
export class ConsulChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'ambassador', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V2);

    const consul = new ConsulConnector(this, 'Connector', {
      image: 'docker.io/datawire/aes:1.14.4',
      consul: ConsulAddress.nodeAgent(), // the example's Consul runs a client agent on each node
      serviceIntentions: false, // its Mapping names a Kubernetes Service, not a Consul service
    });

    consul.addMapping('Qotm', {
      name: 'qotm-mtls-mapping',
      prefix: '/qotm-consul-mtls/',
      service: 'https://qotm-proxy',
      viaKubernetesService: true, // the example's qotm-proxy Service fronts the sidecar on 443
    });
  }
}
