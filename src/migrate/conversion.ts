/**
 * getambassador.io/v2 to v3alpha1, as Emissary's conversion webhook converts the objects it
 * stores (emissary-ingress/emissary pkg/api/getambassador.io/v2/handwritten.conversion.go), as
 * edits of the document, so that what is not converted (comments, order) stays as written.
 * Where the webhook's result would mean something else than the v2 object meant to Emissary,
 * the conversion refuses, naming the field, instead of changing what the route does.
 */

type Json = Record<string, any>;

/** One edit of a document: set a value at a path, delete the path, or rename a key where it stands. */
export type Edit =
  | { readonly op: 'set'; readonly path: readonly (string | number)[]; readonly value: unknown }
  | { readonly op: 'delete'; readonly path: readonly (string | number)[] }
  | { readonly op: 'rename'; readonly path: readonly (string | number)[]; readonly to: string };

/** A field the conversion cannot carry over faithfully. */
export interface Refusal {
  /** The field, as a path (`spec.host`). */
  readonly field: string;
  /** Why. */
  readonly reason: string;
  /** What to do instead. */
  readonly fix: string;
}

/** What converting one document gives. */
export type Conversion =
  | { readonly status: 'converted'; readonly edits: Edit[]; readonly notes: string[] }
  | { readonly status: 'refused'; readonly refusals: Refusal[] }
  | { readonly status: 'untouched'; readonly reason?: string };

/** The kinds converted; other getambassador.io/v2 kinds are left as they are, with a note. */
export const CONVERTED_KINDS = ['Mapping', 'TLSContext', 'Host', 'ConsulResolver', 'KubernetesEndpointResolver', 'KubernetesServiceResolver', 'Module'];

/** The prefix Emissary adds to ambassador ids of objects authored in v3alpha1 when it stores them as v2. */
const MANGLE = '--apiVersion-v3alpha1-only--';
/** The webhook's sentinel for a v3alpha1 Mapping that had neither host nor hostname. */
const EMPTY_HOST_SENTINEL = '_skip_mapping_with_empty_host_';

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Converts one parsed document (untouched unless it is a getambassador.io/v2 object of a converted kind). */
export function convertToV3alpha1(doc: unknown): Conversion {
  if (!isObject(doc) || doc.apiVersion !== 'getambassador.io/v2') return { status: 'untouched' };
  if (!CONVERTED_KINDS.includes(doc.kind)) {
    return { status: 'untouched', reason: `${doc.kind} is not converted (only ${CONVERTED_KINDS.join(', ')}): it stays getambassador.io/v2, which Emissary 2.x and 3.x still read` };
  }
  if (!isObject(doc.spec)) {
    return { status: 'refused', refusals: [{ field: 'spec', reason: 'is missing or not an object (Ambassador\'s annotation form?)', fix: 'write the resource with metadata and spec first' }] };
  }
  const edits: Edit[] = [{ op: 'set', path: ['apiVersion'], value: 'getambassador.io/v3alpha1' }];
  const notes: string[] = [];
  const refusals: Refusal[] = [];
  const spec = doc.spec;
  ambassadorId(spec, edits);
  if (doc.kind === 'Mapping') mapping(spec, edits, notes, refusals);
  if (doc.kind === 'TLSContext') rename(spec, ['spec'], 'v3CRLSecret', 'crl_secret', edits);
  if (doc.kind === 'Host') host(spec, edits, notes, refusals);
  return refusals.length > 0 ? { status: 'refused', refusals } : { status: 'converted', edits, notes };
}

/** `ambassador_id`: a string becomes a one-element list; the v3alpha1-only prefix is removed. */
function ambassadorId(spec: Json, edits: Edit[]): void {
  const id = spec.ambassador_id;
  if (id === undefined || id === null) return;
  const ids = (Array.isArray(id) ? id : [id]).map((v) => (typeof v === 'string' && v.startsWith(MANGLE) ? v.slice(MANGLE.length) : v));
  if (!Array.isArray(id) || ids.some((v, i) => v !== id[i])) edits.push({ op: 'set', path: ['spec', 'ambassador_id'], value: ids });
}

function rename(obj: Json, at: string[], from: string, to: string, edits: Edit[]): void {
  if (obj[from] === undefined) return;
  edits.push({ op: 'rename', path: [...at, from], to });
}

function mapping(spec: Json, edits: Edit[], notes: string[], refusals: Refusal[]): void {
  const refuse = (field: string, reason: string, fix: string) => refusals.push({ field: `spec.${field}`, reason, fix });
  for (const field of ['envoy_override', 'modules']) {
    if (spec[field] !== undefined) refuse(field, 'has no v3alpha1 counterpart: the webhook drops it', `remove ${field}, or express it another way, before migrating`);
  }
  if (spec.labels !== undefined) refuse('labels', 'uses the v2 label specifiers, whose v3alpha1 form this command does not write', 'convert labels by hand (see the v3alpha1 Mapping reference), then migrate');

  // host -> hostname. A v2 Mapping without host gets hostname "*", as the webhook writes it,
  // even with an exact :authority header (Emissary 1.x's other way to name the host): Emissary
  // 2.x and 3.x convert the stored v2 object so, and then route it for every host (the compiler
  // drops the header beside a hostname), so this keeps what the cluster does, with a note.
  if (spec.host_regex === true) {
    notes.push('host with host_regex stays on the deprecated v3alpha1 fields host and host_regex (v3alpha1 has no regular-expression hostname)');
  } else {
    if (spec.host_regex !== undefined) edits.push({ op: 'delete', path: ['spec', 'host_regex'] });
    if (typeof spec.host === 'string' && spec.host !== EMPTY_HOST_SENTINEL) {
      if (spec.host.includes('*')) {
        refuse('host', `"${spec.host}" is an exact match in v2, which no request matches (Emissary reports it); as a v3alpha1 hostname it would be a glob that matches`,
          'decide what the route should match: write the hostname you mean in v3alpha1 yourself, or remove the Mapping');
      }
      edits.push({ op: 'rename', path: ['spec', 'host'], to: 'hostname' });
    } else if (spec.host === EMPTY_HOST_SENTINEL) {
      edits.push({ op: 'delete', path: ['spec', 'host'] });
    } else if (spec.hostname === undefined) {
      edits.push({ op: 'set', path: ['spec', 'hostname'], value: '*' });
      if (isObject(spec.headers) && typeof spec.headers[':authority'] === 'string') {
        notes.push(`the exact :authority header "${spec.headers[':authority']}" does not limit the route beside hostname "*": Emissary 2.x and 3.x already route this v2 Mapping `
          + `for every host. If you meant that host only, set hostname: ${spec.headers[':authority']} and remove the header`);
      }
    }
  }

  // tls: true is TLS origination without a TLSContext, which v3alpha1 writes as an https:// service.
  if (spec.tls === true) {
    const service = String(spec.service ?? '');
    const bare = service.replace(/^[a-z]+:\/\//i, '');
    if (!/^https:\/\//i.test(service)) edits.push({ op: 'set', path: ['spec', 'service'], value: `https://${bare}` });
    edits.push({ op: 'delete', path: ['spec', 'tls'] });
  } else if (spec.tls === false || spec.tls === '' || spec.tls === null) {
    edits.push({ op: 'delete', path: ['spec', 'tls'] });
  }

  for (const [field, regexField] of [['headers', 'regex_headers'], ['query_parameters', 'regex_query_parameters']] as const) {
    if (!isObject(spec[field])) continue;
    const removed = boolMatches(spec, field, regexField, edits, refuse);
    // A map emptied by the conversion goes, as the webhook leaves none behind.
    if (removed > 0 && removed === Object.keys(spec[field]).length) edits.push({ op: 'delete', path: ['spec', field] });
  }

  const cors = spec.cors;
  if (isObject(cors)) {
    if (typeof cors.origins === 'string') edits.push({ op: 'set', path: ['spec', 'cors', 'origins'], value: cors.origins.split(',').map((o: string) => o.trim()).filter(Boolean) });
    for (const field of ['methods', 'headers', 'exposed_headers']) {
      if (typeof cors[field] === 'string') edits.push({ op: 'set', path: ['spec', 'cors', field], value: [cors[field]] });
    }
  }
  for (const field of ['remove_request_headers', 'remove_response_headers']) {
    if (typeof spec[field] === 'string') edits.push({ op: 'set', path: ['spec', field], value: [spec[field]] });
  }
  for (const field of ['add_request_headers', 'add_response_headers']) {
    if (!isObject(spec[field])) continue;
    for (const [name, value] of Object.entries(spec[field])) {
      if (typeof value === 'string') edits.push({ op: 'set', path: ['spec', field, name], value: { value } });
    }
  }
  rename(spec, ['spec'], 'v3StatsName', 'stats_name', edits);
  rename(spec, ['spec'], 'v3health_checks', 'health_checks', edits);
}

/**
 * `headers: {k: true}` (present) becomes `regex_headers: {k: ".*"}`; `false` has no v3alpha1
 * meaning. Returns how many entries it removed.
 */
function boolMatches(spec: Json, field: string, regexField: string, edits: Edit[], refuse: (f: string, r: string, fix: string) => void): number {
  const regex = isObject(spec[regexField]) ? spec[regexField] : {};
  let removed = 0;
  for (const [name, value] of Object.entries(spec[field] as Json)) {
    if (value === true) {
      edits.push({ op: 'delete', path: ['spec', field, name] });
      if (regex[name] === undefined) edits.push({ op: 'set', path: ['spec', regexField, name], value: '.*' });
      removed++;
    } else if (typeof value !== 'string') {
      refuse(`${field}.${name}`, `is ${JSON.stringify(value)}, which the webhook drops: the v3alpha1 Mapping would match without it`,
        `remove it if it meant nothing, or match on the ${field === 'headers' ? 'header' : 'parameter'} in v3alpha1 yourself`);
    }
  }
  return removed;
}

function host(spec: Json, edits: Edit[], notes: string[], refusals: Refusal[]): void {
  if (spec.ambassadorId !== undefined) {
    const merged = [...new Set([...(Array.isArray(spec.ambassador_id) ? spec.ambassador_id : spec.ambassador_id ? [spec.ambassador_id] : []),
      ...(Array.isArray(spec.ambassadorId) ? spec.ambassadorId : [spec.ambassadorId])])];
    edits.push({ op: 'delete', path: ['spec', 'ambassadorId'] }, { op: 'set', path: ['spec', 'ambassador_id'], value: merged });
  }
  if (spec.selector !== undefined) {
    const labels = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? Object.keys(spec.selector.matchLabels) : [];
    const expressions = isObject(spec.selector) && Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0;
    if (labels.length + expressions > 1) {
      refusals.push({
        field: 'spec.selector',
        reason: 'matches a Mapping with any one of its labels in v2, but with all of them as a v3alpha1 mappingSelector (Emissary 3.2 and later)',
        fix: 'split it into Hosts of one label each, or check that every Mapping carries all the labels, then write mappingSelector yourself',
      });
    } else {
      edits.push({ op: 'rename', path: ['spec', 'selector'], to: 'mappingSelector' });
      notes.push('selector becomes mappingSelector');
    }
  }
  if (isObject(spec.tls)) rename(spec.tls, ['spec', 'tls'], 'v3CRLSecret', 'crl_secret', edits);
}
