import { IConstruct } from 'constructs';
import { propError } from './errors';

/**
 * Overrides of a container's `securityContext`, in Kubernetes' own field names. Each field given
 * replaces the construct's restricted default; `capabilities.add` keeps the others dropped.
 */
export interface ContainerSecurityContext {
  /** `runAsUser`. @default - the construct's (8888) */
  readonly runAsUser?: number;
  /** `runAsGroup`. @default - the construct's (8888) */
  readonly runAsGroup?: number;
  /** `runAsNonRoot`. @default true */
  readonly runAsNonRoot?: boolean;
  /** `readOnlyRootFilesystem`. @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** `allowPrivilegeEscalation`. @default false */
  readonly allowPrivilegeEscalation?: boolean;
  /** `privileged`. @default false */
  readonly privileged?: boolean;
  /** `capabilities`: `add` (for example `["NET_BIND_SERVICE"]`) and `drop`. @default - drop ALL */
  readonly capabilities?: { readonly add?: string[]; readonly drop?: string[] };
}

/** CPU and memory as Kubernetes quantities, for example `{ cpu: '100m', memory: '50Mi' }`. */
export interface ResourceQuantities {
  /** `cpu`. @default - none */
  readonly cpu?: string;
  /** `memory`. @default - none */
  readonly memory?: string;
}

/** A container's `resources`, in Kubernetes' own field names. */
export interface ContainerResources {
  /** `requests`. @default - none */
  readonly requests?: ResourceQuantities;
  /** `limits`. @default - none */
  readonly limits?: ResourceQuantities;
}

const SECURITY_FIELDS: Record<keyof ContainerSecurityContext, 'number' | 'boolean' | 'capabilities'> = {
  runAsUser: 'number',
  runAsGroup: 'number',
  runAsNonRoot: 'boolean',
  readOnlyRootFilesystem: 'boolean',
  allowPrivilegeEscalation: 'boolean',
  privileged: 'boolean',
  capabilities: 'capabilities',
};
const CAPABILITY = /^[A-Z][A-Z0-9_]*$/;
// A Kubernetes quantity: a decimal number with an optional suffix (m, k, M, Ki, Mi, ...).
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/**
 * The restricted container security context (Pod Security Standards "restricted") with the
 * overrides merged field by field; throws (naming `scope`) on an unknown field or a bad value.
 */
export function restrictedSecurityContext(
  scope: IConstruct, prop: string, user: number, overrides: ContainerSecurityContext = {},
): Record<string, unknown> {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw propError(scope, prop, overrides, 'is not an object', 'give the fields to change, for example { readOnlyRootFilesystem: false }');
  }
  for (const [field, value] of Object.entries(overrides)) {
    const type = SECURITY_FIELDS[field as keyof ContainerSecurityContext];
    if (type === undefined) {
      throw propError(scope, `${prop}.${field}`, value, 'is not a field this construct sets',
        `use one of ${Object.keys(SECURITY_FIELDS).join(', ')}, in Kubernetes' spelling`);
    }
    if (type === 'number' && !(Number.isInteger(value) && value >= 0 && value <= 2147483647)) {
      throw propError(scope, `${prop}.${field}`, value, 'is not a user or group id', 'use a whole number from 0 to 2147483647');
    }
    if (type === 'boolean' && typeof value !== 'boolean') {
      throw propError(scope, `${prop}.${field}`, value, 'is not true or false', 'use a boolean');
    }
    if (type === 'capabilities') {
      for (const key of Object.keys(value ?? {})) {
        const list = value[key];
        if (!['add', 'drop'].includes(key) || !Array.isArray(list) || list.some((c: unknown) => typeof c !== 'string' || !CAPABILITY.test(c) || c.startsWith('CAP_'))) {
          throw propError(scope, `${prop}.capabilities.${key}`, list, 'is not a list of capability names', 'use add and/or drop with names such as "NET_BIND_SERVICE" (no CAP_ prefix)');
        }
      }
    }
  }
  const { capabilities, ...fields } = overrides;
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsGroup: user,
    runAsNonRoot: true,
    runAsUser: user,
    ...fields,
    // Capabilities merge: adding one keeps the others dropped unless `drop` is given.
    capabilities: { drop: ['ALL'], ...capabilities },
  };
}

/** `resources` checked: only requests and limits, each a map of valid quantities. */
export function checkResources(scope: IConstruct, prop: string, resources: ContainerResources): ContainerResources {
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw propError(scope, prop, resources, 'is not an object', 'give { requests: { cpu, memory }, limits: { cpu, memory } }');
  }
  for (const [key, quantities] of Object.entries(resources)) {
    if (!['requests', 'limits'].includes(key) || quantities === null || typeof quantities !== 'object') {
      throw propError(scope, `${prop}.${key}`, quantities, 'is not requests or limits', 'give { requests: { cpu, memory }, limits: { cpu, memory } }');
    }
    if (Array.isArray(quantities)) {
      throw propError(scope, `${prop}.${key}`, quantities, 'is not a map of quantities', 'give { cpu: "100m", memory: "64Mi" }');
    }
    for (const [resource, quantity] of Object.entries(quantities)) {
      if (!['cpu', 'memory'].includes(resource) || typeof quantity !== 'string' || !QUANTITY.test(quantity)) {
        throw propError(scope, `${prop}.${key}.${resource}`, quantity, 'is not a cpu or memory quantity', 'write a Kubernetes quantity such as "100m" (cpu) or "64Mi" (memory)');
      }
    }
  }
  return resources;
}
