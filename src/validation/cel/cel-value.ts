/**
 * A custom resource as the API server hands it to its CEL rules: defaulted, and typed by the
 * schema (apiextensions-apiserver pkg/apiserver/schema/cel and .../structural/defaulting).
 */

type Json = Record<string, any>;

/**
 * CEL's reserved words: a property of that name is reachable as `__name__` (`p.__namespace__`),
 * as the API server escapes it (apiserver/schema/cel/model/escaping.go).
 */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** A property name as a CEL rule reaches it, or `undefined` when no rule can (not an identifier). */
export function escapedPropertyName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A copy of `value` with the schema's defaults filled in where a field is missing (or a null the
 * schema does not allow), as the API server defaults an object before it validates it: a
 * default's own fields are defaulted in turn.
 */
export function withDefaults(value: unknown, schema: Json | undefined): unknown {
  if (schema === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => withDefaults(item, schema.items));
  if (!isObject(value)) return value;
  const copy: Json = { ...value };
  for (const [key, property] of Object.entries<Json>(schema.properties ?? {})) {
    if (property.default === undefined) continue;
    if (!(key in copy) || (copy[key] === null && property.nullable !== true)) copy[key] = structuredClone(property.default);
  }
  for (const [key, item] of Object.entries(copy)) {
    const sub = schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    copy[key] = withDefaults(item, sub);
  }
  return copy;
}

/**
 * `value` as a CEL value of its schema's type: integers as CEL ints (bigint), numbers as doubles,
 * objects with properties as objects whose field names are escaped (fields the schema does not
 * know are pruned by the API server, and dropped), objects with `additionalProperties` as maps
 * keyed by the raw keys. Strings stay strings, whatever their format (none of the bundled rules
 * reads a `date-time` or `duration`-formatted field as a timestamp or duration).
 */
export function celValueOf(value: unknown, schema: Json | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => celValueOf(item, schema?.items));
  if (typeof value === 'number') {
    const integer = schema?.type === 'integer' || (schema?.type !== 'number' && Number.isInteger(value));
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (!isObject(value)) return value;
  const out: Json = {};
  if (isObject(schema?.properties)) {
    const keepUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
    for (const [key, item] of Object.entries(value)) {
      const property = schema.properties[key];
      if (property === undefined && !keepUnknown) continue;
      const name = escapedPropertyName(key);
      if (name !== undefined) out[name] = celValueOf(item, property);
    }
    return out;
  }
  const items = isObject(schema?.additionalProperties) ? schema.additionalProperties : undefined;
  for (const [key, item] of Object.entries(value)) out[key] = celValueOf(item, items);
  return out;
}
