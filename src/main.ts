import { App } from 'cdk8s';
import { ExampleChart } from './charts/example';
import { IstioChart } from './charts/istio';
import { IstioLegacyChart } from './charts/istio-legacy';
import { GitOpsApp } from './gitops-app';

/** Builds every chart of the app; `cdk8s synth` writes one folder per chart under dist/. */
export function buildApp(app: App): App {
  new ExampleChart(app, 'example');
  new IstioLegacyChart(app, 'istio-legacy');
  new IstioChart(app, 'istio');
  return app;
}

if (require.main === module) {
  buildApp(new GitOpsApp()).synth();
}
