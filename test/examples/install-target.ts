import { App, Chart } from 'cdk8s';
import { AmbassadorInstall, ConsulAddress, ConsulConnector, ConsulResolver, IstioAuthorization, IstioMtls } from '../../src';

const app = new App();
export const chart = new Chart(app, 'edge', { namespace: 'emissary' });
// Emissary-ingress 3.9.1 from its static YAML (emissary-emissaryns.yaml): Deployment
// emissary-ingress, container ambassador, ServiceAccount emissary-ingress, no HOST_IP.
AmbassadorInstall.use(chart, AmbassadorInstall.staticYaml({ version: '3.9.1', namespace: 'emissary' }));

// The Component patches container "ambassador" of Deployment emissary-ingress in emissary ...
export const istio = new IstioMtls(chart, 'Istio');
istio.addKustomizeComponent();
// ... and the AuthorizationPolicy allows cluster.local/ns/emissary/sa/emissary-ingress into reviews' pods.
new IstioAuthorization(chart, 'Authorization', { istio, workloads: { 'reviews.bookinfo': { selector: { app: 'reviews' }, targetPorts: { 9080: 9080 } } } });
istio.addMapping('Reviews', { prefix: '/reviews/', service: 'reviews.bookinfo:9080' });

// Consul's client agents: the resolver reads ${HOST_IP}, which 3.9.1 does not set, so the
// connector's hostIp wiring adds it to Ambassador's pod (synth fails while nothing applies it).
export const consul = new ConsulConnector(chart, 'Consul', { image: 'docker.io/datawire/aes:3.9.1', consul: ConsulAddress.nodeAgent() });
consul.hostIp!.addKustomizeComponent(); // kustomize/consul-host-ip
consul.addMapping('Qotm', { prefix: '/qotm/', service: ConsulResolver.sidecarService('qotm'), resolver: consul.addResolver('Resolver') });
app.synth();
