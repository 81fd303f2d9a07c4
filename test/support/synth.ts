/** Test helpers: synthesize with schema validation, and find objects by kind and name. */
import { Chart, Testing } from 'cdk8s';
import { expectValidDocuments } from './schema';

type Json = Record<string, any>;

/** Synthesizes `chart` and validates every document against its schema before returning them. */
export function synthValid(chart: Chart): Json[] {
  const docs = Testing.synth(chart);
  expectValidDocuments(docs);
  return docs;
}

/** The one document of `kind` named `name` (in `namespace`, if given); fails when there is none or more than one. */
export function findObject(docs: Json[], kind: string, name: string, namespace?: string): Json {
  const found = docs.filter((d) => d.kind === kind && d.metadata?.name === name && (namespace === undefined || d.metadata?.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} named "${name}"${namespace ? ` in ${namespace}` : ''}, found ${found.length} among: ${docs.map((d) => `${d.kind}/${d.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

/** A fresh chart in a fresh app, like `Testing.chart()` but with a namespace option. */
export function testChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}
