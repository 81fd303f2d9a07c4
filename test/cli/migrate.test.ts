import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { migrateText } from '../../src/migrate';
import { CrdSchemas } from '../../src/validation/crd-schemas';
import { parseManifests } from '../../src/validation/input/parse-manifests';
import { writeFixtures } from '../fixtures/emissary-fixtures';
import { cli } from '../support/cli';
import { temporaryFolders } from '../support/temp';

const ROOT = path.join(__dirname, '..', '..');
const tmp = temporaryFolders('cli-migrate-');
const schemas = CrdSchemas.bundled();
const migrate = (text: string) => migrateText(text, { validate: (doc) => schemas.errors(doc) ?? [] });
const specOf = (text: string, index = 0) => parseAllDocuments(text)[index].toJS().spec;
const v2 = (kind: string, spec: string, name = 'x') => `apiVersion: getambassador.io/v2\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: emissary\nspec:\n${spec}`;

describe('migrate --to v3alpha1: what the conversion webhook does', () => {
  test.each([
    ['host becomes hostname', 'Mapping', '  prefix: /a/\n  service: a\n  host: a.example.com\n', { prefix: '/a/', service: 'a', hostname: 'a.example.com' }],
    ['no host becomes hostname "*"', 'Mapping', '  prefix: /a/\n  service: a\n', { prefix: '/a/', service: 'a', hostname: '*' }],
    ['host_regex false is dropped', 'Mapping', '  prefix: /a/\n  service: a\n  host: a.example.com\n  host_regex: false\n', { prefix: '/a/', service: 'a', hostname: 'a.example.com' }],
    ['host with host_regex stays on the deprecated fields', 'Mapping', '  prefix: /a/\n  service: a\n  host: "^a\\\\..*"\n  host_regex: true\n', { prefix: '/a/', service: 'a', host: '^a\\..*', host_regex: true }],
    ['tls: true becomes an https:// service', 'Mapping', '  prefix: /a/\n  service: http://a:8443\n  tls: true\n', { prefix: '/a/', service: 'https://a:8443', hostname: '*' }],
    ['tls: <context> stays', 'Mapping', '  prefix: /a/\n  service: https://a:8443\n  tls: ctx\n', { prefix: '/a/', service: 'https://a:8443', tls: 'ctx', hostname: '*' }],
    ['tls: false is dropped', 'Mapping', '  prefix: /a/\n  service: a\n  tls: false\n', { prefix: '/a/', service: 'a', hostname: '*' }],
    ['a string ambassador_id becomes a list', 'Mapping', '  prefix: /a/\n  service: a\n  ambassador_id: edge\n', { prefix: '/a/', service: 'a', ambassador_id: ['edge'], hostname: '*' }],
    ['header presence becomes a regex_headers ".*"', 'Mapping', '  prefix: /a/\n  service: a\n  headers:\n    x-canary: true\n    x-team: blue\n',
      { prefix: '/a/', service: 'a', headers: { 'x-team': 'blue' }, regex_headers: { 'x-canary': '.*' }, hostname: '*' }],
    ['query parameter presence too, and the emptied map goes', 'Mapping', '  prefix: /a/\n  service: a\n  query_parameters:\n    debug: true\n',
      { prefix: '/a/', service: 'a', regex_query_parameters: { debug: '.*' }, hostname: '*' }],
    ['an exact :authority header stays a header match beside hostname "*", as the webhook writes it', 'Mapping', '  prefix: /a/\n  service: a\n  headers:\n    ":authority": api.example.com\n',
      { prefix: '/a/', service: 'a', headers: { ':authority': 'api.example.com' }, hostname: '*' }],
    ['string CORS origins and headers become lists', 'Mapping', '  prefix: /a/\n  service: a\n  cors:\n    origins: https://a.example.com,https://b.example.com\n    methods: GET\n  remove_request_headers: x-debug\n',
      { prefix: '/a/', service: 'a', cors: { origins: ['https://a.example.com', 'https://b.example.com'], methods: ['GET'] }, remove_request_headers: ['x-debug'], hostname: '*' }],
    ['added headers in shorthand become objects', 'Mapping', '  prefix: /a/\n  service: a\n  add_request_headers:\n    x-from: edge\n', { prefix: '/a/', service: 'a', add_request_headers: { 'x-from': { value: 'edge' } }, hostname: '*' }],
    ['a TLSContext keeps its fields', 'TLSContext', '  secret: client-cert\n  alpn_protocols: istio\n  ambassador_id: edge\n', { secret: 'client-cert', alpn_protocols: 'istio', ambassador_id: ['edge'] }],
    ['a Host: ambassadorId merged, a one-label selector becomes mappingSelector', 'Host', '  hostname: a.example.com\n  ambassadorId: [edge]\n  selector:\n    matchLabels:\n      team: a\n',
      { hostname: 'a.example.com', ambassador_id: ['edge'], mappingSelector: { matchLabels: { team: 'a' } } }],
    ['the ambassador Module', 'Module', '  config:\n    add_linkerd_headers: true\n  ambassador_id: edge\n', { config: { add_linkerd_headers: true }, ambassador_id: ['edge'] }],
    ['a ConsulResolver', 'ConsulResolver', '  address: consul-server.consul.svc:8500\n  datacenter: dc1\n  ambassador_id: edge\n', { address: 'consul-server.consul.svc:8500', datacenter: 'dc1', ambassador_id: ['edge'] }],
  ])('%s', (_, kind, spec, expected) => {
    const result = migrate(v2(kind, spec));
    expect(result.refused).toEqual([]);
    expect(result.converted).toBe(1);
    const doc = parseAllDocuments(result.text)[0].toJS();
    expect(doc.apiVersion).toBe('getambassador.io/v3alpha1');
    expect(doc.spec).toEqual(expected);
    expect(schemas.errors(doc)).toEqual([]);
  });

  test.each([
    ['a host glob without host_regex (no match in v2, a wildcard in v3alpha1)', 'Mapping', '  prefix: /a/\n  service: a\n  host: "*.example.com"\n', 'spec.host'],
    ['a header that must be absent (false), which the webhook drops', 'Mapping', '  prefix: /a/\n  service: a\n  headers:\n    x-debug: false\n', 'spec.headers.x-debug'],
    ['envoy_override, which v3alpha1 lacks', 'Mapping', '  prefix: /a/\n  service: a\n  envoy_override:\n    per_filter_config: {}\n', 'spec.envoy_override'],
    ['v2 label specifiers', 'Mapping', '  prefix: /a/\n  service: a\n  labels:\n    ambassador:\n      - request_label:\n          - remote_address\n', 'spec.labels'],
    ['a Host selector of several labels (any one in v2, all of them in v3alpha1)', 'Host', '  hostname: a.example.com\n  selector:\n    matchLabels:\n      team: a\n      tier: web\n', 'spec.selector'],
    ['a field the v3alpha1 schema does not know', 'Mapping', '  prefix: /a/\n  service: a\n  use_websocket: true\n  bogus_field: 1\n', 'spec.bogus_field'],
  ])('refuses %s, naming the field, and leaves the document as it was', (_, kind, spec, field) => {
    const text = v2(kind, spec);
    const result = migrate(text);
    expect(result.converted).toBe(0);
    expect(result.text).toBe(text);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0].refusals.map((r) => r.field)).toContain(field);
  });

  test('documents it does not convert stay byte for byte, comments and odd spacing included', () => {
    const text = [
      '# a file of mixed things',
      'apiVersion: v1',
      'kind: ConfigMap   #   spaced  oddly',
      'metadata: {name: x,   namespace: a}',
      '---',
      '# the route',
      v2('Mapping', '  prefix: /a/ # keep this comment\n  service: a\n  tls: true\n').trimEnd(),
      '--- # an AuthService stays v2, with a note',
      'apiVersion: getambassador.io/v2',
      'kind: AuthService',
      'metadata: {name: auth}',
      'spec: {auth_service: "auth:3000"}',
      '...',
      '',
    ].join('\n');
    const result = migrate(text);
    expect(result.converted).toBe(1);
    const [first, second, third] = result.text.split(/^---/m);
    expect(first).toBe(text.split(/^---/m)[0]);
    expect(third).toBe(text.split(/^---/m)[2]);
    expect(second).toContain('prefix: /a/ # keep this comment');
    expect(second).toContain('# the route');
    expect(specOf(result.text, 1)).toEqual({ prefix: '/a/', service: 'https://a', hostname: '*' });
    expect(result.notes.map((n) => n.note)).toEqual([expect.stringMatching(/^AuthService is not converted/)]);
  });

  test('a renamed key keeps its place and its comments; CRLF line endings stay', () => {
    const text = v2('Mapping', '  prefix: /a/\n  # the public host: DNS ticket OPS-123\n  host: a.example.com # prod\n  service: a\n').replace(/\n/g, '\r\n');
    const result = migrate(text);
    expect(result.text).toContain('  # the public host: DNS ticket OPS-123\r\n  hostname: a.example.com # prod\r\n  service: a\r\n');
    expect(result.text).not.toMatch(/[^\r]\n/);
  });
});

describe('migrate edits only what changes', () => {
  test('comment spacing, quoting and every untouched byte stay; renamed keys, rewritten values and moved fields are edited in place', () => {
    const text = ['# routes', 'apiVersion: getambassador.io/v2', 'kind: Mapping', 'metadata:', '  name: qotm', '  namespace: emissary', 'spec:',
      '  prefix: /qotm/     # the   public   prefix', '  host: qotm.example.com   # DNS: OPS-1', '  service: qotm:443 # TLS', '  tls: true        # no client cert',
      '  ambassador_id: edge', '  headers:', '    x-canary: true', '    x-team:   blue', ''].join('\n');
    const result = migrate(text);
    expect(result.text).toBe(['# routes', 'apiVersion: getambassador.io/v3alpha1', 'kind: Mapping', 'metadata:', '  name: qotm', '  namespace: emissary', 'spec:',
      '  prefix: /qotm/     # the   public   prefix', '  hostname: qotm.example.com   # DNS: OPS-1', '  service: https://qotm:443 # TLS',
      '  ambassador_id: [ edge ]', '  headers:', '    x-team:   blue', '  regex_headers: { x-canary: .* }', ''].join('\n'));
    expect(schemas.errors(parse(result.text))).toEqual([]);
  });

  test('a removed last field makes room for the added ones, in its place; a comment after the document stays', () => {
    const text = ['apiVersion: getambassador.io/v2', 'kind: Mapping', 'metadata:', '  name: q', 'spec:', '  prefix: /q/   # p', '  service: q', '  headers:', '    x-canary: true  # canary',
      '# trailing comment', ''].join('\n');
    expect(migrate(text).text).toBe(['apiVersion: getambassador.io/v3alpha1', 'kind: Mapping', 'metadata:', '  name: q', 'spec:', '  prefix: /q/   # p', '  service: q',
      '  hostname: "*"', '  regex_headers: { x-canary: .* }', '# trailing comment', ''].join('\n'));
  });

  test('a flow-style spec is re-rendered alone, its meaning the conversion\'s', () => {
    const text = 'apiVersion: getambassador.io/v2\nkind: Mapping\nmetadata: {name: a, namespace: e}\nspec: {prefix: /a/, service: a, tls: true}\n';
    const result = migrate(text);
    expect(parse(result.text)).toEqual({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'a', namespace: 'e' }, spec: { prefix: '/a/', service: 'https://a', hostname: '*' } });
  });
});

describe('migrate reads and writes YAML as kubectl reads it (YAML 1.1, as go-yaml v2 has it)', () => {
  const asKubectl = (text: string) => parseManifests(text, 'm.yaml').documents[0].doc;

  test('tls: yes is true, as kubectl reads it: an https:// service, as the webhook converts tls: true', () => {
    const result = migrate(v2('Mapping', '  prefix: /a/\n  service: a:8443\n  tls: yes\n'));
    expect(asKubectl(result.text).spec).toEqual({ prefix: '/a/', service: 'https://a:8443', hostname: '*' });
  });

  test('a merge key is resolved, not taken for a field named "<<"', () => {
    const text = 'apiVersion: getambassador.io/v2\nkind: Mapping\nmetadata:\n  name: m\n  namespace: e\n  labels: &l {team: web}\nspec:\n  prefix: /m/\n  service: m\n  headers:\n    <<: *l\n';
    const result = migrate(text);
    expect(result.refused).toEqual([]);
    expect(asKubectl(result.text).spec).toEqual({ prefix: '/m/', service: 'm', headers: { team: 'web' }, hostname: '*' });
  });

  test('a written string YAML 1.1 would read as a boolean is quoted', () => {
    const result = migrate(v2('Mapping', '  prefix: /a/\n  service: a\n  ambassador_id: "on"\n'));
    expect(asKubectl(result.text).spec.ambassador_id).toEqual(['on']);
  });
});

describe('migrate from the command line', () => {
  test('runs the check\'s rules on what it writes, and never writes through a symbolic link', () => {
    const dir = tmp();
    try {
      const file = path.join(dir, 'routes.yaml');
      fs.writeFileSync(file, v2('Mapping', '  prefix: qotm/\n  service: qotm:8443\n  host: qotm.example.com\n'));
      const result = cli(['migrate', file]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/routes\.yaml:7:3 after migration: error \[mapping-prefix\] Mapping\/emissary\/x: prefix "qotm\/" does not start with "\/"/);
      expect(result.stderr).toMatch(/the check finds 1 problem\(s\) in the result \(above\)\n$/);
      const target = path.join(dir, 'real.yaml');
      fs.renameSync(file, target);
      fs.symlinkSync(target, file);
      const before = fs.readFileSync(target, 'utf8');
      const linked = cli(['migrate', '--write', file]);
      expect(linked).toMatchObject({ code: 2, stderr: expect.stringMatching(/routes\.yaml: not written \(a symbolic link: migrate --write never writes through one; migrate its target\)/) });
      expect(fs.readFileSync(target, 'utf8')).toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the v2 charts and fixtures: migrated, they pass check (CI also compiles them through Emissary\'s compiler)', () => {
    // The fixtures as emissary-fixtures.test.ts writes them, but into a folder of this file's own:
    // that test removes and rewrites lib/emissary-fixtures, maybe in another worker at this moment.
    const fixtures = tmp();
    writeFixtures(fixtures);
    const out = tmp();
    const inputs = [path.join(ROOT, 'dist', 'istio-legacy'), path.join(ROOT, 'dist', 'consul'),
      ...fs.readdirSync(fixtures).filter((f) => f.endsWith('-v2')).map((f) => path.join(fixtures, f))];
    for (const input of inputs) fs.cpSync(input, path.join(out, path.basename(input)), { recursive: true });
    // Each as its own set of manifests (one's Deployment is not another's): the rules run on each result.
    for (const input of inputs) {
      const result = cli(['migrate', '--write', path.join(out, path.basename(input))]);
      expect(result.stderr).toMatch(/document\(s\) converted to v3alpha1 in \d+ file\(s\): written\n$/);
      expect(result.stderr).not.toContain('after migration');
      expect(result.code).toBe(0);
    }
    const migrated = fs.readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.k8s.yaml'))
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(out, f), 'utf8')).map((d) => d.toJS()));
    expect(migrated.filter((d) => d.apiVersion === 'getambassador.io/v2').map((d) => d.kind)).toEqual([]);
    expect(migrated.filter((d) => d.apiVersion === 'getambassador.io/v3alpha1').length).toBeGreaterThan(10);
    // Each as its own set of manifests, as each was checked before (one's Deployment is not another's).
    for (const input of inputs) expect(cli(['check', path.join(out, path.basename(input))]).stdout).toMatch(/^ok: /);
  });

  test('prints a diff by default, YAML for standard input; --write writes nothing when something is refused', () => {
    const dir = tmp();
    const good = path.join(dir, 'good.yaml');
    fs.writeFileSync(good, v2('Mapping', '  prefix: /a/\n  service: a\n  host: a.example.com\n'));
    const diff = cli(['migrate', '--to', 'v3alpha1', dir]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`--- ${good}\tgetambassador.io/v2\n+++ ${good}\tgetambassador.io/v3alpha1`);
    expect(diff.stdout).toContain('-  host: a.example.com\n');
    expect(diff.stdout).toContain('+  hostname: a.example.com\n');
    expect(fs.readFileSync(good, 'utf8')).toContain('getambassador.io/v2'); // untouched without --write

    const piped = cli(['migrate', '--to', 'v3alpha1', '-'], fs.readFileSync(good, 'utf8'));
    expect(parse(piped.stdout)).toMatchObject({ apiVersion: 'getambassador.io/v3alpha1', spec: { hostname: 'a.example.com' } });

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, v2('Mapping', '  prefix: /b/\n  service: b\n  host: "*.example.com"\n', 'wild'));
    const refused = cli(['migrate', '--to', 'v3alpha1', '--write', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}#0 Mapping/emissary/wild: not migrated: spec.host "*.example.com" is an exact match in v2`);
    expect(refused.stderr).toMatch(/1 refused: nothing written, fix the refused documents first\n$/);
    expect(fs.readFileSync(good, 'utf8')).toContain('getambassador.io/v2');

    expect(cli(['migrate', '--to', 'v4', dir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/argument 'v4' is invalid\. Allowed choices are v3alpha1/) });
    expect(cli(['migrate', dir])).toMatchObject({ code: 1, stderr: expect.stringMatching(/1 refused/) }); // --to defaults to v3alpha1
    expect(cli(['migrate', '--to', 'v3alpha1', '--write', '-']).code).toBe(2);
  });
});

describe('migrate and check read any YAML without failing', () => {
  const spec = fc.dictionary(fc.constantFrom('host', 'host_regex', 'tls', 'service', 'headers', 'query_parameters', 'regex_headers', 'ambassador_id', 'cors',
    'add_request_headers', 'remove_request_headers', 'selector', 'ambassadorId', 'labels', 'secret', 'prefix', 'hostname'), fc.anything({ maxDepth: 2 }));
  const doc = fc.record({
    apiVersion: fc.constantFrom('getambassador.io/v2', 'getambassador.io/v3alpha1', 'v1'),
    kind: fc.constantFrom('Mapping', 'TLSContext', 'Host', 'ConsulResolver', 'Module', 'AuthService'),
    metadata: fc.record({ name: fc.constantFrom('a', 'b_c', 'd') }),
    spec: fc.oneof(spec, fc.anything({ maxDepth: 1 })),
  });

  test('property: any documents give a migration (or refusals) whose text parses, with the untouched documents unchanged; check never throws', () => {
    fc.assert(fc.property(fc.array(doc, { minLength: 1, maxLength: 4 }), (docs) => {
      const text = Yaml.stringify(...docs);
      const result = migrate(text);
      const after = parseAllDocuments(result.text).map((d) => d.toJS());
      expect(after).toHaveLength(docs.length);
      const refused = new Set(result.refused.map((r) => r.index));
      after.forEach((d, i) => {
        if (refused.has(i) || d.apiVersion !== 'getambassador.io/v3alpha1' || docs[i].apiVersion === 'getambassador.io/v3alpha1') {
          expect(d).toEqual(parseAllDocuments(text)[i].toJS()); // refused or not converted: as it was
        } else {
          expect(schemas.errors(d)).toEqual([]); // converted: valid v3alpha1
        }
      });
      const checked = cli(['check', '-'], text);
      expect([0, 1]).toContain(checked.code);
    }), { numRuns: Number(process.env.HOSTILE_RUNS ?? 60) });
  });
});
