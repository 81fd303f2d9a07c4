import { IConstruct } from 'constructs';
import { propError } from './errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** True when `value` is an RFC 1123 label (namespaces, most names): lowercase, 1-63 chars. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** True when `value` is an RFC 1123 subdomain (object names): dot-separated labels, 1-253 chars. */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every(isDnsLabel);
}

/** True when `value` is an RFC 1035 label (Service names): like a label, starting with a letter. */
export function isServiceName(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** Throws unless `value` is a valid Kubernetes object name (RFC 1123 subdomain). */
export function checkObjectName(scope: IConstruct, prop: string, value: string): string {
  if (!isDnsSubdomain(value)) {
    throw propError(scope, prop, value, 'is not a valid Kubernetes name (RFC 1123 subdomain)',
      'use at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');
  }
  return value;
}

/** Throws unless `value` is a valid namespace name (RFC 1123 label). */
export function checkNamespace(scope: IConstruct, prop: string, value: string): string {
  if (!isDnsLabel(value)) {
    throw propError(scope, prop, value, 'is not a valid namespace name (RFC 1123 label)',
      'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** Throws unless `value` is a TCP port number (1-65535). */
export function checkPort(scope: IConstruct, prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw propError(scope, prop, value, 'is not a port number', 'use a whole number from 1 to 65535');
  }
  return value;
}

/**
 * `metadata` for a generated resource, without undefined keys: an explicit `name: undefined`
 * would override the name cdk8s generates.
 */
export function objectMetadata(name: string | undefined, namespace: string | undefined): { name?: string; namespace?: string } {
  return { ...(name !== undefined && { name }), ...(namespace !== undefined && { namespace }) };
}
