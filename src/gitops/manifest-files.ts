import { createHash } from 'crypto';
import { Chart } from 'cdk8s';

type Json = Record<string, any>;

/** The longest file name the common file systems take, in bytes. */
const MAX_FILE_NAME = 255;
const SUFFIX = '.k8s.yaml';

/**
 * The file a manifest is written to: `<Kind>.<namespace>.<name>.k8s.yaml`, or
 * `<Kind>.<name>.k8s.yaml` without a namespace. Unambiguous: a namespace-less object whose name
 * has a dot is written `<Kind>._.<name>` (no namespace is "_"), so it never meets a namespaced one
 * (`Mapping` "a.b" without a namespace, and "b" in namespace "a"). A name too long for a file
 * name (names reach 253 characters) is cut and ends with a hash of the whole, which stays stable.
 */
export function manifestFileName(kind: string, namespace: string | undefined, name: string): string {
  const parts = namespace !== undefined ? [kind, namespace, name] : name.includes('.') ? [kind, '_', name] : [kind, name];
  const base = parts.join('.').replace(/[^0-9a-zA-Z-_.]/g, '');
  if (Buffer.byteLength(base + SUFFIX) <= MAX_FILE_NAME) return base + SUFFIX;
  const hash = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);
  return `${base.slice(0, MAX_FILE_NAME - SUFFIX.length - hash.length - 1)}-${hash}${SUFFIX}`;
}

/**
 * The manifests of `chart`, by file name, in order; throws (naming the chart) when two objects
 * would share a file, which with unambiguous names means they share kind, namespace and name.
 */
export function manifestFiles(chart: Chart, docs: readonly Json[]): Map<string, Json> {
  const files = new Map<string, Json>();
  for (const doc of docs) {
    const { kind, metadata } = doc;
    const file = manifestFileName(String(kind), metadata?.namespace, String(metadata?.name));
    if (files.has(file)) {
      throw new Error(`${chart.node.path}: ${kind} "${metadata?.name}"${metadata?.namespace ? ` in namespace "${metadata.namespace}"` : ''} is defined twice `
        + `(both would be written to ${file}): the cluster would keep only one. Fix: give each object its own name or namespace`);
    }
    files.set(file, doc);
  }
  return files;
}
