import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

type Json = Record<string, any>;

/** An app resolved once: every chart's manifests, and every construct (for later passes, without another walk). */
export interface ResolvedApp {
  /** The manifests of every chart, charts and objects in cdk8s's order. */
  readonly charts: Map<Chart, Json[]>;
  /** Every construct of the app, in `findAll()` order. */
  readonly constructs: IConstruct[];
}

/**
 * The manifests of every chart of `app`, in cdk8s's order, resolved once. `App.synth()` and
 * `synthYaml()` validate and resolve the whole app again for every chart (`Chart.toJson()` does),
 * which costs a multiple of the app's size; this does what they do once: runs every construct's
 * validations, turns construct dependencies into chart and object dependencies, and renders each
 * object a single time.
 */
export function resolveApp(app: App): ResolvedApp {
  const constructs = app.node.findAll();
  const errors: string[] = [];
  let dependent = false;
  for (const c of constructs) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
    dependent ||= c.node.dependencies.length > 0 || (Chart.isChart(c) && c.node.scopes.slice(0, -1).some(Chart.isChart));
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const ordered = dependent ? orderedByGraph(app, constructs) : orderedWithoutDependencies(app, constructs);
  return { charts: new Map([...ordered].map(([chart, objects]) => [chart, objects.map((o) => o.toJson())])), constructs };
}

/** cdk8s's order where something depends on something: the app's dependency graph, then each chart's. */
function orderedByGraph(app: App, constructs: IConstruct[]): Map<Chart, ApiObject[]> {
  addDependencies(constructs);
  const charts = new DependencyGraph(app.node).topology().filter(Chart.isChart);
  return new Map(charts.map((chart) => [chart, objectsOf(chart)]));
}

/**
 * The same order, where no construct depends on another and no chart is nested in another (the
 * common case), without building the graphs. A `DependencyGraph` without edges lists its
 * vertices as it stored them, in an object keyed by construct path: in `findAll()` order, except
 * that keys which are array indices come first, in numeric order, as in any JavaScript object
 * (ECMAScript's OrdinaryOwnPropertyKeys). Only a construct directly under the app has a path
 * without "/", so only a top-level chart with an id such as "1" moves; objects keep their order.
 * Building the graphs walked the tree five more times (a third of resolving), and keying every
 * construct by its path cost ~0.2 s at 50,000 routes.
 */
function orderedWithoutDependencies(app: App, constructs: IConstruct[]): Map<Chart, ApiObject[]> {
  const ordered = new Map<Chart, ApiObject[]>();
  const leading = app.node.children.filter((c): c is Chart => Chart.isChart(c) && isArrayIndex(c.node.id));
  for (const chart of leading.sort((a, b) => Number(a.node.id) - Number(b.node.id))) ordered.set(chart, []);
  for (const c of constructs) if (Chart.isChart(c) && !ordered.has(c)) ordered.set(c, []);
  for (const c of constructs) if (ApiObject.isApiObject(c)) ordered.get(Chart.of(c))!.push(c);
  return ordered;
}

/** True when `key` is an array index (a canonical integer from 0 to 2^32 - 2), which objects list first. */
function isArrayIndex(key: string): boolean {
  const index = Number(key);
  return Number.isInteger(index) && index >= 0 && index <= 2 ** 32 - 2 && String(index) === key;
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
