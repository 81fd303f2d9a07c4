import { App } from 'cdk8s';
import { GitOpsApp } from '../src';
import { CertManagerChart } from './charts/cert-manager';
import { ConsulChart } from './charts/consul';
import { ConsulV3Chart } from './charts/consul-v3';
import { ExampleChart } from './charts/example';
import { GatewayApiChart } from './charts/gateway-api';
import { IstioChart } from './charts/istio';
import { IstioLegacyChart } from './charts/istio-legacy';
import { LinkerdChart } from './charts/linkerd';
import { RouteTableChart } from './charts/route-table';

/** Builds every chart of the app; `cdk8s synth` writes one folder per chart under dist/. */
export function buildApp(app: App): App {
  new ExampleChart(app, 'example');
  new IstioLegacyChart(app, 'istio-legacy');
  new IstioChart(app, 'istio');
  new ConsulChart(app, 'consul');
  new ConsulV3Chart(app, 'consul-v3');
  new LinkerdChart(app, 'linkerd');
  new CertManagerChart(app, 'cert-manager');
  new RouteTableChart(app, 'route-table');
  new GatewayApiChart(app, 'gateway-api');
  return app;
}

if (require.main === module) {
  // dist/ is committed to this repository: each chart gets the Argo CD and Flux objects that
  // deploy it from there (dist/<chart>/delivery/).
  buildApp(new GitOpsApp({
    delivery: { repoUrl: 'https://github.com/cdk8s-ambassador-mtls/cdk8s-ambassador-mtls.git', path: 'dist', targetRevision: 'main' },
  })).synth();
}
