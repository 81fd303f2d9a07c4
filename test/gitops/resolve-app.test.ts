import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { resolveApp } from '../../src/gitops/resolve-app';

/** The documents' names, in the order cdk8s itself writes them (its own dependency graphs). */
const cdk8sOrder = (app: App) => parseAllDocuments(app.synthYaml()).map((d) => d.toJS()).filter((d) => d).map((d) => d.metadata.name);
const ourOrder = (app: App) => [...resolveApp(app).charts.values()].flat().map((d) => d.metadata.name);

const object = (scope: Construct, name: string) => new ApiObject(scope, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

/** Charts with ids in no particular order, integer-like ones among them, objects nested in plain constructs. */
function charts(app: App): Record<string, Chart> {
  const made: Record<string, Chart> = {};
  for (const id of ['b', '20', 'a', '1', 'c-d', '01', '4294967295', '4294967294', '0']) {
    const chart = new Chart(app, id);
    for (const name of ['z', 'y']) object(chart, `${id}-${name}`);
    const group = new Construct(chart, 'group');
    for (const name of ['x', 'w']) object(group, `${id}-${name}`);
    object(chart, `${id}-v`);
    made[id] = chart;
  }
  return made;
}

// resolveApp skips cdk8s's dependency graphs when nothing depends on anything: it must still
// order charts and objects exactly as cdk8s does, or the output would change.
describe('resolveApp', () => {
  test('without dependencies: cdk8s\'s order, integer-like chart ids first', () => {
    const order = cdk8sOrder(((a) => (charts(a), a))(new App()));
    // Array indices first, ascending; "01" and 2^32 - 1 are not indices and keep their place.
    expect(order.filter((name) => name.endsWith('-z'))).toEqual(['0-z', '1-z', '20-z', '4294967294-z', 'b-z', 'a-z', 'c-d-z', '01-z', '4294967295-z']);
    expect(ourOrder(((a) => (charts(a), a))(new App()))).toEqual(order);
  });

  test('with dependencies between objects and charts, and a nested chart: cdk8s\'s order', () => {
    const build = (app: App) => {
      const made = charts(app);
      const [x, z] = ['x', 'z'].map((n) => made.b.node.findAll().find((c) => ApiObject.isApiObject(c) && c.name === `b-${n}`)!);
      z.node.addDependency(x);
      made.a.node.addDependency(made['20']);
      object(new Chart(made['c-d'], 'inner'), 'inner-u');
      return app;
    };
    expect(ourOrder(build(new App()))).toEqual(cdk8sOrder(build(new App())));
    const nested = (app: App) => (object(new Chart(new Chart(app, 'outer'), 'inner'), 'u'), object(app.node.findChild('outer') as Chart, 't'), app);
    expect(ourOrder(nested(new App()))).toEqual(cdk8sOrder(nested(new App())));
  });
});
