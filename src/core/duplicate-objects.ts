import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isClusterScoped } from './cluster-scoped';

const GUARDED = Symbol.for('cdk8s-ambassador-mtls.duplicate-objects');

/**
 * Makes synth fail, with any cdk8s App, when two objects of one top-level chart (nested charts
 * included) have the same kind, namespace and name (the cluster would keep only one), or two
 * cluster-scoped objects of the app the same kind and name. The check runs once per app, at
 * synth, in one walk over the tree, over every object (ours, cdk8s-plus's or hand-written), and
 * names both constructs.
 */
export function guardAgainstDuplicates(scope: IConstruct): void {
  const root = scope.node.root;
  if (GUARDED in root) return;
  Object.defineProperty(root, GUARDED, { value: true });
  root.node.addValidation({ validate: () => duplicates(root) });
}

/** One message per pair of objects with the same identity: per top-level chart, or app-wide for cluster-scoped kinds. */
function duplicates(root: IConstruct): string[] {
  const seen = new Map<string, ApiObject>();
  const errors: string[] = [];
  const visit = (c: IConstruct, chart: string) => {
    if (ApiObject.isApiObject(c)) {
      const clusterScoped = isClusterScoped(c.kind);
      const namespace = clusterScoped ? undefined : c.metadata.namespace;
      const apiVersion = c.apiVersion;
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const key = `${clusterScoped ? '' : chart}\0${group}/${c.kind}/${namespace ?? ''}/${c.name}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, c);
      } else {
        const where = namespace === undefined ? '' : ` in namespace "${namespace}"`;
        errors.push(`${c.kind} "${c.name}"${where} is defined twice, by ${first.node.path} and ${c.node.path}: the cluster would keep only one. `
          + (c.kind === 'Module' && group === 'getambassador.io'
            ? 'Fix: merge their config into one Module (AmbassadorModule.of(chart) returns the chart\'s): Emissary reads only the Module named ambassador'
            : 'Fix: give one of them another name (or namespace), or create it once and share the object'));
      }
    }
    for (const child of c.node.children) visit(child, chart === '' && Chart.isChart(child) ? child.node.path : chart);
  };
  visit(root, Chart.isChart(root) ? root.node.path : '');
  return errors;
}
