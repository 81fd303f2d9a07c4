/**
 * The workload every benchmark way synthesizes: N mTLS routes, the first half through the
 * Istio pattern and the rest through the Consul Connect pattern, each pattern in its own chart.
 */

/** The namespace of both charts (where Ambassador runs). */
export const NAMESPACE = 'emissary';
/** The connector image of the Consul chart. */
export const CONNECTOR_IMAGE = 'docker.io/datawire/aes:3.10.0';
/** The Consul servers the connector and the resolver talk to. */
export const CONSUL_HOST = 'consul-server.consul.svc';
/** The Consul datacenter of the resolver. */
export const CONSUL_DATACENTER = 'dc1';

/** One route to a service of the Istio mesh, on an explicit port. */
export interface IstioRoute {
  readonly name: string;
  readonly prefix: string;
  readonly service: string;
}

/** One route to a service of the Consul mesh, through its Connect sidecar. */
export interface ConsulRoute {
  readonly name: string;
  readonly prefix: string;
  /** The Consul service name; the Mapping targets its `-sidecar-proxy`. */
  readonly consulService: string;
}

/** The Istio half of `n` routes (the larger half when `n` is odd). */
export function istioRoutes(n: number): IstioRoute[] {
  return Array.from({ length: Math.ceil(n / 2) }, (_, i) => ({
    name: `istio-route-${i}`,
    prefix: `/istio/svc-${i}/`,
    service: `svc-${i}.apps:8080`,
  }));
}

/** The Consul half of `n` routes. */
export function consulRoutes(n: number): ConsulRoute[] {
  return Array.from({ length: Math.floor(n / 2) }, (_, i) => ({
    name: `consul-route-${i}`,
    prefix: `/consul/svc-${i}/`,
    consulService: `svc-${i}`,
  }));
}
