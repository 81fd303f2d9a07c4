import { ApiObject, ApiObjectProps, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * A Kubernetes object of the app, from whichever library made it: a cdk8s-plus resource of any
 * version from 27 to 33 (`Service`, `Deployment`, `Secret`, or a `fromXxxName()` reference), or
 * a plain cdk8s `ApiObject` (such as an imported `KubeDeployment`). Only what all of them share
 * is required, so the library depends on no cdk8s-plus version.
 */
export interface IKubeObject extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
}

/**
 * The ApiObject behind `obj`: itself, or its default child (as cdk8s-plus resources hold theirs);
 * `undefined` for a reference to an object outside the app, which has none.
 */
export function apiObjectOf(obj: IConstruct): ApiObject | undefined {
  if (ApiObject.isApiObject(obj)) return obj;
  const child = obj.node.defaultChild;
  return child ? apiObjectOf(child) : undefined;
}

/** True when `value` is a construct (for untyped callers, which may pass anything). */
export function isConstruct(value: unknown): value is IConstruct {
  return Construct.isConstruct(value);
}

/** The `metadata.namespace` of an object of the app (the chart's when unset), else `undefined`. */
export function namespaceOf(obj: IConstruct): string | undefined {
  return apiObjectOf(obj)?.metadata.namespace;
}

/**
 * An ApiObject of a cluster-scoped kind (ClusterRole, Namespace, ...): cdk8s gives every object
 * the chart's namespace, which such an object must not carry.
 */
export function clusterScopedObject(scope: IConstruct, id: string, props: ApiObjectProps): ApiObject {
  const apiObject = new ApiObject(scope as Construct, id, props);
  if (apiObject.metadata.namespace !== undefined) apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return apiObject;
}

/**
 * `metadata` for a generated resource, without undefined keys: an explicit `name: undefined`
 * would override the name cdk8s generates.
 */
export function objectMetadata(name: string | undefined, namespace: string | undefined): { name?: string; namespace?: string } {
  return { ...(name !== undefined && { name }), ...(namespace !== undefined && { namespace }) };
}
