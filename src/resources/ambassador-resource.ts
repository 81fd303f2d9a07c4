import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAmbassadorChecks } from './ambassador-checks';
import { AmbassadorApiVersion, checkApiVersion } from './api-version';
import { checkConstructArgs } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { objectMetadata } from '../core/kube-object';
import { checkNamespace, checkObjectName } from '../core/validators';

/** What every getambassador.io resource construct takes besides its spec. */
export interface AmbassadorResourceOptions {
  /** The kind, for example `Mapping`. */
  readonly kind: string;
  /**
   * The construct's props, as given (untyped callers may pass anything): checked to be an
   * object with only `knownProps` before the resource joins the tree.
   */
  readonly props: unknown;
  /** The props the construct knows. */
  readonly knownProps: readonly string[];
  /**
   * `metadata.name`.
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * `metadata.namespace`.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(scope)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
}

/**
 * A construct that is itself one getambassador.io `ApiObject` (`TlsContext`, `Mapping`,
 * `ConsulResolver`): one node per resource, which keeps thousands of routes cheap to
 * synthesize, and JSON patches that use the manifest's field names.
 *
 * A subclass checks its props with `this` in hand (errors name the construct path), then hands
 * the finished spec, already in the manifest's field names, to `setSpec()`.
 */
export abstract class AmbassadorResource extends ApiObject {
  /** The getambassador.io API version this resource is emitted in (`apiVersion` is its string). */
  public readonly ambassadorApiVersion: AmbassadorApiVersion;
  private readonly rendered: RenderedSpec;

  protected constructor(scope: Construct, id: string, options: AmbassadorResourceOptions) {
    // Checked before the object joins the tree: a bad scope, id, props object, name, namespace or
    // API version is our error, and leaves nothing behind.
    const { where } = checkConstructArgs(options.kind, scope, id, options.props, options.knownProps);
    const apiVersion = options.apiVersion === undefined ? AmbassadorApiVersion.of(scope) : checkApiVersion(where, options.apiVersion);
    if (options.name !== undefined) checkObjectName(where, 'name', options.name);
    if (options.namespace !== undefined) checkNamespace(where, 'namespace', options.namespace);
    // `this` cannot be captured before super(): the spec goes through a holder object instead.
    const rendered: RenderedSpec = { set: false };
    super(scope, id, {
      apiVersion: apiVersion.apiVersion,
      kind: options.kind,
      metadata: objectMetadata(options.name, options.namespace),
      spec: Lazy.any({ produce: () => specOf(rendered, where.node.path) }),
    });
    this.ambassadorApiVersion = apiVersion;
    this.rendered = rendered;
    guardAgainstDuplicates(this);
    registerAmbassadorChecks(this);
  }

  /** Sets the spec to emit, in the manifest's field names (the imported `toJson_*Spec` output). */
  protected setSpec(spec: Record<string, unknown> | undefined): void {
    this.rendered.spec = spec;
    this.rendered.set = true;
  }
}

interface RenderedSpec {
  spec?: Record<string, unknown>;
  set: boolean;
}

/**
 * The spec to emit. The object joins the construct tree before its props are checked, so one
 * whose constructor threw (and whose error was caught) is still in the tree: it must fail the
 * synth rather than be written without a spec.
 */
function specOf(rendered: RenderedSpec, path: string): Record<string, unknown> | undefined {
  if (!rendered.set) {
    throw new Error(`${path}: its constructor failed, so there is no spec to write. Fix: correct the props named in that error, or remove the construct`);
  }
  return rendered.spec;
}
