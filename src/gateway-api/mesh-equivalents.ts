/**
 * The mesh patterns have no client certificate to move onto a Gateway: there the gateway joins the
 * mesh, and the mesh originates mutual TLS. `GatewayApiMtls` refuses their objects with the reason
 * and what to do instead (docs/gateway-api.md, "Istio, Linkerd and Consul").
 */
import { ConsulCaTrust } from '../consul/consul-ca-trust';
import { ConsulConnector } from '../consul/consul-connector';
import { IstioMtls } from '../istio/istio-mtls';
import { IstioStrictMtls } from '../istio/istio-strict-mtls';
import { LinkerdMtls } from '../linkerd/linkerd-mtls';

/** Why a mesh construct cannot be the Gateway's client certificate, and the fix; `undefined` for anything else. */
export function meshEquivalent(value: unknown): { problem: string; fix: string } | undefined {
  if (value instanceof IstioMtls || value instanceof IstioStrictMtls) {
    return {
      // Istio's gateway proxies are mesh workloads: to a Service in the mesh they originate
      // ISTIO_MUTUAL by themselves (auto mTLS, kubernetes-sigs/gateway-api#1906), and Istio's
      // BackendTLSPolicy is plain TLS (istio/istio#57635); it accepts clientCertificateRef
      // without presenting it (istio/istio#61515).
      problem: 'is Istio\'s mTLS, which a Gateway API gateway gets by joining the mesh: an Istio Gateway (gatewayClassName istio) originates Istio mTLS to mesh Services itself, '
        + 'with no client certificate and no BackendTLSPolicy (Istio\'s BackendTLSPolicy is plain TLS, which would replace the mesh\'s mTLS)',
      fix: 'on Istio, write a Gateway of class istio and plain HTTPRoutes to the mesh Services (keep IstioStrictMtls and IstioAuthorization for the upstreams); see docs/gateway-api.md',
    };
  }
  if (value instanceof LinkerdMtls) {
    return {
      // Linkerd has no ingress of its own: the ingress's pods are meshed and the Linkerd proxy
      // beside them originates mTLS (linkerd.io, "Handling ingress traffic").
      problem: 'is Linkerd\'s mTLS, which a Gateway API gateway gets by joining the mesh: its pods carry linkerd.io/inject and the Linkerd proxy beside them originates mTLS; '
        + 'a BackendTLSPolicy would make the gateway speak TLS inside that connection, which Linkerd can then only forward as opaque bytes',
      fix: 'mesh the gateway\'s pods (linkerd.io/inject: enabled through the implementation\'s pod settings) and write plain HTTPRoutes; see docs/gateway-api.md',
    };
  }
  if (value instanceof ConsulConnector || value instanceof ConsulCaTrust) {
    return {
      // Consul's API gateway (built into Consul 1.16 and later) implements the Gateway API and
      // routes to services in the mesh, allowed by service intentions (developer.hashicorp.com,
      // "API gateways on Kubernetes overview").
      problem: 'is the Ambassador Consul Connector\'s copy of Consul\'s Connect certificates, which only Ambassador reads: on the Gateway API, Consul\'s own API gateway joins the mesh '
        + 'and reaches the upstreams with Connect certificates it rotates itself, allowed by ServiceIntentions from the gateway',
      fix: 'on Consul, write a Gateway of Consul\'s API gateway class, plain HTTPRoutes, and ServiceIntentions from the gateway to each upstream; see docs/gateway-api.md',
    };
  }
  return undefined;
}
