/** `checkManifests`, the public API: what its type promises, v1 Lists, and errors for JavaScript callers. */
import { checkManifests, CrdSchemas, parseManifests } from '../../src';

const mapping = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name, namespace: 'e' }, spec: { prefix: '/a/', service: 'https://a.apps:8443', hostname: '*', ...spec },
});

describe('checkManifests', () => {
  test('schemas default to the bundled ones; findings of parsed documents carry lines', () => {
    const { documents } = parseManifests('apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: m, namespace: e}\nspec:\n  prefix: /a/\n  service: https://a:1\n  hostname: "*"\n  tls: nowhere\n', 'm.yaml');
    expect(checkManifests(documents).findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.field}`)).toEqual(['mapping-tls-exists m.yaml:8:3 spec.tls']);
  });

  test('an ambassador_id String() cannot convert (a toString key in YAML) is reported, not a crash', () => {
    const found = checkManifests([{ doc: mapping('a', { ambassador_id: { toString: false } }), file: 'a.yaml' }]).findings;
    expect(found.map((f) => `${f.rule} ${JSON.stringify(f.ambassadorIds)}`)).toContain('crd-schema ["{\\"toString\\":false}"]');
  });

  test('a v1 List is checked item by item, not reported for its own missing name', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [mapping('a', { tls: 'nowhere' }), mapping('b', { prefix: '/b/' })] };
    const result = checkManifests([{ doc: list, file: 'list.yaml', index: 0 }]);
    expect(result.objects).toBe(2);
    expect(result.findings.map((f) => `${f.rule} ${f.resource}`)).toEqual(['mapping-tls-exists Mapping/e/a']);
  });

  test('documents that are not Kubernetes objects are input findings, never skipped', () => {
    const result = checkManifests([{ doc: ['a'] as any, file: 'x.yaml', index: 0 }, { doc: { metadata: { name: 'no-kind' } }, file: 'x.yaml', index: 1 }, { doc: null as any, file: 'x.yaml', index: 2 }]);
    expect(result.findings.map((f) => `${f.rule} ${f.message}`)).toEqual([
      'input document 0 is not a Kubernetes object (no string apiVersion and kind)',
      'input document 1 is not a Kubernetes object (no string apiVersion and kind)',
    ]);
  });

  test.each([
    ['a YAML string', 'kind: Mapping', /given "kind: Mapping" is not a list of \{ doc, file \} documents\. Fix: parse YAML text first: checkManifests\(parseManifests\(text, 'file\.yaml'\)\.documents\)/],
    ['bare manifests', [mapping('m')], /given\[0\] .* is not a \{ doc, file \} document\. Fix: wrap each manifest: \{ doc: manifest, file: 'where it came from' \}/],
  ])('%s: an error with the fix, not a TypeError or a silent "0 objects"', (_, given, message) => {
    expect(() => checkManifests(given as any)).toThrow(message);
  });

  test('bad schemas and options are named', () => {
    expect(() => checkManifests([], {} as any)).toThrow(/schemas \{\} is not a CrdSchemas\. Fix: leave it out for the bundled schemas/);
    expect(() => checkManifests([], CrdSchemas.bundled(), { externalTlsContext: ['x'] } as any)).toThrow(/options \["externalTlsContext"\] are not known \(did you mean "externalTlsContexts"\?\)/);
    expect(() => checkManifests([], CrdSchemas.bundled(), { emissaryVersion: '9.1' })).toThrow(/options\.emissaryVersion: Emissary version "9\.1" is not a release/);
  });
});

describe('parseManifests reads scalars as kubectl (go-yaml v2) does', () => {
  const valueOf = (yaml: string) => {
    const parsed = parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  v: ${yaml}\n`, 'c.yaml');
    return parsed.problems.length > 0 ? `problem: ${parsed.problems[0].message}` : parsed.documents[0].doc.data.v;
  };

  test.each([
    // go-yaml v2 has no base-60 numbers: a time of day or a port pair stays text.
    ['1:30', '1:30'],
    ['190:20:30.15', '190:20:30.15'],
    // !!binary is the decoded text (go-yaml v2 decode.go: resolved = string(data)).
    ['!!binary L2Zvby8=', '/foo/'],
    ['!!binary L2Zvby8', 'problem: is not YAML: !!binary value contains invalid base64 data'],
    // Sets and ordered maps are plain maps and lists.
    ['!!set {x: null}', { x: null }],
    ['!!omap [{a: 1}]', [{ a: 1 }]],
    // What YAML 1.1 and go-yaml v2 share stays: booleans, octal, timestamps as text.
    ['yes', true],
    ['0755', 493],
    ['2001-12-14', '2001-12-14'],
  ])('%s', (yaml, expected) => {
    expect(valueOf(yaml)).toEqual(expected);
  });

  test('a C1 control character is refused as kubectl refuses it ("control characters are not allowed"); U+0085 and U+00A0 are text', () => {
    const nameOf = (name: string) => parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  v: "${name}"\n`, 'c.yaml');
    expect(nameOf('a\u0080b').problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['5:8 holds the control character U+0080, which YAML does not allow']);
    expect(nameOf('a\u009fb').problems).toHaveLength(1);
    expect(nameOf('a\u0085b\u00a0c').problems).toEqual([]);
  });

  test('a base-64 prefix is checked as the path kubectl applies', () => {
    const { documents } = parseManifests('apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: m, namespace: e}\nspec:\n  prefix: !!binary L2Zvby8=\n  service: https://a:1\n  hostname: "*"\n', 'm.yaml');
    expect(checkManifests(documents).findings).toEqual([]);
  });
});

describe('the bundled schemas', () => {
  const schemas = CrdSchemas.bundled();
  test('Edge Stack\'s kinds, whose Go RE2 patterns JavaScript\'s unicode mode refuses', () => {
    const filter = (url: string) => ({
      apiVersion: 'getambassador.io/v3alpha1',
      kind: 'Filter',
      metadata: { name: 'f', namespace: 'e' },
      spec: { External: { auth_service: url, proto: 'http' } },
    });
    expect(schemas.errors(filter('http://auth.e:3000'))).toEqual([]);
    expect(schemas.kindsOf('gateway.getambassador.io/v1alpha1')).toEqual(expect.arrayContaining(['Filter', 'FilterPolicy']));
    expect(schemas.kindsOf('getambassador.io/v2')).toEqual(expect.arrayContaining(['Filter', 'FilterPolicy', 'RateLimit', 'DevPortal']));
    // Edge Stack's DevPortal CRD serves no v1: the API server refuses that version.
    expect(schemas.kindsOf('getambassador.io/v1')).not.toContain('DevPortal');
  });

  test('nulls the API server prunes are not schema errors; a wrong type still is', () => {
    expect(schemas.errors({ apiVersion: 'getambassador.io/v2', kind: 'Mapping', metadata: { name: 'm' }, spec: { prefix: '/a/', service: 'a', labels: { ambassador: null } } })).toEqual([]);
    expect(schemas.errors({ apiVersion: 'getambassador.io/v2', kind: 'Mapping', metadata: { name: 'm' }, spec: { prefix: '/a/', service: 'a', labels: { ambassador: 5 } } })).not.toEqual([]);
  });
});
