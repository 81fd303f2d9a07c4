import { ApiObject, App, Chart } from 'cdk8s';
import { connectorDocuments, consulIntentionsDocument, consulMappingDocument, consulResolverDocument, consulTlsContextDocument, istioMappingDocument, istioTlsContextDocument, PlainDocument } from './plain-documents';
import { consulRoutes, istioRoutes, NAMESPACE } from './routes';

/**
 * The same documents written with plain cdk8s: an `ApiObject` per document, with the spec a user
 * would type by hand (names and references as strings, nothing checked). Plain `ApiObject`s, not
 * the classes `cdk8s import` generates: those filter every spec through a generated converter,
 * which made this baseline 1.08 to 1.32 times slower than what plain cdk8s costs.
 */
export function synthL1(n: number): string {
  return buildL1(new App(), n).synthYaml();
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
