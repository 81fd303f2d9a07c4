import { Construct, IConstruct } from 'constructs';
import { at, ErrorScope, propError } from '../core/errors';

const CONTEXT_KEY = 'cdk8s-ambassador-mtls:apiVersion';

/**
 * The getambassador.io API version a construct emits.
 *
 * Chosen once per chart (or app) with `AmbassadorApiVersion.use(chart, ...)`, and overridable
 * per construct with its `apiVersion` prop.
 */
export class AmbassadorApiVersion {
  /** `getambassador.io/v2`: what Ambassador Edge Stack 1.x documents (and our seed examples) use. */
  public static readonly V2 = new AmbassadorApiVersion('getambassador.io/v2', 'v2');

  /** `getambassador.io/v3alpha1`: the current API of Emissary-ingress 2.x/3.x and Edge Stack 2.x/3.x. */
  public static readonly V3ALPHA1 = new AmbassadorApiVersion('getambassador.io/v3alpha1', 'v3alpha1');

  /** The version used when neither the construct nor any scope above it chose one. */
  public static readonly DEFAULT = AmbassadorApiVersion.V3ALPHA1;

  /**
   * Makes `version` the default for every construct added below `scope` afterwards.
   * Call it right after creating the chart, before adding constructs to it.
   */
  public static use(scope: IConstruct, version: AmbassadorApiVersion): void {
    if (!Construct.isConstruct(scope)) {
      throw propError(at('AmbassadorApiVersion.use()'), 'scope', scope, 'is not a construct', 'pass the chart, right after creating it');
    }
    checkApiVersion(at(`${scope.node.path}: AmbassadorApiVersion.use()`), version);
    if (scope.node.children.length > 0) {
      throw new Error(`${scope.node.path}: AmbassadorApiVersion.use(${version.version}) comes after constructs were added (${scope.node.children.map((c) => c.node.id).join(', ')}). `
        + 'Fix: call it right after creating the chart, or pass `apiVersion` to the constructs');
    }
    scope.node.setContext(CONTEXT_KEY, version.version);
  }

  /**
   * The version in force at `scope`: the nearest `use()` above it, else `DEFAULT`.
   */
  public static of(scope: IConstruct): AmbassadorApiVersion {
    const chosen = scope.node.tryGetContext(CONTEXT_KEY);
    return [AmbassadorApiVersion.V2, AmbassadorApiVersion.V3ALPHA1].find((v) => v.version === chosen)
      ?? AmbassadorApiVersion.DEFAULT;
  }

  private constructor(
    /** The full apiVersion, for example `getambassador.io/v3alpha1`. */
    public readonly apiVersion: string,
    /** The version part alone, for example `v3alpha1`. */
    public readonly version: string,
  ) {}

  /** True for `getambassador.io/v2`. */
  public get isV2(): boolean {
    return this === AmbassadorApiVersion.V2;
  }

  /** The full apiVersion. */
  public toString(): string {
    return this.apiVersion;
  }
}

/** Throws unless `value` is one of the `AmbassadorApiVersion` constants (untyped callers pass "v2"). */
export function checkApiVersion(scope: ErrorScope, value: unknown): AmbassadorApiVersion {
  if (!(value instanceof AmbassadorApiVersion)) {
    throw propError(scope, 'apiVersion', value, 'is not an AmbassadorApiVersion', 'use AmbassadorApiVersion.V2 or AmbassadorApiVersion.V3ALPHA1');
  }
  return value;
}
