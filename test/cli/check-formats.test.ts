/** `check`'s output for pipelines: SARIF for code scanning, GitHub annotations, usage and version. */
import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../support/cli';

const ROUTES = [
  'apiVersion: getambassador.io/v3alpha1', 'kind: Mapping', 'metadata:', '  name: productpage', '  namespace: emissary', 'spec:',
  '  prefix: productpage/', '  service: productpage.bookinfo:9080', '  hostname: "*"', '  tls: istio-upstrem', '---',
  'apiVersion: getambassador.io/v3alpha1', 'kind: TLSContext', 'metadata:', '  name: istio-upstream', '  namespace: emissary', 'spec:', '  secret: istio-certs', '',
].join('\n');

let dir: string;
let routes: string;
const cwd = process.cwd();
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-formats-'));
  routes = path.join(dir, 'routes.yaml');
  fs.writeFileSync(routes, ROUTES);
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('check output formats', () => {
  test('text: file:line:column, severity, rule, and "did you mean" for a name two edits from a defined one', () => {
    const result = cli(['check', 'routes.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'Ambassador default:',
      expect.stringMatching(/^ {2}routes\.yaml:7:3 error \[mapping-prefix\] Mapping\/emissary\/productpage: prefix "productpage\/" does not start with "\/"/),
      expect.stringMatching(/^ {2}routes\.yaml:8:3 warning \[mapping-tls-fail-open\] .*has no scheme/),
      expect.stringMatching(/^ {2}routes\.yaml:10:3 error \[mapping-tls-exists\] Mapping\/emissary\/productpage: tls "istio-upstrem" names no TLSContext in the manifests \(did you mean "istio-upstream"\?\)\. Fix: /),
      expect.stringMatching(/^2 error\(s\), 1 warning\(s\): 2 object\(s\) read from 1 file\(s\)/),
      '',
    ]);
  });

  test('sarif: a valid SARIF 2.1.0 log (the OASIS schema), with every rule, results at their file, line and column', () => {
    const result = cli(['check', '--format', 'sarif', 'routes.yaml']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(log).toBeValidSarifLog();
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(expect.arrayContaining(['input', 'crd-schema', 'mapping-tls-exists', 'mapping-prefix']));
    const where = (r: any) => r.locations[0].physicalLocation;
    expect(run.results.map((r: any) => [r.ruleId, r.level, where(r).artifactLocation.uri, where(r).region.startLine])).toEqual([
      ['mapping-prefix', 'error', 'routes.yaml', 7],
      ['mapping-tls-fail-open', 'warning', 'routes.yaml', 8],
      ['mapping-tls-exists', 'error', 'routes.yaml', 10],
    ]);
    expect(run.results.every((r: any) => run.tool.driver.rules[r.ruleIndex].id === r.ruleId)).toBe(true);
    // Clean input is a valid log with no result; so is unreadable input, with an `input` result.
    fs.writeFileSync('junk.yaml', Buffer.from([0, 1, 2, 0xff]));
    const junk = JSON.parse(cli(['check', '--format', 'sarif', 'junk.yaml']).stdout);
    expect(junk).toBeValidSarifLog();
    expect(junk.runs[0].results.map((r: any) => r.ruleId)).toEqual(['input']);
  });

  test('sarif: a file name with a space, "#" or "%" is a percent-encoded URI reference, which resolves back to the file', () => {
    fs.mkdirSync('my routes');
    fs.writeFileSync(path.join('my routes', 'a #1 100%.yaml'), ROUTES);
    const log = JSON.parse(cli(['check', '--format', 'sarif', 'my routes']).stdout);
    const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: 'my%20routes/a%20%231%20100%25.yaml', uriBaseId: 'SRCROOT' });
    const resolved = new URL(location.uri, log.runs[0].originalUriBaseIds.SRCROOT.uri);
    expect(fs.realpathSync(decodeURIComponent(resolved.pathname))).toBe(fs.realpathSync(path.join(dir, 'my routes', 'a #1 100%.yaml')));
  });

  test('github: one workflow-command annotation per finding, properties and message escaped', () => {
    const result = cli(['check', '--format', 'github', 'routes.yaml']);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^::error file=routes\.yaml,line=7,col=3,title=\[mapping-prefix\] Mapping\/emissary\/productpage::prefix "productpage\/" does not start/);
    expect(lines[1]).toMatch(/^::warning file=routes\.yaml,line=8,col=3,title=\[mapping-tls-fail-open\]/);
    expect(lines[3]).toMatch(/^cdk8s-ambassador-mtls check: 0 unreadable input\(s\), 2 error\(s\), 1 warning\(s\)/);
    fs.writeFileSync('a,b%.yaml', 'kind: [\n');
    expect(cli(['check', '--format', 'github', 'a,b%.yaml']).stdout).toMatch(/^::error file=a%2Cb%25\.yaml,line=2,col=1,title=\[input\]::is not YAML/);
  });

  test('--version; a usage error is short: the error, and where help is', () => {
    const version = cli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')).version}\n` });
    const usage = cli(['check', '--formt', 'json', 'routes.yaml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: unknown option '--formt'/),
      expect.stringMatching(/\(Did you mean --format\?\)|^\(cdk8s-ambassador-mtls --help/),
      ...(usage.stderr.includes('Did you mean') ? [expect.stringMatching(/^\(cdk8s-ambassador-mtls --help/)] : []),
    ]);
    expect(cli(['check', '--emissary-version', '5.0', 'routes.yaml'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Emissary version "5\.0" is not a release these checks know/) });
    expect(cli(['check', '--format', 'xml', 'routes.yaml']).stderr.split('\n').length).toBeLessThanOrEqual(3);
  });

  test('--emissary-version picks the release the rules follow', () => {
    fs.writeFileSync('rl.yaml', 'apiVersion: getambassador.io/v3alpha1\nkind: RateLimitService\nmetadata: {name: rl, namespace: e}\nspec: {service: "rl:8081"}\n');
    expect(cli(['check', 'rl.yaml']).stdout).toMatch(/\[service-protocol-version\]/);
    expect(cli(['check', '--emissary-version', '2.5', 'rl.yaml'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: .*rules of Emissary 2\.5/) });
  });
});
