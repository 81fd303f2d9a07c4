import { App, Chart } from 'cdk8s';
import { ConsulRoute, CONNECTOR_IMAGE, CONSUL_DATACENTER, consulRoutes, istioRoutes, NAMESPACE } from './routes';
import { ConsulAddress, ConsulConnector, ConsulResolver, IstioCertificates, IstioMtls } from '../../src';

/** Synthesizes the benchmark routes through this library's public constructs. */
export function synthL2(n: number): string {
  return buildL2(new App(), n).synthYaml();
}

/** Adds the benchmark's two charts of `n` routes to `app` (a plain App, or a GitOpsApp). */
export function buildL2<T extends App>(app: T, n: number): T {
  const istioChart = new Chart(app, 'istio', { namespace: NAMESPACE });
  const istio = new IstioMtls(istioChart, 'Istio', { certificates: IstioCertificates.sidecar(), externallyWired: true });
  for (const route of istioRoutes(n)) {
    istio.addMapping(route.name, { name: route.name, prefix: route.prefix, service: route.service });
  }

  const consulChart = new Chart(app, 'consul', { namespace: NAMESPACE });
  const consul = new ConsulConnector(consulChart, 'Connector', { image: CONNECTOR_IMAGE, consul: ConsulAddress.serverService() });
  const resolver = consul.addResolver('Resolver', { datacenter: CONSUL_DATACENTER });
  for (const route of consulRoutes(n)) addConsulRoute(consul, resolver, route);
  return app;
}

function addConsulRoute(consul: ConsulConnector, resolver: ConsulResolver, route: ConsulRoute): void {
  consul.addMapping(route.name, {
    name: route.name,
    prefix: route.prefix,
    service: ConsulResolver.sidecarService(route.consulService),
    resolver,
  });
}
