import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

type Json = Record<string, any>;

/**
 * The manifests of every chart of `app`, in cdk8s's order, resolved once. `App.synth()` and
 * `synthYaml()` validate and resolve the whole app again for every chart (`Chart.toJson()` does),
 * which costs a multiple of the app's size; this does what they do once: runs every construct's
 * validations, turns construct dependencies into chart and object dependencies, and renders each
 * object a single time.
 */
export function resolveApp(app: App): Map<Chart, Json[]> {
  const all = app.node.findAll();
  const errors = all.flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  addDependencies(all);
  const charts = new DependencyGraph(app.node).topology().filter(Chart.isChart);
  return new Map(charts.map((chart) => [chart, objectsOf(chart).map((o) => o.toJson())]));
}

/** The ApiObjects of `chart` (not of charts nested in it), dependencies first. */
function objectsOf(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/**
 * As cdk8s does before it synthesizes: a chart depends on the charts nested in it and on those
 * its constructs depend on, and the objects of a construct depend on the objects of what it
 * depends on, so both come out in order.
 */
function addDependencies(all: IConstruct[]): void {
  for (const parent of all.filter(Chart.isChart)) {
    for (const child of parent.node.children.filter(Chart.isChart)) parent.node.addDependency(child);
  }
  const dependencies = all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
    const targets = target.node.findAll().filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === targetChart);
    const sources = source.node.findAll().filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === sourceChart);
    for (const t of targets) {
      for (const s of sources) if (t !== s) s.node.addDependency(t);
    }
  }
}
