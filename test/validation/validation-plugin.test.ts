import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { buildApp } from '../../app/main';
import { AmbassadorMtlsValidation, checkMtlsRules, GitOpsApp } from '../../src';
import { CRD_FILES, CRDS_AVAILABLE } from '../support/schema';

// The CLI's exports map needs node16 resolution for types; load it at run time, type it by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins/validation');

const ROOT = path.join(__dirname, '..', '..');
const doc = (d: Record<string, any>, file = 'm.yaml') => ({ doc: d, file });
const mapping = (name: string, spec: Record<string, any>) =>
  doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name }, spec: { prefix: '/', service: 's:80', hostname: '*', ...spec } });
const context = (name: string, spec: Record<string, any>, namespace?: string) =>
  doc({ apiVersion: 'getambassador.io/v3alpha1', kind: 'TLSContext', metadata: { name, namespace }, spec });

async function runPlugin(manifests: string[], props = {}) {
  const ctx = new ValidationContext(manifests, 'cdk8s-ambassador-mtls', '0.0.0');
  await new AmbassadorMtlsValidation({ crds: CRD_FILES, ...props }).validate(ctx);
  return ctx.report;
}

function writeApp(build: (app: GitOpsApp) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
  const app = new GitOpsApp({ outdir });
  build(app);
  app.synth();
  return (fs.readdirSync(outdir, { recursive: true }) as string[]).map((f) => path.join(outdir, f)).filter((f) => f.endsWith('.yaml'));
}

describe('cross-resource rules', () => {
  test('a Mapping whose tls or resolver names nothing, or whose ambassador_id the context lacks', () => {
    const v = checkMtlsRules([
      mapping('a', { tls: 'missing' }),
      mapping('b', { tls: 'edge-ctx', ambassador_id: ['internal'] }),
      mapping('c', { resolver: 'consul-dc9' }),
      mapping('d', { tls: 'installed', resolver: 'external' }),
      context('edge-ctx', { secret: 's', ambassador_id: ['edge'] }),
    ], { externalTlsContexts: ['installed'], externalResolvers: ['external'] });
    expect(v.map((x) => `${x.rule} ${x.resource}`)).toEqual([
      'mapping-tls-exists Mapping/-/a',
      'mapping-tls-ambassador-id Mapping/-/b',
      'mapping-resolver-exists Mapping/-/c',
    ]);
    expect(v[0].fix).toMatch(/define TLSContext "missing"/);
  });

  test('a connector whose Secret no TLSContext reads, and TLSContext files nothing mounts', () => {
    const connector = doc({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'connector', namespace: 'ambassador' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'x:1', command: ['consul_connect_integration'], env: [{ name: '_AMBASSADOR_ID', value: 'edge' }] }] } } },
    });
    const ambassador = doc({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ambassador' },
      spec: { template: { spec: { containers: [{ name: 'ambassador', image: 'docker.io/datawire/ambassador:1.14.4', volumeMounts: [{ name: 'v', mountPath: '/etc/istiocerts/' }] }] } } },
    });
    const files = context('istio', { cert_chain_file: '/etc/istiocerts/cert-chain.pem', private_key_file: '/etc/other/key.pem' });
    expect(checkMtlsRules([connector, ambassador, files, context('consul', { secret: 'ambassador-consul-connect' }, 'ambassador')]).map((x) => `${x.rule}: ${x.message}`)).toEqual([
      'connector-secret-read: the connector writes Secret "edge-consul-connect" in "ambassador", which no TLSContext of this app reads',
      'tlscontext-files-mounted: private_key_file /etc/other/key.pem is under no volume mount of the Ambassador Deployment(s) of this app',
    ]);
    expect(checkMtlsRules([connector, context('consul', { secret: 'edge-consul-connect.ambassador' }, 'emissary')])).toEqual([]);
  });
});

(CRDS_AVAILABLE ? describe : describe.skip)('the cdk8s validation plugin', () => {
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
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'm' }, spec: { prefix: '/', service: 's:80', hostname: '*', tls: 'nowhere', timeout: 5 } },
    ));
    const report = await runPlugin([...manifests, path.join(dir, 'bad.k8s.yaml')]);
    expect(report.success).toBe(false);
    const violations = report.toJson().violations.map((v: { ruleName: string; recommendation: string }) => `${v.ruleName}: ${v.recommendation}`);
    expect(violations).toEqual([
      'crd-schema: fails the getambassador.io/v3alpha1 schema: /spec must NOT have additional properties "timeout"',
      'mapping-tls-exists: tls "nowhere" names no TLSContext of this app',
    ]);
  });

  test('reports missing CRD files with the fix', () => {
    expect(() => new AmbassadorMtlsValidation({ crds: ['nope.yaml'] })).toThrow(/crds \["nope\.yaml"\] not found from .*\. Fix: give paths relative/);
  });

  test('cdk8s synth runs it from cdk8s.yaml and fails on a deliberately broken app', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-synth-'));
    fs.writeFileSync(path.join(dir, 'app.ts'), [
      'import { Chart } from \'cdk8s\';',
      `import { GitOpsApp, Mapping } from '${path.join(ROOT, 'src')}';`,
      'const app = new GitOpsApp();',
      'new Mapping(new Chart(app, \'broken\'), \'Route\', { name: \'r\', prefix: \'/\', service: \'s:80\', tls: { name: \'typo-ctx\', node: { scopes: [] } } as any });',
      'app.synth();',
    ].join('\n'));
    const tsNode = `${path.join(ROOT, 'node_modules', '.bin', 'ts-node')} --swc`;
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), Yaml.stringify({
      language: 'typescript',
      app: `${tsNode} app.ts`,
      validations: [{ package: path.join(ROOT, 'src', 'validation', 'validation-plugin.ts'), version: '0.0.0', class: 'AmbassadorMtlsValidation', properties: { crds: CRD_FILES } }],
    }));
    const run = () => execFileSync('node', ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'], {
      cwd: dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'), NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    let output = '';
    try {
      run();
    } catch (e: any) {
      output = `${e.stdout}${e.stderr}`;
    }
    expect(output).toMatch(/mapping-tls-exists/);
    expect(output).toMatch(/tls "typo-ctx" names no TLSContext of this app/);
  }, 60_000);
});
