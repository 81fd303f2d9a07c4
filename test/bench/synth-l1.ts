import { ApiObject, App, Chart } from 'cdk8s';
import { connectorDocuments } from './plain-documents';
import { CONSUL_DATACENTER, CONSUL_HOST, consulRoutes, istioRoutes, NAMESPACE } from './routes';
import * as consul from '../../imports/consul.hashicorp.com-v1alpha1';
import * as ambassador from '../../imports/getambassador.io-v3alpha1';

/**
 * The same documents written with plain cdk8s and the imported classes, as a user would without
 * this library: names and references typed by hand, nothing checked.
 */
export function synthL1(n: number): string {
  const app = new App();

  const istioChart = new Chart(app, 'istio', { namespace: NAMESPACE });
  new ambassador.TlsContext(istioChart, 'IstioTlsContext', {
    metadata: { name: 'istio-upstream' },
    spec: { secret: 'istio-certs', alpnProtocols: 'istio', cacertChainFile: '/etc/istio-certs/root-cert.pem' },
  });
  for (const route of istioRoutes(n)) {
    new ambassador.Mapping(istioChart, route.name, {
      metadata: { name: route.name },
      spec: { prefix: route.prefix, service: `https://${route.service}`, tls: 'istio-upstream', hostname: '*' },
    });
  }

  const consulChart = new Chart(app, 'consul', { namespace: NAMESPACE });
  for (const doc of connectorDocuments()) {
    const { apiVersion, kind, metadata, ...rest } = doc;
    new ApiObject(consulChart, `${kind}-${metadata.name}`, { apiVersion, kind, metadata, ...rest });
  }
  new ambassador.TlsContext(consulChart, 'ConsulTlsContext', {
    metadata: { name: 'ambassador-consul' },
    spec: { caSecret: 'ambassador-consul-connect', hosts: [], secret: 'ambassador-consul-connect' },
  });
  new ambassador.ConsulResolver(consulChart, 'ConsulResolver', {
    metadata: { name: `consul-${CONSUL_DATACENTER}` },
    spec: { address: `${CONSUL_HOST}:8500`, datacenter: CONSUL_DATACENTER },
  });
  for (const route of consulRoutes(n)) {
    new ambassador.Mapping(consulChart, route.name, {
      metadata: { name: route.name },
      spec: {
        prefix: route.prefix,
        service: `${route.consulService}-sidecar-proxy`,
        resolver: `consul-${CONSUL_DATACENTER}`,
        loadBalancer: { policy: ambassador.MappingSpecLoadBalancerPolicy.ROUND_UNDERSCORE_ROBIN },
        tls: 'ambassador-consul',
        hostname: '*',
      },
    });
    new consul.ServiceIntentions(consulChart, `intentions-${route.consulService}`, {
      metadata: { name: route.consulService },
      spec: { destination: { name: route.consulService }, sources: [{ name: 'ambassador', action: 'allow' }] },
    });
  }

  return app.synthYaml();
}
