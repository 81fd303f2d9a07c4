/**
 * README examples are real code: each is a file that is type-checked and run by the tests, and
 * must appear verbatim in README.md (with the package name as the import path).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as apiVersionExample from './examples/api-version';
import * as installExample from './examples/install-target';
import { cli } from './support/cli';
import { findObject, synthValid } from './support/synth';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** README block name -> the file it shows. */
const EXAMPLES: Record<string, string> = {
  'example-chart': 'app/charts/example.ts',
  'istio-legacy': 'app/charts/istio-legacy.ts',
  'istio': 'app/charts/istio.ts',
  'consul': 'app/charts/consul.ts',
  'consul-v3': 'app/charts/consul-v3.ts',
  'linkerd': 'app/charts/linkerd.ts',
  'cert-manager': 'app/charts/cert-manager.ts',
  'api-version': 'test/examples/api-version.ts',
  'install-target': 'test/examples/install-target.ts',
};

function readmeBlock(name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!match) throw new Error(`README.md has no block marked <!-- example: ${name} -->`);
  return match[1];
}

describe('README examples', () => {
  test.each(Object.entries(EXAMPLES))('%s is in README.md verbatim (%s)', (name, file) => {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8')
      .replace(/'\.\.\/\.\.\/src(\/index)?'/g, '\'cdk8s-ambassador-mtls\'');
    expect(readmeBlock(name)).toBe(source);
  });

  test('the generated files README shows are the ones in dist/', () => {
    const blocks = [...README.matchAll(/<!-- dist: ([^ ]+) -->\s*```yaml\n([\s\S]*?)```/g)];
    expect(blocks.length).toBeGreaterThan(0);
    for (const [, file, text] of blocks) expect(text).toBe(fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8'));
  });

  test('the command line examples print what README shows (test/examples/cli)', () => {
    const blocks = [...README.matchAll(/```console\n\$ npx cdk8s-ambassador-mtls (.+)\n([\s\S]*?)```/g)];
    expect(blocks.map(([, command]) => command)).toEqual(['check edge.yaml', 'migrate --to v3alpha1 v2.yaml']);
    const cwd = process.cwd();
    process.chdir(path.join(__dirname, 'examples', 'cli'));
    try {
      for (const [, command, shown] of blocks) {
        const result = cli(command.split(' '));
        expect(result.stdout + result.stderr).toBe(shown);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  test('every example file is shown in README.md', () => {
    for (const file of fs.readdirSync(path.join(__dirname, 'examples')).filter((f) => f.endsWith('.ts'))) {
      expect(Object.values(EXAMPLES)).toContain(`test/examples/${file}`);
    }
  });

  test('api-version mixes v2 and v3alpha1 as documented', () => {
    const docs = synthValid(apiVersionExample.chart);
    expect(findObject(docs, 'TLSContext', 'istio-upstream').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'Mapping', 'productpage').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'Mapping', 'reviews').apiVersion).toBe('getambassador.io/v3alpha1');
  });

  test('install-target derives the names of the install it declares', () => {
    const docs = synthValid(installExample.chart);
    expect((installExample.istio.kustomizeComponent().patch as any).metadata).toEqual({ name: 'emissary-ingress', namespace: 'emissary' });
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-reviews').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/emissary/sa/emissary-ingress']);
    expect(findObject(docs, 'ConsulResolver', 'consul-dc1').spec.address).toBe('${HOST_IP}:8500');
    expect(installExample.consul.hostIp!.podPatch.fieldEnv).toEqual({ HOST_IP: 'status.hostIP' });
  });
});
