/**
 * The docs run as written. Every TypeScript block of README.md and docs/*.md is a complete program
 * (imports, an app, charts, synth()) kept in test/examples/ and shown verbatim, with the package
 * name as the import path; each is run here (into a temporary folder) and its manifests are
 * schema-checked, and the ones that show a chart of this repository's app must write what dist/
 * holds for it. CI also compiles them with `tsc --strict` and synthesizes them in a `cdk8s init`
 * shaped app with cdk8s-plus-33 and the packed package (.ci/consumer-test.sh). The generated
 * files and command outputs the docs show are compared with the real ones too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { cli } from './support/cli';
import { expectValidDocuments } from './support/schema';
import { findObject } from './support/synth';
import { temporaryFolders } from './support/temp';

type Json = Record<string, any>;

const ROOT = path.join(__dirname, '..');
const EXAMPLES = path.join(__dirname, 'examples');
const tmp = temporaryFolders('docs-examples-');

/** README.md and every page of docs/ (not the generated API reference below docs/api/). */
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const text = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf8');

interface Block { readonly page: string; readonly line: number; readonly lang: string; readonly marker?: string; readonly body: string }

/** Every fenced block of a page, with the `<!-- example: x -->` or `<!-- dist: x -->` marker on the line before it. */
function blocks(page: string): Block[] {
  const lines = text(page).split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`${page}:${i + 1}: a code block that is never closed`);
    const marker = /^<!-- ((?:example|dist): \S+) -->$/.exec(lines[i - 1] ?? '')?.[1];
    const body = lines.slice(i + 1, end).map((l) => l.slice(open[1].length)).join('\n') + '\n';
    found.push({ page, line: i + 1, lang: open[2], marker, body });
    i = end;
  }
  return found;
}

const ALL = PAGES.flatMap(blocks);
const TYPESCRIPT = ['ts', 'typescript', 'tsx', 'js', 'javascript'];
const shown = ALL.filter((b) => b.marker?.startsWith('example: ')).map((b) => [b.marker!.slice('example: '.length), b] as const);
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

/** An example's source as the docs show it: the package name in place of the repository path. */
const asShown = (name: string) => fs.readFileSync(path.join(EXAMPLES, `${name}.ts`), 'utf8').replace(/'\.\.\/\.\.\/src(\/index)?'/g, '\'cdk8s-ambassador-mtls\'');

const runs = new Map<string, { outdir: string; exports: Json }>();

/**
 * Runs an example program as `cdk8s synth` or `npx ts-node main.ts` would, writing into a fresh
 * folder, once per file: the tests only read what it wrote, and each run loads cdk8s, cdk8s-plus
 * and the library again in a module registry of its own (~0.35 s).
 */
function runExample(name: string): { outdir: string; exports: Json } {
  let run = runs.get(name);
  if (!run) runs.set(name, run = runExampleOnce(name));
  return run;
}

function runExampleOnce(name: string): { outdir: string; exports: Json } {
  const outdir = tmp();
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  let exports: Json = {};
  try {
    jest.isolateModules(() => { exports = jest.requireActual(path.join(EXAMPLES, name)); });
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = before;
  }
  return { outdir, exports };
}

const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String) : [])
  .filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort();
const readDocs = (file: string): Json[] => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((d) => d !== null);
const key = (d: Json) => `${d.apiVersion} ${d.kind} ${d.metadata?.namespace ?? ''} ${d.metadata?.name}`;
const byKey = (docs: Json[]) => [...docs].sort((a, b) => key(a).localeCompare(key(b)));
/** Every manifest an example wrote (a plain App: `<chart>.k8s.yaml`; a GitOpsApp: a folder per chart), not Helm values. */
const manifestsOf = (outdir: string) => filesUnder(outdir).filter((f) => f.endsWith('.k8s.yaml') || /(^|\/)(kustomizations|applicationset)\.yaml$/.test(f))
  .flatMap((f) => readDocs(path.join(outdir, f)));

describe('docs: TypeScript examples', () => {
  test('docs/ holds the pages and the API reference only: no merge leftovers (*.orig, *.rej) with stale claims beside them', () => {
    // A merge tool's backup of a page keeps the text the page corrected, and ships with the repository.
    const others = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => !f.endsWith('.md') && f !== 'api');
    expect(others).toEqual([]);
  });

  test('every TypeScript block of README.md and docs/ is an example program kept in test/examples/', () => {
    const unmarked = ALL.filter((b) => TYPESCRIPT.includes(b.lang) && !b.marker?.startsWith('example: ')).map((b) => `${b.page}:${b.line}`);
    expect(unmarked).toEqual([]);
    const misplaced = shown.filter(([, b]) => b.lang !== 'ts').map(([name, b]) => `${b.page}:${b.line} (${name})`);
    expect(misplaced).toEqual([]);
    for (const [name] of shown) expect(exampleFiles).toContain(name);
  });

  test('every example program is shown once', () => {
    expect(shown.map(([name]) => name).sort()).toEqual(exampleFiles);
  });

  test.each(shown.map(([name, b]) => [name, `${b.page}:${b.line}`, b] as const))('%s is in %s verbatim', (name, _, block) => {
    expect(block.body).toBe(asShown(name));
  });

  test.each(exampleFiles)('%s is a complete program for a cdk8s init app: imports, an app, synth(), no cdk8s-plus but 33', (name) => {
    const source = asShown(name);
    expect(source).toMatch(/^import /);
    expect(source).toMatch(/\nconst app = new (App|GitOpsApp)\(/);
    expect(source).toMatch(/\napp\.synth\(\);\n$/);
    for (const [, pkg] of source.matchAll(/from '(cdk8s-plus-\d+)'/g)) expect(pkg).toBe('cdk8s-plus-33');
    for (const [, pkg] of source.matchAll(/from '([^'.][^']*)'/g)) expect(['cdk8s', 'constructs', 'cdk8s-plus-33', 'cdk8s-ambassador-mtls']).toContain(pkg);
  });

  test.each(exampleFiles)('%s synthesizes schema-valid manifests', (name) => {
    const { outdir } = runExample(name);
    const docs = manifestsOf(outdir);
    expect(docs.length).toBeGreaterThan(0);
    expectValidDocuments(docs.filter((d) => !/argoproj|fluxcd/.test(d.apiVersion)));
  });

  // The pattern pages show the charts of this repository's app as programs of their own: each
  // writes exactly what dist/<chart> holds (the same objects, Helm values and kustomize Components).
  test.each(['istio', 'consul', 'consul-v3', 'linkerd', 'cert-manager', 'gateway-api'].map((c) => [c, c]))('%s writes what dist/%s holds', (chart) => {
    const { outdir } = runExample(chart);
    const dist = path.join(ROOT, 'dist', chart);
    const distManifests = fs.readdirSync(dist).filter((f) => f.endsWith('.k8s.yaml')).flatMap((f) => readDocs(path.join(dist, f)));
    expect(byKey(readDocs(path.join(outdir, `${chart}.k8s.yaml`)))).toEqual(byKey(distManifests));
    const extras = filesUnder(dist).filter((f) => /^(helm|kustomize)\//.test(f));
    expect(filesUnder(path.join(outdir, chart))).toEqual(extras);
    for (const f of extras) expect(fs.readFileSync(path.join(outdir, chart, f), 'utf8')).toBe(fs.readFileSync(path.join(dist, f), 'utf8'));
  });

  test('first-app: Istio mTLS for the Helm-installed Emissary-ingress, its values file beside the manifests', () => {
    const { outdir } = runExample('first-app');
    expect(filesUnder(outdir)).toEqual(['edge.k8s.yaml', 'edge/helm/emissary-ingress-values.yaml']);
    const docs = readDocs(path.join(outdir, 'edge.k8s.yaml'));
    expect(findObject(docs, 'Mapping', 'productpage').spec).toMatchObject({ service: 'https://productpage.bookinfo:9080', tls: 'istio-upstream' });
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-productpage').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/emissary/sa/emissary-ingress']);
  });

  test('gitops-app: a folder per chart with its kustomization and delivery objects', () => {
    const { outdir } = runExample('gitops-app');
    const files = filesUnder(outdir);
    expect(files).toEqual(expect.arrayContaining(['shop/kustomization.yaml', 'shop/delivery/argocd/applicationset.yaml', 'shop/delivery/flux/kustomizations.yaml']));
    expect(files.filter((f) => f.startsWith('shop/Mapping.'))).toHaveLength(3);
  });

  test('api-version mixes v2 and v3alpha1 as documented', () => {
    const docs = readDocs(path.join(runExample('api-version').outdir, 'legacy.k8s.yaml'));
    expect(findObject(docs, 'TLSContext', 'istio-upstream').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'Mapping', 'productpage').apiVersion).toBe('getambassador.io/v2');
    expect(findObject(docs, 'Mapping', 'reviews').apiVersion).toBe('getambassador.io/v3alpha1');
  });

  test('install-target derives the names of the install it declares', () => {
    const { outdir, exports } = runExample('install-target');
    const docs = readDocs(path.join(outdir, 'edge.k8s.yaml'));
    expect((exports.istio.kustomizeComponent().patch as any).metadata).toEqual({ name: 'emissary-ingress', namespace: 'emissary' });
    expect(findObject(docs, 'AuthorizationPolicy', 'allow-emissary-ingress.emissary-to-reviews').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/emissary/sa/emissary-ingress']);
    expect(findObject(docs, 'ConsulResolver', 'consul-dc1').spec.address).toBe('${HOST_IP}:8500');
    expect(exports.consul.hostIp!.podPatch.fieldEnv).toEqual({ HOST_IP: 'status.hostIP' });
  });
});

describe('docs: generated files and command output', () => {
  test('the generated files the docs show are the ones in dist/', () => {
    const dist = ALL.filter((b) => b.marker?.startsWith('dist: '));
    expect(dist.length).toBeGreaterThan(0);
    for (const b of dist) expect(b.body).toBe(fs.readFileSync(path.join(ROOT, 'dist', b.marker!.slice('dist: '.length)), 'utf8'));
  });

  test('the command line examples print what the docs show (test/examples/cli)', () => {
    const consoles = ALL.filter((b) => b.lang === 'console').map((b) => /^\$ npx cdk8s-ambassador-mtls (.+)\n([\s\S]*)$/.exec(b.body)!);
    expect(consoles.map(([, command]) => command)).toEqual(['check edge.yaml', 'migrate --to v3alpha1 v2.yaml']);
    const cwd = process.cwd();
    process.chdir(path.join(EXAMPLES, 'cli'));
    try {
      for (const [, command, output] of consoles) {
        const result = cli(command.split(' '));
        expect(result.stdout + result.stderr).toBe(output);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  test('relative links between the pages lead to files that exist', () => {
    for (const page of PAGES) {
      for (const [, target] of text(page).matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)(#[^)]*)?\)/g)) {
        expect(`${page} -> ${target}: ${fs.existsSync(path.join(ROOT, path.dirname(page), target))}`).toBe(`${page} -> ${target}: true`);
      }
    }
  });
});
