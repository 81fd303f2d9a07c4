import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io-v1';

/** The kind of object that refers across namespaces (`from`). */
export interface GrantFrom {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

/** The object referred to (`to`), with its namespace, where the grant lives. */
export interface GrantTo {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/**
 * The ReferenceGrants a set of cross-namespace references needs: one per target namespace and
 * referring kind and namespace, each allowing exactly the objects referred to by name (never a
 * whole kind), in the target's namespace, as the Gateway API requires (GEP-709).
 */
export class ReferenceGrants {
  private readonly grants = new Map<string, { from: GrantFrom; to: Map<string, GrantTo> }>();

  constructor(private readonly scope: Construct) {}

  /** Allows `from` to refer to `to`. */
  public allow(from: GrantFrom, to: GrantTo): void {
    const key = `${to.namespace}/${from.kind}.${from.namespace}`;
    let grant = this.grants.get(key);
    if (!grant) {
      grant = { from, to: new Map() };
      this.grants.set(key, grant);
      const entry = grant;
      new gw.ReferenceGrant(this.scope, `ReferenceGrant-${key}`, {
        metadata: { name: `${from.kind.toLowerCase()}-${from.namespace}`, namespace: to.namespace },
        spec: {
          from: [{ group: from.group, kind: from.kind, namespace: from.namespace }],
          to: Lazy.any({ produce: () => [...entry.to.values()].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`)).map((t) => ({ group: t.group, kind: t.kind, name: t.name })) }) as any,
        },
      });
    }
    grant.to.set(`${to.kind}/${to.name}`, to);
  }
}
