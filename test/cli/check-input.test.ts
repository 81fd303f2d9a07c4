/**
 * `check` fails closed: anything that is not a readable stream of Kubernetes objects is exit 2
 * with the file and line, and every other file is still checked and reported.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../support/cli';

// readdirSync passes through, until one test makes a folder unlistable (root lists any folder).
jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return { ...actual, readdirSync: jest.fn(actual.readdirSync) };
});

const MAPPING = 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: m\n  namespace: e\nspec:\n  prefix: /m/\n  service: https://m.apps:8443\n  hostname: "*"\n  tls: nowhere\n';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-input-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
};
const json = (args: string[], stdin = '') => {
  const result = cli(['check', '--format', 'json', ...args], stdin);
  return { code: result.code, ...JSON.parse(result.stdout) };
};
const inputProblems = (result: { problems: any[] }) => result.problems.filter((p) => p.rule === 'input').map((p) => `${path.basename(p.file)}:${p.line ?? '-'}:${p.column ?? '-'} ${p.message}`);

describe('check fails closed on input', () => {
  test.each([
    ['binary junk', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]), /junk\.yaml:1:1 is binary, or UTF-16 without a byte-order mark/],
    ['invalid UTF-8 on line 3', Buffer.concat([Buffer.from('a: 1\nb: 2\nc: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]), /junk\.yaml:3:5 is not UTF-8 text \(byte 0xc3/],
    ['a control character', 'kind: Mapping\napiVersion: v1\nmetadata: {name: "a\u0007"}\n', /junk\.yaml:3:20 holds the control character U\+0007/],
    ['a list as a document', '- apiVersion: v1\n  kind: ConfigMap\n', /junk\.yaml:1:1 document 0 is a list, not a Kubernetes object/],
    ['a sentence as a document', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nThis file holds our routes.\n', /junk\.yaml:5:1 document 1 is a string \("This file holds our routes\."\), not a Kubernetes object/],
    ['a misspelt Kind:', MAPPING.replace('kind:', 'Kind:'), /junk\.yaml:1:1 document 0 has no kind \(did you mean "Kind"\?\): kubectl refuses it/],
    ['no apiVersion', MAPPING.replace(/^apiVersion.*\n/, ''), /document 0 has no apiVersion: kubectl refuses it/],
    ['a duplicate key', MAPPING.replace('  prefix: /m/\n', '  prefix: /m/\n  prefix: /n/\n'), /junk\.yaml:8:3 is not YAML: Map keys must be unique/],
    ['a List item without kind', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    metadata: {name: a}\n', /junk\.yaml:4:5 item 0 of the List in document 0 has no kind/],
    ['only comments', '# nothing here\n---\n', /junk\.yaml:1:1 holds no Kubernetes object/],
  ])('%s: exit 2, named with its line and column; the other file is still checked', (_, content, message) => {
    const junk = file('junk.yaml', content);
    const other = file('other.yaml', MAPPING);
    const result = json([junk, other]);
    expect(result.code).toBe(2);
    expect(inputProblems(result)).toEqual([expect.stringMatching(message)]);
    // The readable file is reported in full beside it.
    expect(result.problems.filter((p: any) => p.rule !== 'input').map((p: any) => `${path.basename(p.file)} ${p.rule}`)).toEqual(['other.yaml mapping-tls-exists']);
    expect(result.summary).toEqual({ errors: 1, warnings: 0, unreadable: 1 });
  });

  test('empty standard input (a failed kustomize build | check -) is exit 2, not "ok"', () => {
    const result = cli(['check', '-'], '');
    expect(result).toMatchObject({ code: 2, stdout: expect.stringContaining('<stdin>:1:1 error [input] holds no Kubernetes object. Fix: give manifests (a failed `kustomize build`') });
  });

  test('UTF-16 with a byte-order mark (PowerShell\'s >) and UTF-8 with one are read as kubectl reads them', () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MAPPING, 'utf16le')]);
    const utf16be = Buffer.from(utf16le.swap16()); // the same text, big-endian, BOM included
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MAPPING)]);
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MAPPING, 'utf16le')]), utf16be, utf8]) {
      const result = json([file('routes.yaml', bytes)]);
      expect(result.code).toBe(1);
      expect(result.problems.map((p: any) => `${p.rule} ${p.line}:${p.column}`)).toEqual(['mapping-tls-exists 10:3']);
    }
    // Standard input too, as bytes.
    expect(cli(['check', '--format', 'json', '-'], utf16le as any).code).toBe(1);
  });

  test('YAML as kubectl resolves it: merge keys, YAML 1.1 booleans', () => {
    const merged = [
      'apiVersion: v1', 'kind: List', 'items:',
      '  - apiVersion: getambassador.io/v3alpha1', '    kind: Mapping', '    metadata: {name: base, namespace: e}',
      '    spec: &route', '      prefix: /a/', '      service: https://a.apps:8443', '      hostname: "*"', '      bypass_auth: yes',
      '  - apiVersion: getambassador.io/v3alpha1', '    kind: Mapping', '    metadata: {name: derived, namespace: e}',
      '    spec:', '      <<: *route', '      prefix: /b/', '      tls: nowhere', '',
    ].join('\n');
    const result = json([file('merged.yaml', merged)]);
    // The merge key gives "derived" the service and hostname; its own prefix wins; `yes` is a boolean (the schema wants one).
    expect(result.problems.map((p: any) => `${p.resource} ${p.rule} ${p.line}:${p.column}`)).toEqual(['Mapping/e/derived mapping-tls-exists 18:7']);
    expect(result.code).toBe(1);
  });

  test('a symbolic link leaving the folder is refused (as kustomize and Argo CD refuse it); one inside it is read', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'check-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret-routes.yaml'), MAPPING);
      const repo = path.join(dir, 'repo');
      file('repo/own.yaml', MAPPING.replace('name: m', 'name: own'));
      fs.symlinkSync(path.join(outside, 'secret-routes.yaml'), path.join(repo, 'linked.yaml'));
      fs.symlinkSync(path.join(repo, 'own.yaml'), path.join(repo, 'alias.yaml'));
      fs.symlinkSync(outside, path.join(repo, 'linked-folder'));
      const result = json([repo]);
      expect(result.code).toBe(2);
      expect(inputProblems(result)).toEqual([
        expect.stringMatching(/^linked-folder:-:- is a symbolic link to .*, outside the folder .*: refused, as kustomize and Argo CD refuse it/),
        expect.stringMatching(/^linked\.yaml:-:- is a symbolic link to .*secret-routes\.yaml, outside the folder/),
      ]);
      expect(result.files.map((f: string) => path.basename(f))).toEqual(['alias.yaml', 'own.yaml']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a folder with link loops: a loop of file links is named as a loop, links back to a folder are read once', () => {
    file('repo/own.yaml', MAPPING.replace('  tls: nowhere\n', ''));
    const repo = path.join(dir, 'repo');
    fs.symlinkSync('b.yaml', path.join(repo, 'a.yaml'));
    fs.symlinkSync('a.yaml', path.join(repo, 'b.yaml'));
    fs.symlinkSync('.', path.join(repo, 'self'));
    const result = json([repo]);
    expect(result.code).toBe(2);
    expect(inputProblems(result)).toEqual([
      'a.yaml:-:- is a symbolic link to b.yaml, which leads back to itself through other links (a loop)',
      'b.yaml:-:- is a symbolic link to a.yaml, which leads back to itself through other links (a loop)',
    ]);
    expect(result.files.map((f: string) => path.basename(f))).toEqual(['own.yaml']);
  });

  test('a subfolder that cannot be listed is an input finding; the other files are still checked', () => {
    file('repo/own.yaml', MAPPING);
    file('repo/locked/other.yaml', MAPPING);
    const locked = path.join(dir, 'repo', 'locked');
    // Root reads any folder, so the permission error is simulated where check lists the folder.
    const readdir = jest.requireActual('fs').readdirSync;
    (fs.readdirSync as jest.Mock).mockImplementation((p: fs.PathLike, ...rest: any[]) => {
      if (String(p) === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
      return readdir(p, ...rest);
    });
    try {
      const result = json([path.join(dir, 'repo')]);
      expect(result.code).toBe(2);
      expect(inputProblems(result)).toEqual(['locked:-:- cannot be listed (EACCES)']);
      expect(result.problems.filter((p: any) => p.rule !== 'input').map((p: any) => p.rule)).toEqual(['mapping-tls-exists']);
    } finally {
      (fs.readdirSync as jest.Mock).mockImplementation(readdir);
    }
  });

  test('kustomization files in folders are skipped and counted; Helm values are read as values, never taken for objects', () => {
    file('chart/kustomization.yaml', 'resources: [m.yaml]\n');
    file('chart/helm/emissary-ingress-values.yaml', 'volumes: []\nvolumeMounts: []\n');
    file('chart/m.yaml', MAPPING.replace('  tls: nowhere\n', ''));
    const result = json([path.join(dir, 'chart')]);
    expect(result.skippedFiles.map((f: string) => path.basename(f))).toEqual(['kustomization.yaml']);
    expect(result.files.map((f: string) => path.basename(f))).toContain('emissary-ingress-values.yaml');
    expect(result.code).toBe(0);
  });
});

describe('Helm values read by the rules', () => {
  test('the chart values\' volumeMounts count as the Ambassador pod\'s for the file-mount rule', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-values-'));
    try {
      const context = 'apiVersion: getambassador.io/v3alpha1\nkind: TLSContext\nmetadata: { name: ctx, namespace: emissary }\nspec:\n  secret: client\n  cacert_chain_file: /etc/ca/ca.crt\n';
      const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: emissary-ingress, namespace: emissary }\nspec:\n  template:\n    spec:\n      containers: [{ name: ambassador, image: "docker.io/emissaryingress/emissary:3.9.1" }]\n';
      fs.writeFileSync(path.join(folder, 'ctx.yaml'), context);
      fs.writeFileSync(path.join(folder, 'deployment.yaml'), deployment);
      // GIVEN an Ambassador Deployment without the mount: the rule fires
      expect(cli(['check', folder]).stdout).toContain('[tlscontext-files-mounted]');
      // WHEN the chart's values mount the CA folder THEN the rule is satisfied (the values are not an input error)
      fs.mkdirSync(path.join(folder, 'helm'));
      fs.writeFileSync(path.join(folder, 'helm', 'emissary-ingress-values.yaml'), 'volumeMounts:\n  - { name: ca, mountPath: /etc/ca, readOnly: true }\n');
      const result = cli(['check', folder]);
      expect(result.stdout).not.toContain('[tlscontext-files-mounted]');
      expect(result.stdout).not.toContain('[input]');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
