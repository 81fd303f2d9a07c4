/**
 * A consumer's cdk8s app, built by .ci/consumer-test.sh outside the repository against the
 * packed library, with cdk8s-plus-33 (the current `cdk8s init` default) and plain ApiObjects.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  AmbassadorHelmChart, CertManagerIssuer, CertManagerMtls, ConsulAddress, ConsulConnector, ConsulResolver, IstioAuthorization, IstioCertificates, IstioMtls,
  LinkerdHeaders, LinkerdMtls, Mapping, TlsContext,
} from 'cdk8s-ambassador-mtls';

const app = new App();

// Istio: Ambassador and the upstream Service made with cdk8s-plus-33.
const istio = new Chart(app, 'istio', { namespace: 'emissary' });
const ambassador = new kplus.Deployment(istio, 'Ambassador', {
  metadata: { name: 'emissary-ingress' },
  containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', portNumber: 8080, securityContext: { user: 8888, group: 8888 } }],
});
const mesh = new IstioMtls(istio, 'Mesh', { ambassadorDeployment: ambassador });
mesh.addHelmValues({ chart: AmbassadorHelmChart.EDGE_STACK });
// The Service selects its pods: the AuthorizationPolicy is scoped to them (issue 19), not to all of bookinfo.
const reviews = new kplus.Service(istio, 'Reviews', {
  metadata: { name: 'reviews', namespace: 'bookinfo' }, ports: [{ port: 9080 }], selector: kplus.Pods.select(istio, 'ReviewsPods', { labels: { app: 'reviews' } }),
});
mesh.addMapping('Reviews', { name: 'reviews', prefix: '/reviews/', service: reviews });
// Only Ambassador's identity (the Deployment's service account) into the reviews pods, on their port.
new IstioAuthorization(istio, 'Authorization', { istio: mesh });
// A TLSContext installed by Helm: the plugin needs no property for it.
new Mapping(istio, 'Ratings', {
  name: 'ratings', prefix: '/ratings/', service: 'https://ratings.bookinfo:9080', tls: TlsContext.fromName(istio, 'Installed', 'installed-by-helm'),
});

// Istio before 1.5 with a plain ApiObject Deployment (no cdk8s-plus involved).
const legacy = new Chart(app, 'istio-legacy', { namespace: 'ambassador' });
const plainDeployment = new ApiObject(legacy, 'Ambassador', {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'ambassador' },
  spec: {
    selector: { matchLabels: { app: 'ambassador' } },
    template: { metadata: { labels: { app: 'ambassador' } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4' }] } },
  },
});
new IstioMtls(legacy, 'Mesh', { certificates: IstioCertificates.mountedSecret(), ambassadorDeployment: plainDeployment, tlsContextName: 'istio-legacy-upstream' })
  .addMapping('ProductPage', { name: 'productpage', prefix: '/productpage/', service: 'https://productpage.bookinfo:9080' });

// Consul Connect.
const consul = new Chart(app, 'consul', { namespace: 'ambassador' });
const connector = new ConsulConnector(consul, 'Connector', { image: 'docker.io/datawire/aes:3.10.0', consul: ConsulAddress.serverService() });
connector.addMapping('Qotm', {
  name: 'qotm', prefix: '/qotm/', service: ConsulResolver.sidecarService('qotm'), resolver: connector.addResolver('Resolver', { datacenter: 'dc1' }),
});

// Linkerd, wiring a cdk8s-plus-33 Deployment, with the header in the ambassador Module: of its
// own Ambassador (id linkerd), or every Mapping above would send l5d-dst-override as well.
const linkerd = new Chart(app, 'linkerd', { namespace: 'linkerd-edge' });
const meshed = new kplus.Deployment(linkerd, 'Ambassador', {
  metadata: { name: 'emissary-ingress' },
  containers: [{
    name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', portNumber: 8080, securityContext: { user: 8888, group: 8888 },
    envVariables: { AMBASSADOR_ID: kplus.EnvValue.fromValue('linkerd') },
  }],
});
new LinkerdMtls(linkerd, 'Linkerd', { ambassadorDeployment: meshed, headers: LinkerdHeaders.MODULE, ambassadorId: 'linkerd' })
  .addMapping('Books', { name: 'books', prefix: '/books/', service: 'books.booksapp:7000' });

// cert-manager, without a mesh: the upstream a cdk8s-plus-33 Service, the CA mounted into the
// Ambassador of the istio chart (the one Ambassador that reads these TLSContexts too).
const certs = new Chart(app, 'cert-manager', { namespace: 'emissary' });
const inventory = new kplus.Service(certs, 'Inventory', { metadata: { name: 'inventory', namespace: 'warehouse' }, ports: [{ port: 8443 }] });
const client = new CertManagerMtls(certs, 'Client', {
  issuer: CertManagerIssuer.clusterIssuer('internal-ca'), tlsContextName: 'consumer-cert-manager', ambassadorDeployment: ambassador,
});
client.addServerCertificate('InventoryCertificate', { service: inventory });
client.addMapping('Inventory', { name: 'inventory', prefix: '/inventory/', service: inventory });

// With BREAK=1, a hand-written Mapping naming a TLSContext that exists nowhere: the plugin must fail synth.
if (process.env.BREAK === '1') {
  new ApiObject(consul, 'Broken', {
    apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'broken' },
    spec: { prefix: '/broken/', service: 'https://broken.apps:8443', hostname: '*', tls: 'typo-context' },
  });
}

app.synth();
