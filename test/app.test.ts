import { Chart, Testing } from 'cdk8s';
import { buildApp } from '../src/main';
import { findObject, synthValid } from './support/synth';

describe('the app (what `cdk8s synth` writes to dist/)', () => {
  const app = buildApp(Testing.app());
  const charts = app.node.children.filter(Chart.isChart);

  test('has the example charts', () => {
    expect(charts.map((c) => c.node.id).sort()).toEqual(['example']);
  });

  test.each(charts.map((c) => [c.node.id, c]))('chart %s: every document is schema-valid and matches the snapshot', (_, chart) => {
    expect(synthValid(chart as Chart)).toMatchSnapshot();
  });

  test('example: both Mappings originate mTLS with the one TLSContext', () => {
    const docs = synthValid(charts.find((c) => c.node.id === 'example')!);
    expect(findObject(docs, 'TLSContext', 'upstream-client-cert').spec).toEqual({ secret: 'upstream-client-cert', min_tls_version: 'v1.2' });
    expect(findObject(docs, 'Mapping', 'orders').spec).toMatchObject({ service: 'https://orders.shop:8443', tls: 'upstream-client-cert' });
    expect(findObject(docs, 'Mapping', 'catalog').spec).toMatchObject({ service: 'catalog.shop:8443', tls: 'upstream-client-cert' });
  });
});
