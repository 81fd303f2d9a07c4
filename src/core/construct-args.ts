import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { at, ErrorScope, formatValue, propError } from './errors';
import { checkOptions, isDnsLabel } from './validators';

/**
 * Checks what a construct of ours is given before it joins the tree (before `super()`), so an
 * untyped caller gets our error, not a TypeError from constructs or cdk8s, and a rejected
 * construct leaves nothing behind: `scope` is a construct inside a Chart, `id` a new, non-empty
 * string, and `props` an object with known keys only. Returns where errors should point.
 */
export function checkConstructArgs<P>(
  kind: string, scope: unknown, id: unknown, props: P | undefined, knownProps: readonly string[],
): { where: ErrorScope; props: P } {
  if (!Construct.isConstruct(scope)) {
    throw new Error(`${kind}: scope ${formatValue(scope)} is not a construct. Fix: pass the chart, or a construct inside it, as the first argument`);
  }
  const parent = (scope as IConstruct).node.path;
  const shown = (name: string) => (parent ? `${parent}/${name}` : name);
  if (typeof id !== 'string' || id === '') {
    throw new Error(`${shown('?')}: id ${formatValue(id)} is not a construct id. Fix: pass a non-empty string, unique within ${parent || 'the app'}, as the second argument`);
  }
  // constructs writes "/" in an id as "--" in the path.
  const path = shown(id.replace(/\//g, '--'));
  if ((scope as IConstruct).node.tryFindChild(id) !== undefined) {
    throw new Error(`${path}: id "${id}" is already used in ${parent || 'the app'}. Fix: give each construct its own id`);
  }
  if (![...(scope as IConstruct).node.scopes].some(Chart.isChart)) {
    throw new Error(`${path}: ${kind} is not inside a cdk8s Chart. Fix: create it in a chart, for example new ${kind}(new Chart(app, 'edge'), '${id}', ...)`);
  }
  const where = at(path);
  // Our objects inherit the chart's namespace: a chart namespace Kubernetes forbids is ours to report.
  const chartNamespace = Chart.of(scope as IConstruct).namespace;
  if (chartNamespace !== undefined && !isDnsLabel(chartNamespace)) {
    throw propError(where, 'namespace', chartNamespace, `(the namespace of chart ${Chart.of(scope as IConstruct).node.path}, which its objects inherit) is not a valid namespace name (RFC 1123 label)`,
      'give the chart a namespace of at most 63 lowercase letters, digits and "-"');
  }
  return { where, props: checkOptions(where, 'props', props, knownProps) };
}

/**
 * The keys of a props interface, listed once and checked by the compiler to be all of them:
 * `propKeys<MappingProps>()('name', 'prefix', ...)` fails to compile when a prop is missing.
 */
export function propKeys<T>() {
  type AllOf<K extends ReadonlyArray<keyof T & string>> = [Exclude<keyof T, K[number]>] extends [never] ? unknown : never;
  return <K extends ReadonlyArray<keyof T & string>>(...keys: K & AllOf<K>): readonly string[] => keys;
}
