import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { effectiveAmbassadorIds } from './ambassador-id';
import { similarNames } from '../core/similar-names';

/** What the app-wide checks read of a TLSContext, resolver or Mapping of this library. */
interface AmbassadorObject extends ApiObject {
  readonly ambassadorIds?: readonly string[];
  readonly prefix?: string;
  readonly host?: string;
  readonly tls?: { readonly name: string };
  readonly resolver?: { readonly name: string };
  readonly loadBalancer?: object;
}

const RESOLVER_KINDS = ['ConsulResolver', 'KubernetesEndpointResolver', 'KubernetesServiceResolver'];

/**
 * Makes synth fail when objects of the app that Emissary keeps apart only by name collide
 * (once per app, over every chart):
 *
 * - TLSContext and resolver names are global in Emissary, whatever the namespace: a second
 *   TLSContext of one name is renamed `name.namespace` and every Mapping's `tls: name` binds to
 *   the first (config.py safe_store; ir.py keys `tls_contexts` and `resolvers` by name).
 * - Mappings with the same host and prefix form one route group: a different `load_balancer`
 *   makes Emissary drop the later Mapping ("mismatched load_balancer"), and a different resolver
 *   or `tls` silently splits the traffic between them (irhttpmappinggroup.py).
 *
 * Each collision counts only for an Ambassador id that reads both objects.
 */
export function registerAmbassadorChecks(scope: IConstruct): void {
  const root = scope.node.root;
  // The objects are registered as they are made: walking a tree of thousands of routes at every
  // validation costs more than the checks themselves.
  let registered = REGISTRY.get(root);
  if (!registered) {
    registered = [];
    REGISTRY.set(root, registered);
    const objects = registered;
    root.node.addValidation({ validate: () => ambassadorCollisions(objects.filter(inTree)) });
  }
  registered.push(scope);
}

const REGISTRY = new WeakMap<IConstruct, IConstruct[]>();

/** False for a construct removed from its parent since (`tryRemoveChild`). */
function inTree(c: IConstruct): boolean {
  for (let child = c, parent = c.node.scope; parent; child = parent, parent = parent.node.scope) {
    if (parent.node.tryFindChild(child.node.id) !== child) return false;
  }
  return true;
}

function ambassadorCollisions(constructs: IConstruct[]): string[] {
  const objects = constructs.filter((c): c is AmbassadorObject => ApiObject.isApiObject(c) && c.apiGroup === 'getambassador.io');
  const errors: string[] = [];
  // A TlsContext.fromName() reference one or two edits from a TlsContext of the app: a typo of it, most likely.
  const contexts = objects.filter((o) => o.kind === 'TLSContext');
  for (const reference of constructs.filter((c) => !ApiObject.isApiObject(c) && typeof (c as { name?: unknown }).name === 'string')) {
    const name = (reference as unknown as { name: string }).name;
    if (contexts.some((c) => c.name === name)) continue;
    const close = similarNames(name, contexts.map((c) => c.name));
    if (close.length > 0) {
      const context = contexts.find((c) => c.name === close[0])!;
      errors.push(`${reference.node.path}: TlsContext.fromName() names "${name}", which this app does not define, but TlsContext ${context.node.path} is named "${close[0]}" (did you mean it?). `
        + 'Fix: pass that TlsContext object to the Mapping; if a different context of that name really is installed elsewhere, say so with TlsContext.fromName(this, id, name, { allowSimilarName: true })');
    }
  }
  const sameName = (kinds: string[], what: string) => {
    const seen = new Map<string, AmbassadorObject>();
    for (const obj of objects.filter((o) => kinds.includes(o.kind))) {
      for (const id of effectiveAmbassadorIds(obj.ambassadorIds)) {
        const first = seen.get(`${id}/${obj.name}`);
        if (first === undefined) {
          seen.set(`${id}/${obj.name}`, obj);
        } else if (first.metadata.namespace !== obj.metadata.namespace) {
          errors.push(`${what} "${obj.name}" is defined by ${first.node.path} (namespace ${first.metadata.namespace ?? 'unset'}) and ${obj.node.path} (namespace ${obj.metadata.namespace ?? 'unset'}) `
            + `for Ambassador "${id}": Emissary keeps one ${what} per name whatever the namespace, and every reference to "${obj.name}" binds to one of them. `
            + (what === 'Module' ? 'Fix: keep one Module per Ambassador (Emissary reads only the one named ambassador): merge their config, for example through AmbassadorModule.of(chart)'
              : 'Fix: give each its own name (for example with the namespace in it)'));
          break;
        }
      }
    }
  };
  sameName(['TLSContext'], 'TLSContext');
  sameName(RESOLVER_KINDS, 'resolver');
  sameName(['Module'], 'Module');

  const routes = new Map<string, AmbassadorObject>();
  for (const mapping of objects.filter((o) => o.kind === 'Mapping' && o.prefix !== undefined)) {
    for (const id of effectiveAmbassadorIds(mapping.ambassadorIds)) {
      const key = `${id} ${mapping.host ?? '*'} ${mapping.prefix}`;
      const first = routes.get(key);
      if (first === undefined) {
        routes.set(key, mapping);
        continue;
      }
      const differ = [
        ['load_balancer', JSON.stringify(first.loadBalancer ?? null), JSON.stringify(mapping.loadBalancer ?? null), 'Emissary drops the later Mapping'],
        ['resolver', first.resolver?.name ?? '(default)', mapping.resolver?.name ?? '(default)', 'Emissary splits the traffic between them'],
        ['tls', first.tls?.name ?? '(none)', mapping.tls?.name ?? '(none)', 'Emissary splits the traffic between them, with and without that certificate'],
      ].filter(([, a, b]) => a !== b);
      if (differ.length > 0) {
        const [field, a, b, effect] = differ[0];
        errors.push(`Mappings ${first.node.path} and ${mapping.node.path} both route host "${mapping.host ?? '*'}" prefix "${mapping.prefix}" for Ambassador "${id}" `
          + `with a different ${field} (${a} and ${b}): ${effect}. Fix: give them different prefixes or hosts, or the same ${field}`);
        break;
      }
    }
  }
  return errors;
}
