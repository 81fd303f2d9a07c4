import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { parse } from 'yaml';
import { buildApp } from '../../app/main';
import { AmbassadorMtlsValidation, CrdSchemas, GitOpsApp, Mapping, TlsContext } from '../../src';
import { temporaryFolders } from '../support/temp';

const tmp = temporaryFolders('plugin-');

// The CLI's exports map needs node16 resolution for types; load it at run time, type it by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins/validation');

const ROOT = path.join(__dirname, '..', '..');

async function runPlugin(manifests: string[], props = {}) {
  const ctx = new ValidationContext(manifests, 'cdk8s-ambassador-mtls', '0.0.0');
  await new AmbassadorMtlsValidation(props).validate(ctx);
  return ctx.report;
}

function writeApp(build: (app: GitOpsApp) => void): string[] {
  const outdir = tmp();
  const app = new GitOpsApp({ outdir });
  build(app);
  app.synth();
  return (fs.readdirSync(outdir, { recursive: true }) as string[]).map((f) => path.join(outdir, f)).filter((f) => f.endsWith('.yaml'));
}

describe('the cdk8s validation plugin (bundled schemas, no properties)', () => {
  test('passes on every chart of our app', async () => {
    const report = await runPlugin(writeApp((app) => buildApp(app)));
    expect(report.toJson().violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('reports schema violations (unknown fields too) and broken wiring, and fails', async () => {
    const manifests = writeApp((app) => {
      const chart = new Chart(app, 'broken');
      Testing.synth(chart);
    });
    const dir = path.dirname(manifests[0]);
    fs.writeFileSync(path.join(dir, 'bad.k8s.yaml'), Yaml.stringify(
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'm' }, spec: { prefix: '/', service: 'https://s:80', hostname: '*', tls: 'nowhere', timeout: 5 } },
    ));
    const report = await runPlugin([...manifests, path.join(dir, 'bad.k8s.yaml')]);
    expect(report.success).toBe(false);
    const violations = report.toJson().violations.map((v: { ruleName: string; recommendation: string }) => `${v.ruleName}: ${v.recommendation}`);
    expect(violations).toEqual([
      'crd-schema: fails the getambassador.io/v3alpha1 Mapping schema: /spec must NOT have additional properties "timeout"',
      'mapping-tls-exists: tls "nowhere" names no TLSContext in the manifests',
    ]);
  });

  test('a TLSContext referenced with TlsContext.fromName() needs no plugin property', async () => {
    const manifests = writeApp((app) => {
      const chart = new Chart(app, 'external', { namespace: 'emissary' });
      new Mapping(chart, 'Route', { name: 'r', prefix: '/', service: 'https://s:8443', tls: TlsContext.fromName(chart, 'Mesh', 'installed-by-helm') });
    });
    const report = await runPlugin(manifests);
    expect(report.toJson().violations).toEqual([]);
    // The same Mapping written by hand without the annotation is reported, with the way out.
    const [file] = manifests.filter((f) => f.includes('Mapping'));
    const written = parse(fs.readFileSync(file, 'utf8'));
    expect(written.metadata.annotations).toEqual({ 'cdk8s-ambassador-mtls/external-tls-context': 'installed-by-helm' });
    delete written.metadata.annotations;
    fs.writeFileSync(file, Yaml.stringify(written));
    const fixes = (await runPlugin(manifests)).toJson().violations.map((v: { fix: string }) => v.fix);
    expect(fixes).toEqual([expect.stringMatching(/declare it external \(TlsContext\.fromName\(\) in cdk8s, the plugin property externalTlsContexts, or check --external-tls-context\)/)]);
    expect((await runPlugin(manifests, { externalTlsContexts: ['installed-by-helm'] })).success).toBe(true);
  });

  test('the report counts each violation once, with its file:line:column and construct path; a warning passes', async () => {
    const outdir = tmp();
    const file = path.join(outdir, 'routes.k8s.yaml');
    fs.writeFileSync(file, Yaml.stringify(
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'r', namespace: 'edge' }, spec: { prefix: '/', service: 'https://s:80', hostname: '*', tls: 'nowhere' } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'w', namespace: 'edge' }, spec: { prefix: '/w/', service: 's:80', hostname: '*', tls: 'ctx' } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'TLSContext', metadata: { name: 'ctx', namespace: 'edge' }, spec: { secret: 's' } },
    ));
    // cdk8s's App records construct paths by object name; GitOpsApp by Kind/namespace/name.
    const ctx = new ValidationContext([file], 'cdk8s-ambassador-mtls', '0.0.0', { 'r': { path: 'app/edge/Route' }, 'Mapping/edge/w': { path: 'app/edge/Web' } });
    await new AmbassadorMtlsValidation().validate(ctx);
    const text = ctx.report.toString();
    expect(text).not.toMatch(/\(0 occurrences\)/);
    expect(text).toMatch(/mapping-tls-exists \(1 occurrences\)/);
    expect(text).toMatch(/Construct Path: app\/edge\/Route[\s\S]*Locations:\s+> .*routes\.k8s\.yaml:10:3 \(spec\.tls\)/);
    expect(text).toMatch(/mapping-tls-fail-open \(warning\) \(1 occurrences\)[\s\S]*Construct Path: app\/edge\/Web/);
    expect(ctx.report.success).toBe(false);
    // Warnings alone pass.
    fs.writeFileSync(file, Yaml.stringify(
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'w', namespace: 'edge' }, spec: { prefix: '/w/', service: 's:80', hostname: '*', tls: 'ctx' } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'TLSContext', metadata: { name: 'ctx', namespace: 'edge' }, spec: { secret: 's' } },
    ));
    const warned = new ValidationContext([file], 'cdk8s-ambassador-mtls', '0.0.0');
    await new AmbassadorMtlsValidation().validate(warned);
    expect(warned.report.success).toBe(true);
    // An unreadable manifest fails it, named with its line.
    fs.writeFileSync(file, 'kind: [\n');
    const broken = new ValidationContext([file], 'cdk8s-ambassador-mtls', '0.0.0');
    await new AmbassadorMtlsValidation().validate(broken);
    expect(broken.report.success).toBe(false);
    expect(broken.report.toString()).toMatch(/input \(1 occurrences\)[\s\S]*routes\.k8s\.yaml:2:1[\s\S]*is not YAML/);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('checks its properties, which come from YAML', () => {
    expect(() => new AmbassadorMtlsValidation({ crds: ['nope.yaml'] })).toThrow(/AmbassadorMtlsValidation: property crds: CRD file "nope\.yaml" not found from .*\. Fix: give a path relative/);
    expect(() => new AmbassadorMtlsValidation({ externalTlsContexts: 'mesh' as any })).toThrow(/property externalTlsContexts "mesh" is not a list of strings\. Fix: write it as a YAML list/);
    expect(() => new AmbassadorMtlsValidation({ emissaryVersion: 3.1 as any })).toThrow(/property emissaryVersion: Emissary version 3\.1 is not a release these checks know.*quote it in YAML/);
    expect(() => new AmbassadorMtlsValidation({ crd: ['x'] } as any)).toThrow(/unknown properties \["crd"\] \(did you mean "crds"\?\)\. Fix: use crds, externalTlsContexts, externalResolvers, emissaryVersion, or none/);
  });

  test('extra CRD files add kinds the bundle lacks and replace the bundled schema of the same kind', async () => {
    const dir = tmp();
    const crd = (group: string, kind: string, spec: Record<string, any>) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.${group}` },
      spec: { group, names: { kind }, versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: spec } } } } }] },
    });
    fs.writeFileSync(path.join(dir, 'crds.yaml'), Yaml.stringify(crd('example.com', 'Widget', { size: { type: 'integer' } }), crd('getambassador.io', 'Mapping', {})));
    const schemas = CrdSchemas.bundled().with(CrdSchemas.fromFiles([path.join(dir, 'crds.yaml')]));
    expect(schemas.errors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: {}, spec: { size: 'big' } })).toEqual(['/spec/size must be integer']);
    expect(schemas.errors({ apiVersion: 'getambassador.io/v1', kind: 'Mapping', metadata: {}, spec: { anything: 1 } })).toEqual(['/spec must NOT have additional properties "anything"']);
    expect(CrdSchemas.bundled().errors({ apiVersion: 'getambassador.io/v1', kind: 'Mapping', metadata: {}, spec: { anything: 1 } })).not.toEqual(['/spec must NOT have additional properties "anything"']);
  });

  test('cdk8s synth runs it from cdk8s.yaml and fails on a deliberately broken app', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'app.ts'), [
      'import { ApiObject, Chart } from \'cdk8s\';',
      `import { GitOpsApp } from '${path.join(ROOT, 'src')}';`,
      'const app = new GitOpsApp();',
      // A hand-written Mapping in a cdk8s app, whose tls names a TLSContext that does not exist.
      'new ApiObject(new Chart(app, \'broken\'), \'Route\', { apiVersion: \'getambassador.io/v3alpha1\', kind: \'Mapping\', metadata: { name: \'r\', namespace: \'edge\' },',
      '  spec: { prefix: \'/\', service: \'https://s:80\', hostname: \'*\', tls: \'typo-ctx\' } });',
      'app.synth();',
    ].join('\n'));
    // Both programs, the CLI (which requires the plugin's .ts file) and the app it starts, compile
    // the sources they load with @swc/core (test/support/swc-require.js): ts-node loaded the
    // TypeScript compiler in each, and the CLI's `-r ts-node/register/transpile-only` compiled
    // every file of the plugin with it (ts-node reads no TS_NODE_SWC variable).
    const swcRequire = path.join(ROOT, 'test', 'support', 'swc-require.js');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), Yaml.stringify({
      language: 'typescript',
      app: `node -r ${swcRequire} app.ts`,
      validations: [{ package: path.join(ROOT, 'src', 'validation', 'validation-plugin.ts'), version: '0.0.0', class: 'AmbassadorMtlsValidation' }],
    }));
    const run = () => execFileSync('node', ['-r', swcRequire, path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    let output = '';
    try {
      run();
    } catch (e: any) {
      output = `${e.stdout}${e.stderr}`;
    }
    expect(output).toMatch(/mapping-tls-exists/);
    expect(output).toMatch(/tls "typo-ctx" names no TLSContext in the manifests/);
    // GitOpsApp records construct paths for the report, keyed as the plugin names resources.
    expect(output).toMatch(/Construct Path: broken\/Route\s/);
    expect(output).toMatch(/Resource Name: Mapping\/edge\/r/);
  }, 60_000);
});
