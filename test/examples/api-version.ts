import { App, Chart } from 'cdk8s';
import { AmbassadorApiVersion, Mapping, TlsContext } from '../../src';

const app = new App();
export const chart = new Chart(app, 'legacy');
// Every Ambassador resource in this chart is emitted as getambassador.io/v2 ...
AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);

const mesh = new TlsContext(chart, 'Mesh', {
  name: 'istio-upstream',
  certChainFile: '/etc/istiocerts/cert-chain.pem',
  privateKeyFile: '/etc/istiocerts/key.pem',
  caChainFile: '/etc/istiocerts/root-cert.pem',
});
new Mapping(chart, 'ProductPage', {
  name: 'productpage',
  prefix: '/productpage/',
  rewrite: '/productpage',
  service: 'https://productpage:9080',
  tls: mesh,
});
// ... except where a construct says otherwise.
new Mapping(chart, 'Reviews', {
  name: 'reviews',
  prefix: '/reviews/',
  service: 'https://reviews:9080',
  tls: mesh,
  apiVersion: AmbassadorApiVersion.V3ALPHA1,
});
app.synth();
