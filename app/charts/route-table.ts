import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, GitOpsApp, IstioMtls } from '../../src';

/** The services of the shop's route table: one Mapping each, through the Istio mesh. */
const SHOP_SERVICES = [
  'accounts', 'addresses', 'availability', 'baskets', 'billing', 'brands', 'campaigns', 'catalog',
  'checkout', 'coupons', 'currencies', 'delivery', 'favourites', 'gift-cards', 'invoices', 'loyalty',
  'media', 'newsletter', 'orders', 'payments', 'prices', 'recommendations', 'returns', 'reviews',
];

/**
 * A route table written as shards (chart `route-table`): 24 Istio mTLS routes, split as
 * `GitOpsApp` splits a chart past its threshold, here folders of at most 6 objects, so that the
 * layout can be seen in `dist/route-table`: `base/` with the TLSContext, `shard-<bits>/` with the
 * Mappings whose hash starts with those bits (a folder past the threshold is split by the next
 * bit: `shard-00`, but `shard-010` and `shard-011`), each folder a kustomization of its own, and
 * `delivery/` with the Argo CD ApplicationSet and the Flux Kustomizations that deploy them.
 */
export class RouteTableChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'emissary', ...props });
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V3ALPHA1);
    GitOpsApp.shard(this, { threshold: 6 }); // the default: folders of at most 1,000 objects

    // The same Ambassador as the `istio` chart, whose Helm values carry the pod wiring.
    const istio = new IstioMtls(this, 'Istio', { tlsContextName: 'istio-route-table', externallyWired: true });
    for (const service of SHOP_SERVICES) {
      istio.addMapping(service, { name: `shop-${service}`, prefix: `/shop/${service}/`, service: `${service}.shop:8080` });
    }
  }
}
