import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { connectorDocuments, consulIntentionsDocument, consulMappingDocument, consulResolverDocument, consulTlsContextDocument, istioMappingDocument, istioTlsContextDocument, PlainDocument } from './plain-documents';
import { consulRoutes, istioRoutes, NAMESPACE } from './routes';

/**
 * The same documents written with plain cdk8s: an `ApiObject` per document, with the spec a user
 * would type by hand (names and references as strings, nothing checked). Plain `ApiObject`s, not
 * the classes `cdk8s import` generates: those filter every spec through a generated converter,
 * which made this baseline 1.08 to 1.32 times slower than what plain cdk8s costs.
 */
export function synthL1(n: number): string {
  return synthYamlOf(buildL1(new App(), n));
}

/**
 * What `app.synthYaml()` returns, made as it makes it (each chart's `toJson()`, which validates
 * the app and resolves the chart), but serialised one document at a time: `synthYaml()` passes
 * every document as an argument to `Yaml.stringify(...docs)`, which overflows the call stack past
 * about 100,000 documents (plain cdk8s cannot write the 150,007 objects of 100,000 routes). It also
 * validates the app once more than this does, so this baseline is, if anything, faster.
 */
export function synthYamlOf(app: App): string {
  return app.charts.flatMap((chart) => chart.toJson()).map((doc) => Yaml.stringify(doc)).join('---\n');
}

/** Adds the benchmark's two charts of `n` routes to `app`, as plain ApiObjects. */
export function buildL1<T extends App>(app: T, n: number): T {
  const istioChart = new Chart(app, 'istio', { namespace: NAMESPACE });
  object(istioChart, istioTlsContextDocument());
  for (const route of istioRoutes(n)) object(istioChart, istioMappingDocument(route));

  const consulChart = new Chart(app, 'consul', { namespace: NAMESPACE });
  for (const doc of connectorDocuments()) object(consulChart, doc);
  object(consulChart, consulTlsContextDocument());
  object(consulChart, consulResolverDocument());
  for (const route of consulRoutes(n)) {
    object(consulChart, consulMappingDocument(route));
    object(consulChart, consulIntentionsDocument(route));
  }
  return app;
}

function object(chart: Chart, doc: PlainDocument): ApiObject {
  return new ApiObject(chart, `${doc.kind}-${doc.metadata.name}`, doc);
}
