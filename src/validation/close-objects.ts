type Json = Record<string, any>;

/** Keywords whose subschemas validate values only: a property they name is declared elsewhere. */
const VALUE_VALIDATIONS = new Set(['oneOf', 'anyOf', 'allOf', 'not']);

/**
 * Adds `additionalProperties: false` to every object schema that lists its properties and does
 * not already allow extra ones, so an unknown (misspelt) field is an error: the API server
 * prunes such a field silently, so a plain schema check would let it through.
 * Works in place and returns `schema`.
 */
export function closeObjects(schema: Json): Json {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(closeObjects);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      for (const prop of Object.keys(value)) value[prop] = closeObjects(value[prop]);
    } else if (VALUE_VALIDATIONS.has(key)) {
      // Left as written: in a structural schema these only constrain values the node's own
      // properties declare (the Gateway's addresses: `oneOf` of branches naming `type` alone).
      continue;
    } else if (typeof value === 'object') {
      schema[key] = closeObjects(value);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  return schema;
}

/** Every object has apiVersion, kind and metadata, even where a CRD (Istio's) does not list them. */
export function withObjectRoot(schema: Json): Json {
  schema.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...schema.properties };
  return schema;
}

/**
 * A copy of `schema` without `description` keywords (property names `description` are kept):
 * they make up most of a CRD's size and no validator reads them.
 */
export function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (key === 'properties') {
      copy.properties = Object.fromEntries(Object.entries(value as Json).map(([name, sub]) => [name, withoutDescriptions(sub)]));
    } else {
      copy[key] = withoutDescriptions(value);
    }
  }
  return copy;
}

/** The schema the validators use for one CRD version: no descriptions, closed, with the object root. */
export function validationSchema(openApiV3Schema: unknown): Json {
  return closeObjects(withObjectRoot(withoutDescriptions(openApiV3Schema ?? { type: 'object' }) as Json));
}

/**
 * A copy of `value` without the `null`s the API server drops before it validates a custom
 * resource: a null where the schema says neither `nullable: true` nor a default
 * (apiextensions-apiserver, defaulting.PruneNonNullableNullsWithoutDefaults). `labels:
 * {ambassador: null}` is stored as `labels: {}`, not refused.
 */
export function withoutNonNullableNulls(value: unknown, schema: Json | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutNonNullableNulls(item, schema?.items));
  if (value === null || typeof value !== 'object') return value;
  const copy: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const sub: Json | undefined = schema?.properties?.[key] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (item === null && sub !== undefined && sub.nullable !== true && sub.default === undefined) continue;
    copy[key] = withoutNonNullableNulls(item, sub);
  }
  return copy;
}
