import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { CASES } from '../fixtures/rule-cases';
import { cli } from '../support/cli';
import { temporaryFolders } from '../support/temp';

const ROOT = path.join(__dirname, '..', '..');
const tmp = temporaryFolders('cli-check-');

const write = (dir: string, file: string, docs: unknown[]) => {
  fs.writeFileSync(path.join(dir, file), Yaml.stringify(...docs));
  return path.join(dir, file);
};

describe('cdk8s-ambassador-mtls check', () => {
  test('the seed documentation\'s configuration (dist/istio-legacy and dist/consul, names made valid) passes', () => {
    const result = cli(['check', path.join(ROOT, 'dist', 'istio-legacy'), path.join(ROOT, 'dist', 'consul')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ok: 16 object\(s\) read from 14 file\(s\), 4 checked against CRD schemas, rules of Emissary 3\.10; other kinds, read by the rules only: apps\/v1\/Deployment x2/);
    expect(result.code).toBe(0);
  });

  test('all of dist/ passes, read recursively (values files, Components and delivery objects skipped or counted)', () => {
    const result = cli(['check', path.join(ROOT, 'dist')]);
    expect(result.stdout).toMatch(/^ok: \d+ object\(s\) read/);
    expect(result.stdout).toContain('argoproj.io/v1alpha1/ApplicationSet x');
    expect(result.code).toBe(0);
  });

  test.each(Object.entries(CASES))('one mistake per rule: %s is named at its line, and the fixed documents pass', (rule, [broken, fixed, options]) => {
    const dir = tmp();
    const release = options?.emissaryVersion ? ['--emissary-version', options.emissaryVersion] : [];
    const bad = cli(['check', '--format', 'json', ...release, write(dir, 'broken.yaml', broken.map((d) => d.doc))]);
    const [problem, ...others] = JSON.parse(bad.stdout).problems;
    expect([problem.rule, ...others]).toEqual([rule]);
    expect(problem.line).toBeGreaterThan(0);
    expect(bad.code).toBe(problem.severity === 'warning' ? 0 : 1);
    if (problem.severity === 'warning') expect(cli(['check', '--fail-on', 'warning', ...release, path.join(dir, 'broken.yaml')]).code).toBe(1);
    const good = cli(['check', ...release, write(dir, 'fixed.yaml', fixed.map((d) => d.doc))]);
    expect(good.stdout).toMatch(/^ok: /);
    expect(good.code).toBe(0);
  });

  test('schema and name mistakes: an unknown (misspelt) field, a name with "_", the annotation form of the docs', () => {
    const dir = tmp();
    const file = write(dir, 'hand-written.yaml', [
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'qotm_mapping', namespace: 'ambassador' }, spec: { prefix: '/q/', service: 'q', hostname: '*', rewite: '/' } },
      { apiVersion: 'getambassador.io/v2', kind: 'TLSContext', name: 'istio-upstream', cert_chain_file: '/etc/istiocerts/cert-chain.pem' },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Widget', metadata: { name: 'w' }, spec: {} },
    ]);
    const result = cli(['check', file]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Ambassador default:');
    expect(lines).toContain(`  ${file}:4:3 error [object-name] Mapping/ambassador/qotm_mapping: metadata.name "qotm_mapping" is not a Mapping name the API server accepts (RFC 1123 subdomain). `
      + 'Fix: use at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit ("_" is not allowed)');
    expect(result.stdout).toContain(`${file}:10:3 error [crd-schema] Mapping/ambassador/qotm_mapping: fails the getambassador.io/v3alpha1 Mapping schema: /spec must NOT have additional properties "rewite" (did you mean "rewrite"?). Fix:`);
    expect(result.stdout).toMatch(/:14:1 error \[crd-schema\] TLSContext\/-\/istio-upstream: .*Fix: this is Ambassador's annotation form \(fields at the top level\)/);
    expect(result.stdout).toContain(':18:1 error [crd-schema] Widget/-/w: no CRD schema defines kind Widget in getambassador.io/v3alpha1');
    expect(lines[lines.length - 2]).toMatch(/^5 error\(s\), 0 warning\(s\): 3 object\(s\) read from 1 file\(s\), 3 checked against CRD schemas, rules of Emissary 3\.10$/);
  });

  test('RBAC objects may have names with ":", as the API server allows them; other kinds may not', () => {
    const stdin = Yaml.stringify(
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:ambassador-reader' }, rules: [] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'system:settings', namespace: 'Emissary' } },
    );
    const result = JSON.parse(cli(['check', '--format', 'json', '-'], stdin).stdout);
    expect(result.problems.map((p: any) => `${p.resource} ${p.message}`)).toEqual([
      'ConfigMap/Emissary/system:settings metadata.name "system:settings" is not a ConfigMap name the API server accepts (RFC 1123 subdomain)',
      'ConfigMap/Emissary/system:settings metadata.namespace "Emissary" is not a namespace name (RFC 1123 label)',
    ]);
  });

  test('a List (kubectl get -o yaml) is checked item by item; names by the API server\'s rule for each kind', () => {
    const stdin = Yaml.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'bad_name', namespace: 'e' }, spec: { prefix: '/a/', service: 'https://a:1', hostname: '*' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web.v1', namespace: 'e' }, spec: {} },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } },
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'e' }, spec: {} },
      ],
    });
    const result = JSON.parse(cli(['check', '--format', 'json', '-'], stdin).stdout);
    expect(result.problems.map((p: any) => `${p.index}:${p.line}:${p.column} ${p.resource} ${p.message}`)).toEqual([
      '0:7:7 Mapping/e/bad_name metadata.name "bad_name" is not a Mapping name the API server accepts (RFC 1123 subdomain)',
      '0:16:7 Service/e/web.v1 metadata.name "web.v1" is not a Service name the API server accepts (RFC 1035 label)',
      '0:22:7 Namespace/-/team.a metadata.name "team.a" is not a Namespace name the API server accepts (RFC 1123 label)',
    ]);
    expect(result.objects).toBe(4);
  });

  test('CRD files: apiextensions v1beta1 schemas are read; a broken file exits 2', () => {
    const dir = tmp();
    const crd = write(dir, 'widget-crd.yaml', [{
      apiVersion: 'apiextensions.k8s.io/v1beta1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.getambassador.io' },
      spec: {
        group: 'getambassador.io',
        version: 'v3alpha1',
        names: { kind: 'Widget' },
        validation: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } },
      },
    }]);
    const widget = (spec: object) => Yaml.stringify({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Widget', metadata: { name: 'w' }, spec });
    expect(cli(['check', '--crds', crd, '-'], widget({ size: 3 })).code).toBe(0);
    expect(cli(['check', '--crds', crd, '-'], widget({ size: 3, colour: 'red' })).stdout).toContain('must NOT have additional properties "colour"');
    fs.writeFileSync(path.join(dir, 'broken-crd.yaml'), 'kind: [\n');
    expect(cli(['check', '--crds', path.join(dir, 'broken-crd.yaml'), '-'], widget({}))).toMatchObject({ code: 2, stderr: expect.stringMatching(/--crds file ".*broken-crd\.yaml":2:1 is not YAML/) });
    // A file of objects, not of CRDs, is no silent no-op.
    const notCrds = write(dir, 'objects.yaml', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
    expect(cli(['check', '--crds', notCrds, '-'], widget({}))).toMatchObject({ code: 2, stderr: expect.stringMatching(/--crds file ".*objects\.yaml" holds no CustomResourceDefinition \(1 other object\(s\)\)/) });
  });

  test('standard input (a kustomize build), JSON output, external references, grouped by Ambassador id', () => {
    const stdin = Yaml.stringify(
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'a', namespace: 'e' }, spec: { prefix: '/a/', service: 'https://a:1', hostname: '*', tls: 'installed', ambassador_id: ['edge'] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'e' }, spec: {} },
    );
    const flagged = cli(['check', '--format', 'json', '-'], stdin);
    expect(flagged.code).toBe(1);
    const json = JSON.parse(flagged.stdout);
    expect(json).toMatchObject({ files: ['<stdin>'], objects: 2, schemaChecked: 1, skippedKinds: { 'v1/Service': 1 }, summary: { errors: 1, warnings: 0, unreadable: 0 } });
    expect(json.problems).toEqual([expect.objectContaining({ rule: 'mapping-tls-exists', severity: 'error', resource: 'Mapping/e/a', file: '<stdin>', index: 0, line: 10, column: 3, field: 'spec.tls', ambassadorIds: ['edge'] })]);
    expect(cli(['check', '-'], stdin).stdout.split('\n')[0]).toBe('Ambassador edge:');
    expect(cli(['check', '--external-tls-context', 'installed', '-'], stdin).code).toBe(0);
  });

  test('unreadable input exits 2 with the reason; usage errors too', () => {
    const dir = tmp();
    expect(cli(['check', path.join(dir, 'missing.yaml')])).toMatchObject({ code: 2, stdout: expect.stringMatching(/missing\.yaml error \[input\] cannot be read \(ENOENT\)/) });
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    expect(cli(['check', path.join(dir, 'broken.yaml')])).toMatchObject({ code: 2, stdout: expect.stringMatching(/broken\.yaml:2:1 error \[input\] is not YAML/) });
    const empty = tmp();
    expect(cli(['check', empty])).toMatchObject({ code: 2, stdout: expect.stringMatching(/holds no \.yaml or \.yml file/) });
    expect(cli(['check', '--crds', path.join(dir, 'nope.yaml'), path.join(ROOT, 'dist', 'istio')]).code).toBe(2);
    expect(cli(['check', '--format', 'xml', path.join(ROOT, 'dist', 'istio')]).code).toBe(2);
    expect(cli(['check']).code).toBe(2);
    // An alias bomb: refused with the reason, never a silent exit.
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    expect(cli(['check', '-'], bomb)).toMatchObject({ code: 2, stdout: expect.stringMatching(/^unreadable input \(exit 2\):\n  <stdin>:1:1 error \[input\] document 0 cannot be read: /) });
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['--help']).code).toBe(0);
  });
});
