import { App, YamlOutputType } from 'cdk8s';
import { ExampleChart } from './charts/example';

/** Builds every chart of the app; `cdk8s synth` writes one folder per chart under dist/. */
export function buildApp(app: App): App {
  new ExampleChart(app, 'example');
  return app;
}

if (require.main === module) {
  buildApp(new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE })).synth();
}
