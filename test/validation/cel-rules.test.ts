/**
 * The CRDs' CEL rules (x-kubernetes-validations), evaluated as the API server evaluates them on
 * create: every rule of the bundled Gateway API v1.5.1 and Istio CRDs is broken once here, on
 * an object that otherwise passes, and must be reported at its node with its message.
 */
import { BUNDLED_SCHEMAS } from '../../imports/schemas';
import { checkManifests, CrdSchemas, parseManifests } from '../../src';
import { celRuleFailures } from '../../src/validation/cel/cel-rules';
import { escapedPropertyName } from '../../src/validation/cel/cel-value';

type Json = Record<string, any>;
const GW = 'gateway.networking.k8s.io/v1';
const schemas = CrdSchemas.bundled();

const gateway = (): Json => ({
  apiVersion: GW,
  kind: 'Gateway',
  metadata: { name: 'edge', namespace: 'edge' },
  spec: {
    gatewayClassName: 'eg',
    addresses: [{ type: 'IPAddress', value: '10.0.0.1' }, { type: 'Hostname', value: 'edge.example.com' }],
    infrastructure: { annotations: { 'example.com/team': 'edge' } },
    listeners: [
      { name: 'http', port: 80, protocol: 'HTTP' },
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { certificateRefs: [{ name: 'shop-tls' }] } },
      { name: 'tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
    ],
    tls: {
      backend: { clientCertificateRef: { name: 'client' } },
      frontend: {
        default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } },
        perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } } }],
      },
    },
  },
  status: { addresses: [{ type: 'Hostname', value: 'lb.example.com' }] },
});

const route = (): Json => ({
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: { name: 'shop', namespace: 'shop' },
  spec: {
    parentRefs: [{ name: 'edge', namespace: 'edge', sectionName: 'http' }, { name: 'edge', namespace: 'edge', sectionName: 'https' }],
    hostnames: ['shop.example.com'],
    rules: [{
      matches: [{ path: { type: 'PathPrefix', value: '/orders/' } }],
      filters: [
        { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
        { type: 'RequestMirror', requestMirror: { backendRef: { name: 'audit', port: 80 }, fraction: { numerator: 1, denominator: 10 } } },
      ],
      backendRefs: [{
        name: 'orders',
        port: 8443,
        filters: [{ type: 'CORS', cors: { allowOrigins: ['https://shop.example.com'], allowHeaders: ['x-a'] } }],
      }],
      timeouts: { request: '30s', backendRequest: '10s' },
    }],
  },
});

const policy = (): Json => ({
  apiVersion: GW,
  kind: 'BackendTLSPolicy',
  metadata: { name: 'orders', namespace: 'shop' },
  spec: {
    targetRefs: [{ group: '', kind: 'Service', name: 'orders' }],
    validation: {
      caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }],
      hostname: 'orders.shop',
      subjectAltNames: [{ type: 'Hostname', hostname: 'orders.shop.svc' }, { type: 'URI', uri: 'spiffe://cluster.local/ns/shop/sa/orders' }],
    },
  },
});

const peerAuthentication = (): Json => ({
  apiVersion: 'security.istio.io/v1beta1',
  kind: 'PeerAuthentication',
  metadata: { name: 'p', namespace: 'bookinfo' },
  spec: { selector: { matchLabels: { app: 'reviews' } }, portLevelMtls: { 9080: { mode: 'STRICT' } } },
});
const authorizationPolicy = (): Json => ({
  apiVersion: 'security.istio.io/v1beta1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'a', namespace: 'bookinfo' },
  spec: { selector: { matchLabels: { app: 'reviews' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/emissary/sa/emissary'] } }] }] },
});

/** Sets `value` at `path` in a copy of `doc` (undefined deletes). */
function edit(doc: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(doc);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  if (value === undefined) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = value;
  return copy;
}

const R0 = ['spec', 'rules', 0];
const B0 = [...R0, 'backendRefs', 0];
const F0 = [...B0, 'filters', 0];
const filterOf = (type: string, extra: Json = {}): Json => ({ type, ...extra });
const redirect = { requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } };

/** Each case: the object, the field the failure is reported at, and the start of the message. */
const CASES: Array<[string, Json, string, string]> = [
  // Gateway
  ['two IPAddress addresses alike', edit(gateway(), ['spec', 'addresses', 1], { type: 'IPAddress', value: '10.0.0.1' }), 'spec.addresses', 'IPAddress values must be unique'],
  ['two Hostname addresses alike', edit(gateway(), ['spec', 'addresses', 0], { type: 'Hostname', value: 'edge.example.com' }), 'spec.addresses', 'Hostname values must be unique'],
  ['an address hostname with an underscore', edit(gateway(), ['spec', 'addresses', 1, 'value'], 'edge_1.example.com'), 'spec.addresses.1', 'Hostname value must be empty or contain only valid characters'],
  ['an annotation key with a space', edit(gateway(), ['spec', 'infrastructure', 'annotations'], { 'a b': 'x' }), 'spec.infrastructure.annotations', 'Annotation keys must be in the form'],
  ['an annotation prefix of 253 characters', edit(gateway(), ['spec', 'infrastructure', 'annotations'], { [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.eeeeeeeeee/x`]: 'x' }),
    'spec.infrastructure.annotations', 'If specified, the annotation key\'s prefix must be a DNS subdomain not longer than 253 characters'],
  ['tls on an HTTP listener', edit(gateway(), ['spec', 'listeners', 0, 'tls'], { certificateRefs: [{ name: 'c' }] }), 'spec.listeners', 'tls must not be specified for protocols'],
  ['an HTTPS listener in Passthrough', edit(gateway(), ['spec', 'listeners', 1, 'tls', 'mode'], 'Passthrough'), 'spec.listeners', 'tls mode must be Terminate for protocol HTTPS'],
  ['a TLS listener without tls', edit(gateway(), ['spec', 'listeners', 2, 'tls'], undefined), 'spec.listeners', 'tls mode must be set for protocol TLS'],
  ['a hostname on a TCP listener', edit(gateway(), ['spec', 'listeners', 0], { name: 'tcp', port: 9000, protocol: 'TCP', hostname: 'a.example.com' }), 'spec.listeners', 'hostname must not be specified for protocols [\'TCP\', \'UDP\']'],
  ['two listeners named alike', edit(gateway(), ['spec', 'listeners', 2, 'name'], 'http'), 'spec.listeners', 'Listener name must be unique within the Gateway'],
  ['two listeners on one port, protocol and hostname', edit(gateway(), ['spec', 'listeners', 2], { name: 'http2', port: 80, protocol: 'HTTP' }), 'spec.listeners', 'Combination of port, protocol and hostname must be unique'],
  ['Terminate without certificates', edit(gateway(), ['spec', 'listeners', 1, 'tls'], { certificateRefs: [], options: {} }), 'spec.listeners.1.tls', 'certificateRefs or options must be specified when mode is Terminate'],
  ['two perPort entries for one port', edit(gateway(), ['spec', 'tls', 'frontend', 'perPort', 1], { port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca2' }] } } }),
    'spec.tls.frontend.perPort', 'Port for TLS configuration must be unique within the Gateway'],
  ['a status hostname with an underscore', edit(gateway(), ['status', 'addresses', 0, 'value'], 'lb_1.example.com'), 'status.addresses.0', 'Hostname value must only contain valid characters'],
  // HTTPRoute
  ['the same parent with and without sectionName', edit(route(), ['spec', 'parentRefs', 1], { name: 'edge', namespace: 'edge' }), 'spec.parentRefs', 'sectionName must be specified when parentRefs includes 2 or more references to the same parent'],
  ['the same parent and sectionName twice', edit(route(), ['spec', 'parentRefs', 1, 'sectionName'], 'http'), 'spec.parentRefs', 'sectionName must be unique when parentRefs includes 2 or more references to the same parent'],
  ['129 matches across rules', edit(route(), ['spec', 'rules'], Array.from({ length: 3 }, (_, r) => ({ matches: Array.from({ length: 43 }, (__, i) => ({ path: { type: 'Exact', value: `/r${r}/${i}` } })) }))),
    'spec.rules', 'While 16 rules and 64 matches per rule are allowed'],
  ['a redirect beside backendRefs', edit(route(), [...R0, 'filters'], [filterOf('RequestRedirect', { requestRedirect: { statusCode: 301 } })]), 'spec.rules.0', 'RequestRedirect filter must not be used together with backendRefs'],
  ['a prefix redirect with an Exact match', edit(edit(edit(route(), [...R0, 'backendRefs'], undefined), [...R0, 'filters'], [filterOf('RequestRedirect', redirect)]), [...R0, 'matches', 0, 'path', 'type'], 'Exact'),
    'spec.rules.0', 'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified'],
  ['a prefix rewrite with two matches', edit(route(), [...R0, 'matches', 1], { path: { type: 'PathPrefix', value: '/b/' } }), 'spec.rules.0', 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified'],
  ['a backend prefix redirect with two matches', edit(edit(route(), [...R0, 'matches', 1], { path: { type: 'PathPrefix', value: '/b/' } }), [...B0, 'filters'], [filterOf('RequestRedirect', redirect)]),
    'spec.rules.0', 'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch'],
  ['a backend prefix rewrite with two matches', edit(edit(route(), [...R0, 'matches', 1], { path: { type: 'PathPrefix', value: '/b/' } }), [...B0, 'filters'], [filterOf('URLRewrite', { urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } })]),
    'spec.rules.0', 'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch'],
  ['a Service backend without a port', edit(route(), [...B0, 'port'], undefined), 'spec.rules.0.backendRefs.0', 'Must have port for Service reference'],
  ['a redirect and a rewrite', edit(route(), [...B0, 'filters'], [filterOf('RequestRedirect', { requestRedirect: {} }), filterOf('URLRewrite', { urlRewrite: {} })]),
    'spec.rules.0.backendRefs.0.filters', 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both'],
  ...(['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'].map((type): [string, Json, string, string] => {
    const field = type === 'CORS' ? 'cors' : `${type[0].toLowerCase()}${type.slice(1)}`;
    return [`two ${type} filters`, edit(route(), [...B0, 'filters'], [filterOf(type, { [field]: {} }), filterOf(type, { [field]: {} })]), 'spec.rules.0.backendRefs.0.filters', `${type} filter cannot be repeated`];
  })),
  ...(['cors', 'requestHeaderModifier', 'responseHeaderModifier', 'requestMirror', 'requestRedirect', 'urlRewrite', 'extensionRef'].flatMap((field): Array<[string, Json, string, string]> => {
    const type = field === 'cors' ? 'CORS' : field === 'urlRewrite' ? 'URLRewrite' : `${field[0].toUpperCase()}${field.slice(1)}`;
    const value = field === 'requestMirror' ? { backendRef: { name: 'm', port: 80 } } : field === 'extensionRef' ? { group: 'example.com', kind: 'F', name: 'f' } : {};
    const other = field === 'cors' ? 'URLRewrite' : 'CORS';
    return [
      [`${field} under another type`, edit(route(), F0, { type: other, [field]: value, ...(other === 'CORS' ? { cors: {} } : { urlRewrite: {} }) }), 'spec.rules.0.backendRefs.0.filters.0', `filter.${field} must be nil if the filter.type is not ${type}`],
      [`type ${type} without ${field}`, edit(route(), F0, { type }), 'spec.rules.0.backendRefs.0.filters.0', `filter.${field} must be specified for ${type} filter.type`],
    ];
  })),
  ['"*" beside other allowed headers', edit(route(), [...F0, 'cors', 'allowHeaders'], ['*', 'x-a']), 'spec.rules.0.backendRefs.0.filters.0.cors.allowHeaders', 'AllowHeaders cannot contain \'*\' alongside other methods'],
  ['a mirror with percent and fraction', edit(route(), [...R0, 'filters', 1, 'requestMirror', 'percent'], 10), 'spec.rules.0.filters.1.requestMirror', 'Only one of percent or fraction may be specified'],
  ['a mirror fraction above one', edit(route(), [...R0, 'filters', 1, 'requestMirror', 'fraction'], { numerator: 11, denominator: 10 }), 'spec.rules.0.filters.1.requestMirror.fraction', 'numerator must be less than or equal to denominator'],
  ['ReplaceFullPath without replaceFullPath', edit(route(), [...B0, 'filters'], [filterOf('RequestRedirect', { requestRedirect: { path: { type: 'ReplaceFullPath' } } })]),
    'spec.rules.0.backendRefs.0.filters.0.requestRedirect.path', 'replaceFullPath must be specified when type is set to \'ReplaceFullPath\''],
  ['replaceFullPath under ReplacePrefixMatch', edit(route(), [...B0, 'filters'], [filterOf('RequestRedirect', { requestRedirect: { path: { type: 'ReplacePrefixMatch', replaceFullPath: '/x', replacePrefixMatch: '/' } } })]),
    'spec.rules.0.backendRefs.0.filters.0.requestRedirect.path', 'type must be \'ReplaceFullPath\' when replaceFullPath is set'],
  ['ReplacePrefixMatch without replacePrefixMatch', edit(route(), [...B0, 'filters'], [filterOf('RequestRedirect', { requestRedirect: { path: { type: 'ReplacePrefixMatch' } } })]),
    'spec.rules.0.backendRefs.0.filters.0.requestRedirect.path', 'replacePrefixMatch must be specified when type is set to \'ReplacePrefixMatch\''],
  ['replacePrefixMatch under ReplaceFullPath', edit(route(), [...B0, 'filters'], [filterOf('RequestRedirect', { requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/x', replacePrefixMatch: '/' } } })]),
    'spec.rules.0.backendRefs.0.filters.0.requestRedirect.path', 'type must be \'ReplacePrefixMatch\' when replacePrefixMatch is set'],
  ...([['orders/', 'value must be an absolute path'], ['/a//b', 'must not contain \'//\''], ['/a/./b', 'must not contain \'/./\''], ['/a/../b', 'must not contain \'/../\''],
    ['/a%2fb', 'must not contain \'%2f\''], ['/a%2Fb', 'must not contain \'%2F\''], ['/a#b', 'must not contain \'#\''], ['/a/..', 'must not end with \'/..\''], ['/a/.', 'must not end with \'/.\''],
    ['/a b', 'must only contain valid characters']] as const).map(([value, message]): [string, Json, string, string] =>
    [`the path ${JSON.stringify(value)}`, edit(edit(route(), [...R0, 'filters'], undefined), [...R0, 'matches', 0, 'path', 'value'], value), 'spec.rules.0.matches.0.path', message]),
  ['a path of an unknown type', edit(edit(route(), [...R0, 'filters'], undefined), [...R0, 'matches', 0, 'path', 'type'], 'Glob'), 'spec.rules.0.matches.0.path', 'type must be one of [\'Exact\', \'PathPrefix\', \'RegularExpression\']'],
  ['a backend timeout above the request timeout', edit(route(), [...R0, 'timeouts', 'backendRequest'], '1m'), 'spec.rules.0.timeouts', 'backendRequest timeout cannot be longer than request timeout'],
  // BackendTLSPolicy
  ['the same target with and without sectionName', edit(policy(), ['spec', 'targetRefs', 1], { group: '', kind: 'Service', name: 'orders', sectionName: 'https' }), 'spec.targetRefs',
    'sectionName must be specified when targetRefs includes 2 or more references to the same target'],
  ['the same target twice', edit(policy(), ['spec', 'targetRefs', 1], { group: '', kind: 'Service', name: 'orders' }), 'spec.targetRefs', 'sectionName must be unique when targetRefs includes 2 or more references to the same target'],
  ['CA references and well-known CAs', edit(policy(), ['spec', 'validation', 'wellKnownCACertificates'], 'System'), 'spec.validation', 'must not contain both CACertificateRefs and WellKnownCACertificates'],
  ['no CA at all', edit(policy(), ['spec', 'validation', 'caCertificateRefs'], []), 'spec.validation', 'must specify either CACertificateRefs or WellKnownCACertificates'],
  ['a Hostname SAN without hostname', edit(policy(), ['spec', 'validation', 'subjectAltNames', 0], { type: 'Hostname' }), 'spec.validation.subjectAltNames.0', 'SubjectAltName element must contain Hostname, if Type is set to Hostname'],
  ['a URI SAN with a hostname', edit(policy(), ['spec', 'validation', 'subjectAltNames', 1, 'hostname'], 'x.example.com'), 'spec.validation.subjectAltNames.1', 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname'],
  ['a URI SAN without uri', edit(policy(), ['spec', 'validation', 'subjectAltNames', 1], { type: 'URI' }), 'spec.validation.subjectAltNames.1', 'SubjectAltName element must contain URI, if Type is set to URI'],
  ['a Hostname SAN with a uri', edit(policy(), ['spec', 'validation', 'subjectAltNames', 0, 'uri'], 'spiffe://x/y'), 'spec.validation.subjectAltNames.0', 'SubjectAltName element must not contain URI, if Type is not set to URI'],
  // Istio
  ['portLevelMtls without a selector', edit(peerAuthentication(), ['spec', 'selector'], undefined), 'spec', 'portLevelMtls requires selector'],
  ['port 0 in portLevelMtls', edit(peerAuthentication(), ['spec', 'portLevelMtls'], { 0: { mode: 'STRICT' } }), 'spec.portLevelMtls', 'port must be between 1-65535'],
  ['a wildcard label key', edit(peerAuthentication(), ['spec', 'selector', 'matchLabels'], { 'app*': 'x' }), 'spec.selector.matchLabels', 'wildcard not allowed in label key match'],
  ['an empty label key', edit(peerAuthentication(), ['spec', 'selector', 'matchLabels'], { '': 'x' }), 'spec.selector.matchLabels', 'key must not be empty'],
  ['a wildcard label value', edit(peerAuthentication(), ['spec', 'selector', 'matchLabels', 'app'], 'rev*'), 'spec.selector.matchLabels.app', 'wildcard not allowed in label value match'],
  ['a selector and targetRefs', edit(authorizationPolicy(), ['spec', 'targetRefs'], [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'g' }]), 'spec', 'only one of targetRefs or selector can be set'],
  ['serviceAccounts beside principals', edit(authorizationPolicy(), ['spec', 'rules', 0, 'from', 0, 'source', 'serviceAccounts'], ['emissary/emissary']), 'spec.rules.0.from.0.source',
    'Cannot set serviceAccounts with namespaces or principals'],
  ['a targetRef in another namespace', edit(edit(authorizationPolicy(), ['spec', 'selector'], undefined), ['spec', 'targetRef'], { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'g', namespace: 'x' }),
    'spec.targetRef.namespace', 'cross namespace referencing is not currently supported'],
];

/** Every rule of a bundled schema, with the kind and the schema path it sits at. */
function bundledRules(groupPrefix: string): Array<{ key: string; rule: string }> {
  const found: Array<{ key: string; rule: string }> = [];
  const walk = (node: unknown, key: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (node === null || typeof node !== 'object') return;
    for (const v of (node as Json)['x-kubernetes-validations'] ?? []) found.push({ key, rule: v.rule });
    for (const child of Object.values(node as Json)) walk(child, key);
  };
  for (const [key, schema] of Object.entries(BUNDLED_SCHEMAS)) if (key.startsWith(groupPrefix)) walk(schema, key);
  return found;
}

describe('CEL rules of the bundled CRDs', () => {
  test.each([['Gateway', gateway()], ['HTTPRoute', route()], ['BackendTLSPolicy', policy()], ['PeerAuthentication', peerAuthentication()], ['AuthorizationPolicy', authorizationPolicy()]])(
    'a valid %s passes its schema and every rule', (_, doc) => {
      expect(schemas.errors(doc)).toEqual([]);
      expect(schemas.errors({ ...doc, apiVersion: doc.apiVersion.replace(/v1$/, 'v1beta1') })).toEqual(doc.kind === 'BackendTLSPolicy' ? undefined : []);
    });

  test.each(CASES)('%s fails the rule, at its node', (_, doc, at, message) => {
    const failures = schemas.ruleFailures(doc)!;
    expect(failures.map((f) => `${f.path.join('.')}: ${f.message}`)).toContainEqual(expect.stringMatching(new RegExp(`^${at.replace(/\./g, '\\.')}: ${message.replace(/[[\]().*+?^$|\\]/g, '\\$&')}`)));
    expect(failures.every((f) => !f.notEvaluated)).toBe(true);
  });

  test('every rule of the Gateway API and Istio CRDs is broken by a case above, and none calls a function the evaluator lacks', () => {
    const broken = new Set(CASES.flatMap(([, doc]) => schemas.ruleFailures(doc)!.map((f) => f.rule)));
    const rules = [...bundledRules('gateway.networking.k8s.io/'), ...bundledRules('security.istio.io/')].map((r) => r.rule);
    // GatewayClass's `self == oldSelf` (controllerName is immutable) is a transition rule: updates only.
    const onCreate = [...new Set(rules)].filter((r) => !/\boldSelf\b/.test(r));
    expect(onCreate.filter((r) => !broken.has(r))).toEqual([]);
    expect(onCreate.length).toBeGreaterThan(70);
  });

  test('Gateway API versions v1 and v1beta1 carry the same rules', () => {
    for (const kind of ['Gateway', 'HTTPRoute', 'GatewayClass']) {
      const rulesOf = (version: string) => bundledRules(`gateway.networking.k8s.io/${version}/${kind}`).map((r) => r.rule);
      expect(rulesOf('v1beta1')).toEqual(rulesOf('v1'));
    }
  });
});

describe('the evaluator follows the API server', () => {
  const schema = (rules: Json[], properties: Json = {}): Json => ({ type: 'object', properties: { spec: { 'type': 'object', properties, 'x-kubernetes-validations': rules } } });
  const doc = (spec: Json) => ({ spec });

  test('defaults are applied before the rules run, and integers are CEL ints', () => {
    const s = schema([{ rule: 'self.port == 80 && self.kind == "Service"' }], { port: { type: 'integer', default: 80 }, kind: { type: 'string', default: 'Service' } });
    expect(celRuleFailures(doc({}), s)).toEqual([]);
    expect(celRuleFailures(doc({ port: 81 }), s).map((f) => f.message)).toEqual(['failed rule: self.port == 80 && self.kind == "Service"']);
  });

  test('messageExpression, fieldPath and reason shape the failure; a broken messageExpression falls back to message', () => {
    const s = schema([
      { rule: 'self.a < 10', messageExpression: '"a is " + string(self.a)', fieldPath: '.a', reason: 'FieldValueForbidden' },
      { rule: 'self.a < 5', message: 'a below 5', messageExpression: 'self.missing', fieldPath: ".b['c.d']" },
    ], { a: { type: 'integer' } });
    expect(celRuleFailures(doc({ a: 12 }), s)).toEqual([
      { path: ['spec', 'a'], rule: 'self.a < 10', message: 'a is 12', reason: 'Forbidden' },
      { path: ['spec', 'b', 'c.d'], rule: 'self.a < 5', message: 'a below 5', reason: 'Invalid value' },
    ]);
  });

  test('a transition rule (oldSelf) is skipped on create', () => {
    expect(celRuleFailures(doc({ a: 1 }), schema([{ rule: 'self == oldSelf', message: 'immutable' }]))).toEqual([]);
  });

  test('property names are escaped as Kubernetes escapes them; map keys are not', () => {
    expect([escapedPropertyName('namespace'), escapedPropertyName('x-y'), escapedPropertyName('a.b'), escapedPropertyName('a__b'), escapedPropertyName('a/b'), escapedPropertyName('1a')])
      .toEqual(['__namespace__', 'x__dash__y', 'a__dot__b', 'a__underscores__b', 'a__slash__b', undefined]);
    const s = schema([{ rule: 'self.__namespace__ == "x" && self.x__dash__y == 1 && self.labels["a-b"] == "c"' }],
      { 'namespace': { type: 'string' }, 'x-y': { type: 'integer' }, 'labels': { type: 'object', additionalProperties: { type: 'string' } } });
    expect(celRuleFailures(doc({ 'namespace': 'x', 'x-y': 1, 'labels': { 'a-b': 'c' } }), s)).toEqual([]);
  });

  test('a missing key fails the rule with the error; a Kubernetes library function is reported as not evaluated', () => {
    expect(celRuleFailures(doc({}), schema([{ rule: 'self.a > 0' }], { a: { type: 'integer' } }))[0].message).toMatch(/^field not found: a evaluating rule: self\.a > 0$/);
    const [failure] = celRuleFailures(doc({ u: 'https://x' }), schema([{ rule: 'isURL(self.u)' }], { u: { type: 'string' } }));
    expect(failure).toMatchObject({ notEvaluated: true, message: expect.stringContaining('unbound function: isURL') });
  });

  test('matches() is RE2, as in Kubernetes: flags such as (?i) work', () => {
    expect(celRuleFailures(doc({ a: 'ABC' }), schema([{ rule: 'self.a.matches("(?i)^abc$")' }], { a: { type: 'string' } }))).toEqual([]);
  });

  test('at the root a rule sees metadata.name and generateName only', () => {
    const s = { 'type': 'object', 'properties': { metadata: { type: 'object' } }, 'x-kubernetes-validations': [{ rule: '!has(self.metadata.labels) && self.metadata.name == "n"' }] };
    expect(celRuleFailures({ metadata: { name: 'n', labels: { a: 'b' } } }, s)).toEqual([]);
  });
});

describe('check reports each failed rule at its line and column', () => {
  test('a crd-cel finding per rule, with file:line:column of the node', () => {
    const text = [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: {name: shop, namespace: shop}',
      'spec:',
      '  rules:',
      '  - matches:',
      '    - path:',
      '        type: PathPrefix',
      '        value: /a//b',
      '    backendRefs:',
      '    - name: orders',
      '',
    ].join('\n');
    const findings = checkManifests(parseManifests(text, 'route.yaml').documents).findings;
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} [${f.rule}] ${f.field}`)).toEqual([
      'route.yaml:7:7 error [crd-cel] spec.rules.0.matches.0.path',
      'route.yaml:11:7 error [crd-cel] spec.rules.0.backendRefs.0',
    ]);
    expect(findings[1].message).toBe('fails a CEL rule of the gateway.networking.k8s.io/v1 HTTPRoute CRD at spec.rules.0.backendRefs.0: Invalid value: Must have port for Service reference');
    expect(findings[1].fix).toContain('(size(self.group) == 0 && self.kind == \'Service\') ? has(self.port) : true');
  });
});

describe('the CEL evaluator is loaded on the first rule only', () => {
  test('checking objects whose schemas carry no rule never loads @bufbuild/cel; the first rule does', () => {
    let loads = 0;
    jest.isolateModules(() => {
      jest.doMock('@bufbuild/cel', () => {
        loads++;
        return jest.requireActual('@bufbuild/cel');
      });
      // A fresh module registry, so the schemas load (or not) the evaluator here.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated: typeof import('../../src/validation/crd-schemas') = require('../../src/validation/crd-schemas');
      const bundled = isolated.CrdSchemas.bundled();
      const mapping = { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'm', namespace: 'edge' }, spec: { prefix: '/', service: 'https://s:443', hostname: '*' } };
      expect(bundled.errors(mapping)).toEqual([]);
      expect(loads).toBe(0);
      expect(bundled.errors(gateway())).toEqual([]);
      expect(loads).toBe(1);
    });
    jest.dontMock('@bufbuild/cel');
  });
});
