import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { GatewayApiMigrationOptions, migrateToGatewayApi } from '../../src/migrate';
import { cli } from '../support/cli';
import { bundledSchemas, schemaErrors } from '../support/schema';

const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-migrate-gw-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

type Json = Record<string, any>;
const validate = (doc: Json) => bundledSchemas().errors(doc) ?? [];
const OPTIONS: GatewayApiMigrationOptions = { gatewayClassName: 'eg', caConfigMap: 'upstream-ca', validate };
const migrate = (text: string, options: GatewayApiMigrationOptions = OPTIONS) => migrateToGatewayApi([{ file: 'in.yaml', text }], options);
const docsOf = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null);
const gatewayDocs = (text: string) => docsOf(text).filter((d) => String(d.apiVersion).startsWith('gateway.networking.k8s.io/'));
const indent = (spec: string) => spec.replace(/^/gm, '  ');
const resource = (version: string, kind: string, name: string, spec: string) =>
  `apiVersion: getambassador.io/${version}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: edge\nspec:\n${indent(spec)}\n`;
const mapping = (spec: string, version = 'v3alpha1', name = 'm') => resource(version, 'Mapping', name, spec);
const context = (spec: string, version = 'v3alpha1', name = 'client') => resource(version, 'TLSContext', name, spec);
/** A Mapping through TLSContext "client" with the client certificate "client-cert". */
const mtls = (extra = '', contextExtra = '') => `${context(`secret: client-cert${contextExtra}`)}---\n${mapping(`hostname: "*"\nprefix: /a/\nservice: https://a.apps:8443\ntls: client${extra}`)}`;

describe('migrate --to gateway-api: what each Emissary field becomes', () => {
  test('a TLSContext and its Mapping: the Gateway with the client certificate, a BackendTLSPolicy, the HTTPRoute and its ReferenceGrant, each valid (schema and CEL)', () => {
    const result = migrate(mtls());
    expect(result.refused).toEqual([]);
    expect(result.converted).toBe(2);
    const docs = gatewayDocs(result.texts[0]);
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual(
      ['Gateway/edge/edge', 'BackendTLSPolicy/apps/a', 'HTTPRoute/edge/m', 'ReferenceGrant/apps/httproute-edge']);
    expect(docs[0].spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      tls: { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: 'client-cert' } } },
    });
    expect(docs[1].spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'a' }],
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'upstream-ca' }], hostname: 'a.apps' },
    });
    expect(docs[2].spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/a/' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'a', namespace: 'apps', port: 8443 }],
        timeouts: { request: '3s' },
      }],
    });
    expect(docs[3].spec).toEqual({ from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service', name: 'a' }] });
    expect(schemaErrors(docs)).toEqual([]);
    expect(result.notes.map((n) => n.note)).toContain('gains verification: Emissary accepted any upstream certificate through this TLSContext; the BackendTLSPolicy verifies it against ConfigMap upstream-ca and the upstream\'s name');
  });

  const routeOf = (text: string) => gatewayDocs(text).find((d) => d.kind === 'HTTPRoute')!;
  test.each([
    ['hostname as hostnames', '\nhostname: Shop.Example.com', (r: Json) => expect(r.spec.hostnames).toEqual(['shop.example.com'])],
    ['a "*." hostname stays a wildcard', '\nhostname: "*.example.com"', (r: Json) => expect(r.spec.hostnames).toEqual(['*.example.com'])],
    ['rewrite "" keeps the path: no filter', '\nrewrite: ""', (r: Json) => expect(r.spec.rules[0].filters).toBeUndefined()],
    ['rewrite as ReplacePrefixMatch', '\nrewrite: /v2/', (r: Json) => expect(r.spec.rules[0].filters[0].urlRewrite.path.replacePrefixMatch).toBe('/v2/')],
    ['timeout_ms as timeouts.request', '\ntimeout_ms: 90500', (r: Json) => expect(r.spec.rules[0].timeouts).toEqual({ request: '1m30s500ms' })],
    ['timeout_ms 0 (none) as 0s', '\ntimeout_ms: 0', (r: Json) => expect(r.spec.rules[0].timeouts).toEqual({ request: '0s' })],
    ['exact headers, query parameters and the method as matches', '\nheaders:\n  x-team: blue\nquery_parameters:\n  v: "2"\nmethod: post',
      (r: Json) => expect(r.spec.rules[0].matches[0]).toEqual({
        path: { type: 'PathPrefix', value: '/a/' },
        headers: [{ type: 'Exact', name: 'x-team', value: 'blue' }],
        queryParams: [{ type: 'Exact', name: 'v', value: '2' }],
        method: 'POST',
      })],
    ['added headers (append: false replaces) and removed ones as header modifiers',
      '\nadd_request_headers:\n  x-from: edge\n  x-only:\n    value: one\n    append: false\nremove_request_headers: [x-debug]\nadd_response_headers:\n  x-served-by: gateway\nremove_response_headers: server',
      (r: Json) => expect(r.spec.rules[0].filters.slice(1)).toEqual([
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-only', value: 'one' }], add: [{ name: 'x-from', value: 'edge' }], remove: ['x-debug'] } },
        { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'gateway' }], remove: ['server'] } },
      ])],
  ])('%s', (_, extra, expectation) => {
    // A hostname given replaces the "*" of mtls().
    const result = migrate(extra.startsWith('\nhostname') ? mtls(extra).replace('  hostname: "*"\n', '') : mtls(extra));
    expect(result.refused).toEqual([]);
    expectation(routeOf(result.texts[0]));
    expect(schemaErrors(gatewayDocs(result.texts[0]))).toEqual([]);
  });

  test('sni is the BackendTLSPolicy\'s hostname; a Secret "name.namespace" is referred to across namespaces, with its ReferenceGrant', () => {
    const text = `${context('secret: client-cert.certs\nsni: a.apps.svc.cluster.local')}---\n${mapping('hostname: "*"\nprefix: /a/\nservice: a.apps:8443\ntls: client')}`;
    const docs = gatewayDocs(migrate(text).texts[0]);
    expect(docs.find((d) => d.kind === 'BackendTLSPolicy')!.spec.validation.hostname).toBe('a.apps.svc.cluster.local');
    expect(docs.find((d) => d.kind === 'Gateway')!.spec.tls.backend.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: 'client-cert', namespace: 'certs' });
    expect(docs.filter((d) => d.kind === 'ReferenceGrant').map((d) => d.metadata.namespace).sort()).toEqual(['apps', 'certs']);
    expect(schemaErrors(docs)).toEqual([]);
  });

  test('a plain HTTP Mapping becomes an HTTPRoute alone; routes in other namespaces are let in by name', () => {
    const other = mapping('hostname: "*"\nprefix: /b/\nservice: b:8080', 'v3alpha1', 'b').replace('namespace: edge', 'namespace: shop');
    const result = migrate(`${mtls()}---\n${other}`);
    expect(result.refused).toEqual([]);
    const docs = gatewayDocs(result.texts[0]);
    expect(docs.filter((d) => d.metadata.namespace === 'shop').map((d) => d.kind)).toEqual(['HTTPRoute']);
    expect(docs.find((d) => d.kind === 'Gateway')!.spec.listeners[0].allowedRoutes).toEqual(
      { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['edge', 'shop'] }] } } });
    expect(schemaErrors(docs)).toEqual([]);
  });

  test('v2 too: host as hostnames, tls: true with --ca-config-map gains verification', () => {
    const result = migrate(mapping('prefix: /l/\nhost: shop.example.com\nservice: legacy.shop:8443\ntls: true', 'v2'));
    expect(result.refused).toEqual([]);
    const docs = gatewayDocs(result.texts[0]);
    expect(docs.map((d) => d.kind)).toEqual(['HTTPRoute', 'BackendTLSPolicy', 'ReferenceGrant']);
    expect(docs[0].spec.hostnames).toEqual(['shop.example.com']);
    expect(result.notes.map((n) => n.note)).toContain('gains verification: Emissary accepted any upstream certificate; the BackendTLSPolicy verifies it against ConfigMap upstream-ca');
    expect(schemaErrors(docs)).toEqual([]);
  });

  test('a string prefix becomes a path-element PathPrefix: each Mapping is told which requests and upstream paths change', () => {
    // Emissary (Envoy) matches and rewrites the prefix as characters; the HTTPRoute CRD's PathPrefix and
    // ReplacePrefixMatch work by path element and ignore a trailing "/".
    const notesOf = (spec: string) => migrate(mapping(`hostname: "*"\n${spec}\nservice: b:8080`)).notes.map((n) => n.note);
    // a prefix ending in "/" and the default rewrite "/": the same paths upstream, and the bare path is now matched
    expect(notesOf('prefix: /orders/')).toEqual(expect.arrayContaining([
      'the PathPrefix /orders/ also matches /orders itself (the Gateway API ignores a trailing "/"), which Emissary\'s string prefix /orders/ does not: that request now reaches the upstream',
    ]));
    expect(notesOf('prefix: /orders/').filter((n) => n.startsWith('rewrite'))).toEqual([]);
    // no trailing "/": /orders-v2 is no longer matched, and the default rewrite no longer sends "//x"
    expect(notesOf('prefix: /orders')).toEqual(expect.arrayContaining([
      'the PathPrefix /orders matches whole path elements (/orders and /orders/...), not /ordersx-like paths such as /orders-v2 that Emissary\'s string prefix matches: those get no route from this HTTPRoute',
      'rewrite "/" (the default) with prefix /orders: Emissary sends /orders/x upstream as //x, the URLRewrite (ReplacePrefixMatch, by path element) as /x',
    ]));
    expect(notesOf('prefix: /orders/\nrewrite: /v1')).toContain('rewrite "/v1" with prefix /orders/: Emissary sends /orders/x upstream as /v1x, the URLRewrite (ReplacePrefixMatch, by path element) as /v1/x');
    // the whole path space: nothing differs
    expect(notesOf('prefix: /').filter((n) => /PathPrefix|rewrite/.test(n))).toEqual([]);
  });
});

describe('migrate --to gateway-api: refuses, naming the field, what has no standard equivalent or would weaken security', () => {
  const refusedFields = (text: string, options?: GatewayApiMigrationOptions) => {
    const result = migrate(text, options);
    // A refused document stays byte for byte.
    for (const r of result.refused) expect(result.texts[0]).toContain(text.split(/^---\n/m)[r.index]);
    return result.refused.flatMap((r) => r.refusals.map((x) => `${r.resource.split('/')[0]} ${x.field}: ${x.reason}`));
  };
  type Row = readonly [string, string, string, string | RegExp];
  const onMapping = (field: string, extra: string, reason: string | RegExp): Row => [`Mapping ${field}`, mtls(`\n${extra}`), `Mapping spec.${field}`, reason];
  const onContext = (field: string, extra: string, reason: string | RegExp): Row => [`TLSContext ${field}`, mtls('', `\n${extra}`), `TLSContext spec.${field}`, reason];
  test.each<Row>([
    onMapping('load_balancer', 'load_balancer:\n  policy: round_robin', 'is lost: HTTPRoute has no load balancer policy'),
    onMapping('resolver', 'resolver: consul-dc1', 'not through a Consul or endpoint resolver'),
    onMapping('prefix_regex', 'prefix_regex: true', 'RegularExpression path matches are implementation-specific'),
    onMapping('regex_headers', 'regex_headers:\n  x-a: ".*"', 'matches headers by regular expression'),
    onMapping('regex_query_parameters', 'regex_query_parameters:\n  a: ".*"', 'matches query parameters by regular expression'),
    onMapping('regex_rewrite', 'regex_rewrite:\n  pattern: "^/a/(.*)"\n  substitution: "/\\\\1"', 'rewrites by regular expression'),
    onMapping('add_linkerd_headers', 'add_linkerd_headers: true', 'is Linkerd\'s routing header'),
    onMapping('idle_timeout_ms', 'idle_timeout_ms: 5000', 'timeouts are request and backendRequest only'),
    onMapping('connect_timeout_ms', 'connect_timeout_ms: 5000', 'has no standard HTTPRoute counterpart'),
    onMapping('retry_policy', 'retry_policy:\n  retry_on: 5xx', 'HTTPRoute retries are experimental, GEP-1731'),
    onMapping('circuit_breakers', 'circuit_breakers:\n  - max_connections: 10', 'has no Gateway API counterpart'),
    onMapping('cors', 'cors:\n  origins: ["https://a.example.com"]', 'HTTPRoute\'s CORS filter differs in its defaults'),
    onMapping('weight', 'weight: 10', 'becomes backendRef weights of one rule'),
    onMapping('precedence', 'precedence: 10', 'the Gateway API orders rules itself'),
    onMapping('case_sensitive', 'case_sensitive: false', 'path matches are case-sensitive'),
    onMapping('bypass_auth', 'bypass_auth: true', 'Emissary\'s AuthService'),
    onMapping('host_redirect', 'host_redirect: true', 'makes this Mapping a redirect'),
    onMapping('labels', 'labels:\n  ambassador:\n    - request_label:\n        - remote_address', 'feeds Emissary\'s rate limiting'),
    onMapping('use_websocket', 'use_websocket: true', 'has no Gateway API counterpart'),
    onMapping('host_regex', 'host: "^a\\\\..*"\nhost_regex: true', 'makes the host a regular expression'),
    onMapping('headers.x-canary', 'headers:\n  x-canary: true', 'the Gateway API matches presence only by regular expression'),
    onMapping('headers.:authority', 'headers:\n  ":authority": api.example.com', 'which HTTPRoute matches through hostnames'),
    onMapping('method', 'method: FETCH', '"FETCH" is not an HTTPRoute method'),
    // Emissary's header values may be Envoy commands, expanded per request; a header modifier's value is a literal.
    onMapping('add_request_headers.x-client-ip', 'add_request_headers:\n  x-client-ip: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"', 'has the Envoy command %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%, which Emissary expands per request'),
    onMapping('add_response_headers.x-proto', 'add_response_headers:\n  x-proto:\n    value: "proto=%PROTOCOL%"\n    append: false', 'has the Envoy command %PROTOCOL%'),
    ['Mapping hostname glob at the end', mtls().replace('hostname: "*"', 'hostname: "shop.*"'), 'Mapping spec.hostname', 'is a glob the Gateway API cannot express'],
    ['Mapping hostname IP address', mtls().replace('hostname: "*"', 'hostname: 10.0.0.1'), 'Mapping spec.hostname', 'is an IP address'],
    ['Mapping hostname with a port', mtls().replace('hostname: "*"', 'hostname: shop.example.com:8443'), 'Mapping spec.hostname', 'names a port'],
    ['Mapping v3alpha1 host glob (an exact match)', mtls().replace('hostname: "*"', 'host: "*.example.com"'), 'Mapping spec.host', 'is an exact match in Emissary\'s host field'],
    ['Mapping v3alpha1 with no hostname (unrouted on Emissary 2+)', mtls().replace('  hostname: "*"\n', ''), 'Mapping spec.hostname', 'an HTTPRoute without hostnames takes every host'],
    ['Mapping prefix without "/"', mtls().replace('prefix: /a/', 'prefix: a/'), 'Mapping spec.prefix', 'is not a path starting with "/"'],
    ['Mapping service outside the cluster', mtls().replace('https://a.apps:8443', 'https://api.example.com:443'), 'Mapping spec.service', 'is not a Kubernetes Service'],
    ['Mapping TLSContext not among the inputs', mapping('hostname: "*"\nprefix: /a/\nservice: https://a.apps:8443\ntls: elsewhere'), 'Mapping spec.tls', 'which is not among the inputs'],
    ['Mapping without a spec', 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: m\n', 'Mapping spec', 'is missing or not an object'],
    ['Mapping a header name the HTTPRoute schema refuses', mtls('\nheaders:\n  "x team": blue'), 'Mapping HTTPRoute/m', /would fail its schema or CEL rules: .*headers/],
    ['TLSContext alpn_protocols istio', mtls('', '\nalpn_protocols: istio'), 'TLSContext spec.alpn_protocols', 'is Istio\'s: Istio reads alpn_protocols "istio" as the mesh\'s own mTLS'],
    onContext('alpn_protocols', 'alpn_protocols: h2', 'BackendTLSPolicy negotiates no ALPN'),
    onContext('cert_chain_file', 'cert_chain_file: /etc/certs/tls.crt', 'is a file in Ambassador\'s pod'),
    onContext('private_key_file', 'private_key_file: /etc/certs/tls.key', 'is a file in Ambassador\'s pod'),
    onContext('min_tls_version', 'min_tls_version: v1.3', 'BackendTLSPolicy options are implementation-specific'),
    onContext('cipher_suites', 'cipher_suites: [ECDHE-ECDSA-AES128-GCM-SHA256]', 'BackendTLSPolicy options are implementation-specific'),
    onContext('redirect_cleartext_from', 'redirect_cleartext_from: 8080', 'has no Gateway API counterpart on the backend connection'),
    onContext('hosts', 'hosts: [shop.example.com]', 'makes this TLSContext terminate TLS for those hosts'),
    ['TLSContext Consul connector secret', mtls().replace('secret: client-cert', 'secret: ambassador-consul-connect'), 'TLSContext spec.secret', 'is the Consul connector\'s copy of the Connect CA'],
    ['TLSContext a second TLSContext of the same name', `${mtls()}---\n${context('secret: client-cert').replace('namespace: edge', 'namespace: other')}`, 'TLSContext metadata.name', 'Emissary\'s TLSContext names are global'],
  ])('%s', (_, text, field, reason) => {
    const found = refusedFields(text);
    expect(found.some((f) => f.startsWith(`${field}: `) && (typeof reason === 'string' ? f.includes(reason) : reason.test(f)))).toBe(true);
  });

  test.each([
    ['a CA file without --ca-config-map', mtls('', '\ncacert_chain_file: /etc/ca/ca.crt'), 'TLSContext spec.cacert_chain_file', 'a BackendTLSPolicy reads it from ca.crt of a ConfigMap'],
    ['a CA Secret without --ca-config-map', mtls('', '\nca_secret: upstream-ca'), 'TLSContext spec.ca_secret', 'a BackendTLSPolicy reads it from ca.crt of a ConfigMap'],
    ['an https:// Mapping without a TLSContext', mapping('hostname: "*"\nprefix: /a/\nservice: https://a.apps:8443'), 'Mapping spec.service', 'Emissary verifies no upstream certificate'],
    ['no CA (Emissary verifies nothing) without --ca-config-map', mtls(), 'TLSContext spec.cacert_chain_file', 'Emissary verifies no upstream certificate through this TLSContext'],
  ])('%s', (_, text, field, reason) => {
    expect(refusedFields(text, { ...OPTIONS, caConfigMap: undefined }).some((f) => f.startsWith(`${field}: `) && f.includes(reason))).toBe(true);
  });

  test('a client certificate without --gateway-class: the certificate goes on a Gateway this command only writes for a named class', () => {
    expect(refusedFields(mtls(), { ...OPTIONS, gatewayClassName: undefined })).toContainEqual(expect.stringContaining('TLSContext spec.secret: is the client certificate, which goes on the Gateway') as any);
  });

  test('two client certificates: the Gateway presents one to every backend', () => {
    const second = `${context('secret: other-cert', 'v3alpha1', 'second')}---\n${mapping('hostname: "*"\nprefix: /b/\nservice: https://b.apps:8443\ntls: second', 'v3alpha1', 'b')}`;
    const found = refusedFields(`${mtls()}---\n${second}`);
    expect(found).toContainEqual(expect.stringMatching(/^TLSContext spec\.secret: presents client certificate edge\/other-cert, but the Gateway presents one certificate to every backend/) as any);
    expect(found).toContain('Mapping spec.tls: names TLSContext "second", which is not migrated (see its refusals)');
  });

  test('a TLSContext that a refused Mapping still names stays for Emissary, and so do its other Mappings', () => {
    const refusedUser = mapping('hostname: "*"\nprefix: /b/\nservice: https://b.apps:8443\ntls: client\nload_balancer:\n  policy: round_robin', 'v3alpha1', 'b');
    const result = migrate(`${mtls()}---\n${refusedUser}`);
    expect(result.converted).toBe(0);
    expect(result.refused.flatMap((r) => r.refusals.map((x) => `${r.resource} ${x.field}: ${x.reason}`))).toEqual([
      'TLSContext/edge/client metadata.name: is still named by Mapping/edge/b, which is not migrated: Emissary needs this TLSContext for it',
      'Mapping/edge/m spec.tls: names TLSContext "client", which is not migrated (see its refusals)',
      expect.stringContaining('Mapping/edge/b spec.load_balancer: is lost'),
    ]);
    expect(result.texts[0]).toBe(`${mtls()}---\n${refusedUser}`);
  });

  test('one Service reached with two SNIs, or over TLS and over plain HTTP: one BackendTLSPolicy applies per Service', () => {
    const sni = `${context('secret: client-cert\nsni: a.apps', 'v3alpha1', 'one')}---\n${context('secret: client-cert\nsni: a.apps.svc', 'v3alpha1', 'two')}---\n`
      + `${mapping('hostname: "*"\nprefix: /a/\nservice: https://a.apps:8443\ntls: one', 'v3alpha1', 'm1')}---\n${mapping('hostname: "*"\nprefix: /b/\nservice: https://a.apps:8443\ntls: two', 'v3alpha1', 'm2')}`;
    const refusedSni = refusedFields(sni);
    expect(refusedSni).toContainEqual(expect.stringMatching(/^Mapping spec\.tls: reaches Service apps\/a as "a\.apps\.svc", another Mapping .* as "a\.apps": one BackendTLSPolicy/) as any);
    expect(refusedSni).toContainEqual('TLSContext metadata.name: is still named by Mapping/edge/m2, which is not migrated: Emissary needs this TLSContext for it');
    const mixed = `${mtls()}---\n${mapping('hostname: "*"\nprefix: /plain/\nservice: a.apps:8443', 'v3alpha1', 'plain')}`;
    expect(refusedFields(mixed)).toContainEqual(expect.stringMatching(/^Mapping spec\.service: sends plain HTTP to Service apps\/a, which another Mapping reaches over TLS/) as any);
  });
});

describe('migrate --to gateway-api: only the converted documents change', () => {
  test('comments, other documents, "---" markers and CRLF line breaks stay byte for byte', () => {
    const configMap = '# leading comment\napiVersion: v1\nkind: ConfigMap   #  spaced  oddly\nmetadata:\n  name: keep\ndata: {a: "1"}\n';
    const text = `${configMap}---\n${mtls()}# a trailing comment stays too\n`;
    const result = migrate(text);
    expect(result.refused).toEqual([]);
    const out = result.texts[0];
    expect(out.startsWith(`${configMap}---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n`)).toBe(true);
    expect(out.endsWith('# a trailing comment stays too\n')).toBe(true);
    // Every document parses on its own: the markers between them are kept.
    expect(docsOf(out).map((d) => d.kind)).toEqual(['ConfigMap', 'Gateway', 'BackendTLSPolicy', 'HTTPRoute', 'ReferenceGrant']);
    const crlf = migrate(text.replace(/\n/g, '\r\n')).texts[0];
    expect(crlf).toBe(out.replace(/\n/g, '\r\n'));
  });

  test('the Mappings and the TLSContext may be in different files', () => {
    const result = migrateToGatewayApi([{ file: 'a.yaml', text: context('secret: client-cert') }, { file: 'b.yaml', text: mapping('hostname: "*"\nprefix: /a/\nservice: https://a.apps:8443\ntls: client') }], OPTIONS);
    expect(result.refused).toEqual([]);
    expect(gatewayDocs(result.texts[0]).map((d) => d.kind)).toEqual(['Gateway', 'BackendTLSPolicy']);
    expect(gatewayDocs(result.texts[1]).map((d) => d.kind)).toEqual(['HTTPRoute', 'ReferenceGrant']);
  });
});

describe('migrate --to gateway-api on the command line', () => {
  const args = ['migrate', '--to', 'gateway-api', '--gateway-class', 'eg', '--ca-config-map', 'upstream-ca'];
  test('prints a diff, YAML for standard input, and writes only with --write when nothing is refused', () => {
    const dir = tmp();
    const file = path.join(dir, 'routes.yaml');
    fs.writeFileSync(file, mtls());
    const diff = cli([...args, dir]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`--- ${file}\tgetambassador.io\n+++ ${file}\tgateway.networking.k8s.io/v1`);
    expect(diff.stderr).toMatch(/2 document\(s\) converted to Gateway API objects in 1 file\(s\)\n$/);
    expect(fs.readFileSync(file, 'utf8')).toBe(mtls());

    expect(parse(cli([...args, '-'], mapping('hostname: "*"\nprefix: /b/\nservice: b:8080')).stdout)).toMatchObject({ kind: 'HTTPRoute', spec: { rules: [{ backendRefs: [{ name: 'b', port: 8080 }] }] } });

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, mapping('hostname: "*"\nprefix: /c/\nservice: c:8080\nload_balancer:\n  policy: round_robin', 'v3alpha1', 'c'));
    const refused = cli([...args, '--write', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}#0 Mapping/edge/c: not migrated: spec.load_balancer is lost`);
    expect(fs.readFileSync(file, 'utf8')).toBe(mtls());

    fs.rmSync(bad);
    expect(cli([...args, '--write', dir]).code).toBe(0);
    const written = fs.readFileSync(file, 'utf8');
    expect(gatewayDocs(written).map((d) => d.kind)).toEqual(['Gateway', 'BackendTLSPolicy', 'HTTPRoute', 'ReferenceGrant']);
    expect(cli(['check', dir])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: /) });
  });

  test('--gateway names the Gateway; options of another target, or names the API server refuses, are usage errors', () => {
    const gateway = cli([...args, '--gateway', 'infra/public', '-'], mtls());
    expect(gatewayDocs(gateway.stdout).find((d) => d.kind === 'Gateway')!.metadata).toEqual({ name: 'public', namespace: 'infra' });
    expect(gatewayDocs(gateway.stdout).find((d) => d.kind === 'HTTPRoute')!.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra' }]);
    expect(cli([...args, '--gateway', 'a/b/c', '-'], mtls())).toMatchObject({ code: 2, stderr: expect.stringContaining('--gateway a/b/c: is not NAMESPACE/NAME or NAME') });
    expect(cli([...args.slice(0, 3), '--gateway-class', 'Envoy', '-'], mtls())).toMatchObject({ code: 2, stderr: expect.stringContaining('--gateway-class Envoy: is not a Kubernetes name') });
    expect(cli(['migrate', '--to', 'v3alpha1', '--gateway-class', 'eg', '-'], mtls())).toMatchObject({ code: 2, stderr: expect.stringContaining('are options of --to gateway-api') });
  });
});
