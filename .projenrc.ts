import * as fs from 'fs';
import * as path from 'path';
import { cdk8s, DependencyType, javascript, JsonFile, ReleasableCommits } from 'projen';

// The package's version: the last release's, or the one `npx projen release:prepare` is preparing
// (see "Releases" below). projen alone would write 0.0.0 outside its release job.
const VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8')).version;

// Versions are pinned where these machines proved a newer one breaks the build:
// TypeScript 7 breaks ts-node (used by projen itself), and @swc/core 1.16.22 lacks
// platform binaries in the registry we install from.
const CDK8S = '2.70.106';
const CDK8S_PLUS = '2.9.5';
const CONSTRUCTS = '10.8.1';

// Conventional-commit types (CONTRIBUTING.md): those with a section in CHANGELOG.md, which make a
// release, and those that do neither.
const RELEASE_NOTE_TYPES = [
  { type: 'feat', section: 'Features' },
  { type: 'fix', section: 'Bug Fixes' },
  { type: 'perf', section: 'Performance Improvements' },
  { type: 'revert', section: 'Reverts' },
];
const HIDDEN_TYPES = ['docs', 'test', 'chore', 'refactor', 'style', 'build', 'ci'];

const project = new cdk8s.Cdk8sTypeScriptApp({
  name: 'cdk8s-ambassador-mtls',
  description:
    'cdk8s constructs for Ambassador / Emissary-ingress mutual TLS to Istio and Consul Connect service meshes',
  keywords: ['cdk8s', 'ambassador', 'emissary', 'mtls', 'istio', 'consul', 'kubernetes'],
  license: 'Apache-2.0',
  // Where README's relative links resolve on a registry page, and where users report bugs.
  repository: 'https://github.com/cdk8s-ambassador-mtls/cdk8s-ambassador-mtls.git',
  homepage: 'https://github.com/cdk8s-ambassador-mtls/cdk8s-ambassador-mtls#readme',
  bugsUrl: 'https://github.com/cdk8s-ambassador-mtls/cdk8s-ambassador-mtls/issues',
  copyrightOwner: 'cdk8s-ambassador-mtls authors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // Dev versions of the peers are pinned explicitly below (not one per cdk8s-plus major).
  peerDependencyOptions: { pinnedDevDependency: false },
  minNodeVersion: '20.0.0',

  // CI is `.ci/run`, run on a clean clone: no hosted build workflow or bots. GitHub is on for one
  // thing only, the release workflow projen generates (see "Releases" below), and the semantic
  // pull-request title check that keeps squash-merged commits conventional.
  github: true,
  githubOptions: {
    mergify: false,
    pullRequestLintOptions: { semanticTitleOptions: { types: ['feat', 'fix', 'docs', 'test', 'chore', 'refactor', 'perf', 'revert'] } },
  },
  release: true,
  releaseToNpm: true,
  // The version a release publishes is the one its release commit set (projenrc/release.ts).
  // commit-and-tag-version 13 needs Node.js 22; our machines and the release job run Node.js 20.
  // The release job's Node.js (projen's default is minNodeVersion exactly: 20.0.0, older than
  // API Extractor's minimum, 20.9).
  workflowNodeVersion: '20.x',
  bumpPackage: 'commit-and-tag-version@^12.7.3',
  // What `release:prepare` counts as a reason to release: the commits its changelog shows, and a
  // breaking change of any type. projen's default counts every commit, and commit-and-tag-version
  // bumps at least a patch for any, so docs-, test- or chore-only history became a release with
  // empty notes (CONTRIBUTING.md: those bump nothing).
  releasableCommits: ReleasableCommits.exec([
    'git log --no-merges --oneline $LATEST_TAG..HEAD -E',
    `--grep '^(${RELEASE_NOTE_TYPES.map((t) => t.type).join('|')})(\\([^()[:space:]]+\\))?!?:[[:blank:]]+.+'`,
    "--grep '^[a-z]+(\\([^()[:space:]]+\\))?!:[[:blank:]]+.+'",
    "--grep '^BREAKING[ -]CHANGE:'",
  ].join(' ')),
  // The changelog's sections. commit-and-tag-version's default hides perf (conventional-changelog-
  // config-spec 2.1.0) and drops revert; both change what users get, so both are shown.
  versionrcOptions: {
    types: [...RELEASE_NOTE_TYPES, ...HIDDEN_TYPES.map((type) => ({ type, hidden: true }))],
    // The version goes into package-lock.json too (its `version` and `packages[""].version`), as
    // `npm version` writes it: projen names package.json alone, which left the lockfile of a
    // release commit at the previous version for the next `npm install` to rewrite.
    bumpFiles: [{ filename: 'package.json', type: 'json' }, { filename: 'package-lock.json', type: 'json' }],
  },
  nextVersionCommand: 'ts-node --transpile-only --project projenrc/tsconfig.json projenrc/release.ts next-version',
  // The release artifacts (tarball, version, changelog) go to artifacts/: dist/ is our manifests.
  artifactsDirectory: 'artifacts',
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  // The package's contents are an allowlist (`files`, see "Package contents" below).
  npmignoreEnabled: false,

  typescriptVersion: '~5.9.3',
  cdk8sVersion: CDK8S,
  cdk8sPlus: true,
  k8sMinorVersion: 27,
  cdk8sPlusVersion: CDK8S_PLUS,
  constructsVersion: CONSTRUCTS,
  cdk8sCliVersion: '2.207.60',
  // The default `k8s` import needs the network; cdk8s-plus-27 ships the k8s types we use.
  k8sSpecVersion: undefined,

  // `imports/` and the example app (`app/`) sit beside `src/`, so compile from the project root:
  // lib/src (the library), lib/imports (generated types) and lib/app (not in the npm package).
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',
  tsconfig: {
    // skipLibCheck: our code is fully checked; re-checking the dependencies' .d.ts (cdk8s-plus,
    // kubernetes-models) cost 2.5 s of each of the two tsc runs in a build.
    compilerOptions: { rootDir: '.', skipLibCheck: true },
    include: ['imports/**/*.ts', 'app/**/*.ts'],
  },
  tsconfigDev: {
    compilerOptions: { skipLibCheck: true },
    include: ['imports/**/*.ts', 'app/**/*.ts'],
  },

  // ajv and yaml: the validation plugin checks CRD schemas and parses manifests at synth time.
  // commander and diff: the command line (`cdk8s-ambassador-mtls check|migrate`) parses its
  // arguments and shows migrations as unified diffs with them instead of hand-written versions
  // (commander 14 is the last major for Node 20; diff 8 ships its own types).
  // @bufbuild/cel: the CRDs' CEL rules (x-kubernetes-validations), which the API server enforces
  // beside the schema, are evaluated by the check (src/validation/cel). Of the maintained CEL
  // implementations on npm it alone has a CommonJS build (Node.js 20.0 and jest load it) and an
  // RE2 engine for matches(), as Kubernetes has; pinned to the minor while it is 0.x.
  deps: ['ajv@^8.17.1', 'yaml@^2.8.0', 'commander@^14.0.3', 'diff@^8.0.2', '@bufbuild/cel@~0.6.1'],
  bin: { 'cdk8s-ambassador-mtls': 'lib/src/cli/main.js' },
  devDeps: [
    // The library takes cdk8s-plus objects of any version structurally; the tests run the same
    // scenarios with the oldest and newest supported majors (the app itself uses 27).
    'cdk8s-plus-33@2.5.57',
    '@swc/core@1.16.18',
    '@swc/jest@^0.2.39',
    'fast-check@~3.23.2',
    'kubernetes-models@^4.5.1',
    // The tests validate every generated Argo CD ApplicationSet and Flux Kustomization against
    // those projects' own CRD schemas (closed against unknown fields, as our CRD schemas are).
    '@kubernetes-models/argo-cd@^4.0.0',
    '@kubernetes-models/flux-cd@^4.0.0',
    // ... which are ES modules only: the tests call them synchronously in a worker thread that
    // loads them once per test file (synckit, already under jest-snapshot), not a process per call.
    'synckit@^0.11.13',
    // The SARIF 2.1.0 schema (OASIS), as jest matchers, from Microsoft's SARIF SDK: the tests
    // validate `check --format sarif` against it.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // The import-cycle check of src/ and app/ (the `cycles` task): 3 s where eslint-plugin-import's
    // no-cycle took 6.5 s of each lint run, parsing every module a second time.
    'madge@^8.0.0',
    // The test task runs its three static checks side by side (type-check, lint, cycles); 9.x is
    // the line that still supports Node.js 20 (10.x needs 22).
    'concurrently@^9.2.5',
  ],

  // A stale snapshot must fail the test task; `test:update` rewrites them on purpose.
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
      // Coverage nearly doubles the suite's time (38 s against 20 s on 2 cores): `npx projen
      // test:coverage` measures it, the everyday test task does not.
      collectCoverage: false,
      // Jest's default is one worker fewer than the cores: a single worker on our 2-core machines.
      maxWorkers: '100%',
      // The tests leave nothing in the temporary folder: the run gets one of its own, and fails
      // when anything is left in it (test/support/tmpdir-global.ts); cdk8s's Testing.app()
      // folders are removed after each file (test/support/jest-setup.ts).
      globalSetup: '<rootDir>/test/support/tmpdir-setup.ts',
      globalTeardown: '<rootDir>/test/support/tmpdir-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
    },
  },
  typecheckTests: true,
  eslintOptions: {
    dirs: ['src', 'app'],
    devdirs: ['test'],
    ignorePatterns: ['imports/', 'lib/', 'dist/', 'node_modules/', '*.d.ts'],
    // Lint reports; it never rewrites files during `test` (CI must see what was committed).
    commandOptions: { fix: false },
  },
});

// The test task: three static checks side by side, then jest. On 2 cores the checks are CPU-bound,
// so what `npm test` costs is what they and jest burn together (CONTRIBUTING.md, "How long
// things take"); each step below is the cheapest form that still checks the same thing locally:
// - the tests' type-check keeps tsc's incremental state under node_modules/.cache, so a run after
//   an edit checks what changed, not the whole program again;
// - lint runs ESLint's file-local rules (style, imports, shadowing, ...). The two type-aware rules
//   (no-floating-promises, return-await) need a TypeScript program per tsconfig and cost 10 of
//   the 17 s a full lint takes; they run in `npx projen eslint` (the full .eslintrc.json, which
//   editors also use), which CI and the release task run. Without them the test task can keep
//   ESLint's cache and lint only the files that changed (typescript-eslint#4694: not with the
//   type-aware rules, whose result depends on other files); its key is below. Left to CI's full
//   run: an unchanged file whose import stops resolving (tsc reports it too);
// - cycles: see below.
const TYPE_AWARE_RULES = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/return-await'];
const LINTED = ['src', 'app', 'test', 'projenrc', '.projenrc.ts'];
const ESLINT_ENV = { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' }; // as projen's eslint task
const STATIC_CHECKS = {
  types: 'tsc --noEmit --incremental --tsBuildInfoFile node_modules/.cache/cdk8s-ambassador-mtls/test.tsbuildinfo -p test/tsconfig.json',
  lint: ['eslint --ext .ts,.tsx --no-error-on-unmatched-pattern --parser-options projectService:false',
    ...TYPE_AWARE_RULES.map((rule) => `--rule '${rule}: off'`),
    // ESLint's cache key is the file, ESLint's own version and the resolved configuration: not the
    // plugins' versions (eslint/eslint#12578, #16284) nor package.json, which
    // import/no-extraneous-dependencies reads. The folder name carries a checksum of both.
    '--cache --cache-strategy content',
    '--cache-location "node_modules/.cache/cdk8s-ambassador-mtls/eslint-$(cat package.json node_modules/.package-lock.json | cksum | cut -d \' \' -f 1)/"',
    ...LINTED].join(' '),
  cycles: 'madge --circular --no-spinner src app',
};
project.addTask('typecheck:test', { description: 'Type-check the test suite (tsc, incremental)', exec: STATIC_CHECKS.types });
project.addTask('lint', {
  description: 'ESLint without the type-aware rules (`eslint` runs all of them: CI and the release task run it)',
  env: ESLINT_ENV,
  exec: STATIC_CHECKS.lint,
});
// The full lint (every rule of .eslintrc.json, with type information) gates a release as CI gates
// main: the release task runs it after its build (projen locks the build task itself).
project.tasks.tryFind('release')!.spawn(project.eslint!.eslintTask);

project.addTask('test:coverage', {
  description: 'Run the jest suite with coverage (report in coverage/)',
  exec: 'jest --passWithNoTests --ci --coverage',
});

// The folders of src/ show the design (core helpers <- resources <- pod wiring <- mesh patterns);
// a cycle between them would blur it, so the test task fails on one. madge builds the module graph
// once from the sources (`import type` skipped: it leaves nothing at run time, as no-cycle
// ignored it); eslint-plugin-import's no-cycle re-parsed every module per linted file's graph
// and took a third of each lint run (6.5 of 20 s, ESLint TIMING=1, on 2 cores). no-cycle also
// ran over test/ and projenrc/, which are not part of that layering: they are left out (none has
// a cycle; checking them would add 3.8 s).
new JsonFile(project, '.madgerc', {
  obj: { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', detectiveOptions: { ts: { skipTypeImports: true } } },
});
project.addTask('cycles', {
  description: 'Fail on an import cycle between the modules of src/ and app/ (madge)',
  exec: STATIC_CHECKS.cycles,
});

// concurrently runs the three commands of the tasks above as one step (not through projen: three
// more projen start-ups cost 3 s of CPU), prints each one's output whole, and fails when any fails.
project.testTask.reset();
project.testTask.exec(['concurrently --group --names', Object.keys(STATIC_CHECKS).join(','),
  ...Object.values(STATIC_CHECKS).map((command) => JSON.stringify(command))].join(' '), { name: 'Type-check, lint and cycles, side by side', env: ESLINT_ENV });
// jest runs without ESLint's variables (NODE_NO_WARNINGS would hide Node's warnings in the tests).
project.testTask.exec('jest --passWithNoTests --ci', { receiveArgs: true });

// This is also a construct library: the cdk8s stack is the consuming app's, so it is a
// peer dependency (one copy of `constructs` in the tree) and a dev dependency for us.
for (const [name, version] of [
  ['cdk8s', CDK8S],
  ['constructs', CONSTRUCTS],
]) {
  for (const dep of project.deps.all.filter((d) => d.name === name)) {
    project.deps.removeDependency(name, dep.type);
  }
  project.deps.addDependency(`${name}@^${version}`, DependencyType.PEER);
  project.deps.addDependency(`${name}@${version}`, DependencyType.DEVENV);
}
// cdk8s-plus is optional: the library never loads it (it reads Services and Deployments of any
// version structurally, or plain ApiObjects), so any major from 27 to 33, or none, will do.
for (const dep of project.deps.all.filter((d) => d.name === 'cdk8s-plus-27')) {
  project.deps.removeDependency('cdk8s-plus-27', dep.type);
}
project.deps.addDependency(`cdk8s-plus-27@${CDK8S_PLUS}`, DependencyType.DEVENV);
const PLUS_MAJORS = [27, 28, 29, 30, 31, 32, 33];
for (const major of PLUS_MAJORS) project.deps.addDependency(`cdk8s-plus-${major}@^2.0.0`, DependencyType.PEER);
project.package.addField('peerDependenciesMeta', Object.fromEntries(PLUS_MAJORS.map((major) => [`cdk8s-plus-${major}`, { optional: true }])));
// ... and src/ must not import it, or a consumer without that exact major could not load us.
project.eslint!.addOverride({
  files: ['src/**/*.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['cdk8s-plus-*'], message: 'the library reads cdk8s-plus objects structurally (core/kube-object.ts); it must not load a cdk8s-plus version' }] }] },
});

// ts-jest is not used (swc transforms the tests): drop it and its transform, keep our globs only.
project.deps.removeDependency('ts-jest');
// swc compiles the tests and the sources they load as tsc compiles them for the package
// (test/support/swc-options.json: ES2020, CommonJS, class fields assigned in the constructor, not
// defined): with @swc/jest's defaults (the running Node's target, fields defined) a base class
// constructor that sets a field of its subclass gave `undefined` under jest and the value under tsc.
project.jest!.config.transform = {
  '^.+\\.ts$': new javascript.Transform('@swc/jest', JSON.parse(fs.readFileSync('test/support/swc-options.json', 'utf8'))),
};
// Jest's transform cache beside the other tools' (not in the system's temporary folder, where the
// tests leave nothing).
project.package.file.addOverride('jest.cacheDirectory', '<rootDir>/node_modules/.cache/jest');
project.package.file.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);
project.package.file.addOverride('jest.coverageReporters', ['text-summary', 'lcov']);
project.package.file.addDeletionOverride('jest.reporters');
project.deps.removeDependency('jest-junit');

// unrs-resolver (under eslint-import-resolver-typescript) 1.13.0 lacks most platform binaries in
// the registry we install from, which leaves package-lock.json out of sync for `npm ci`.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// cdk8s.yaml: no remote `k8s` import; the app runs from the compiled output.
const cdk8sYaml = project.tryFindObjectFile('cdk8s.yaml')!;
cdk8sYaml.addOverride('app', 'node lib/app/main.js');
cdk8sYaml.addDeletionOverride('imports');
// `cdk8s synth` runs our own validation plugin over what it wrote: CRD schemas, mTLS wiring.
// No properties: the CRD schemas are bundled with the package (imports/schemas).
cdk8sYaml.addOverride('validations', [{
  package: './lib/src/validation/validation-plugin.js',
  // For a local path the cdk8s CLI only prints this in its report; it follows the package's.
  version: VERSION,
  class: 'AmbassadorMtlsValidation',
}]);

// `synth` compiles, then runs the cdk8s CLI (which writes dist/); `build` already compiles.
const cdk8sSynth = ['cdk8s', 'synth', '--no-check-upgrade'];
project.tasks.tryFind('synth')!.reset();
project.tasks.tryFind('synth')!.spawn(project.compileTask);
project.tasks.tryFind('synth')!.exec(cdk8sSynth.join(' '));
project.postCompileTask.reset(cdk8sSynth.join(' '));

// `import` regenerates imports/ from ../shared/crds (filtered in a temp dir; see the script).
project.tasks.tryFind('import')!.reset('ts-node --project projenrc/tsconfig.json projenrc/import-crds.ts');


// docs/errors.md is rendered from the bad-input catalogue the tests run.
project.addTask('docs:errors', {
  description: 'Render docs/errors.md from test/bad-inputs.ts',
  exec: 'ts-node --transpile-only --project test/tsconfig.json test/support/write-errors-doc.ts',
});

// `bench`: the synth benchmark (test/bench), compiled to lib/bench and run as plain JavaScript,
// as users run the package: no TypeScript transpiler in the measured process.
new JsonFile(project, 'test/bench/tsconfig.json', {
  allowComments: true,
  obj: {
    extends: '../../tsconfig.json',
    compilerOptions: { rootDir: '../..', outDir: '../../lib/bench', declaration: false, declarationMap: false },
    include: ['./**/*.ts'],
  },
});
project.addTask('bench', {
  description: 'Synth benchmark: our constructs vs plain cdk8s vs the YAML floor (N = 100 to 10,000), then the GitOps job (N = 1,000, 10,000, 50,000; --sizes=, --runs=, --gitops-only, --strict)',
  steps: [
    { exec: 'tsc -p test/bench/tsconfig.json' },
    { exec: 'node lib/bench/test/bench/synth-benchmark.js', receiveArgs: true },
  ],
});

// dist/ is the product (plain manifests for GitOps): committed, and checked for drift in CI.
project.gitignore.removePatterns('/dist/');
project.gitignore.addPatterns('!/dist/');
// Written by GitOpsApp for cdk8s's validation report only: not a manifest, not for GitOps tools.
project.gitignore.addPatterns('/dist/construct-metadata.json');

// ---------------------------------------------------------------------------------------------
// Package contents (issue 22). The package is what a consumer runs: the compiled library with
// its types, the source maps and the TypeScript sources they point at (so stack frames, under
// ts-node or `node --enable-source-maps`, and an editor's "go to definition" land on files the
// package ships), the README, LICENSE and CHANGELOG. Not this repository's app, tests, fixtures
// (lib/emissary-fixtures), benchmark or build state. `files` is an allowlist: npm ignores the
// root .npmignore when it is set, so projen writes none.
project.package.addField('files', [
  'lib/src/**/*.js', 'lib/src/**/*.d.ts', 'lib/src/**/*.map',
  'lib/imports/**/*.js', 'lib/imports/**/*.d.ts', 'lib/imports/**/*.map',
  'src/**/*.ts', 'imports/**/*.ts',
  'CHANGELOG.md',
]);
// Separate .map files beside the .js (and .d.ts), whose sources are the shipped .ts files,
// instead of inline maps that name files the package did not ship.
project.tsconfig!.file.addOverride('compilerOptions.sourceMap', true);
project.tsconfig!.file.addOverride('compilerOptions.declarationMap', true);
project.tsconfig!.file.addDeletionOverride('compilerOptions.inlineSourceMap');
project.tsconfig!.file.addDeletionOverride('compilerOptions.inlineSources');
project.tsconfigDev.file.addOverride('compilerOptions.sourceMap', true);
project.tsconfigDev.file.addDeletionOverride('compilerOptions.inlineSourceMap');
project.tsconfigDev.file.addDeletionOverride('compilerOptions.inlineSources');
// `exports`: the library, its types (for TypeScript's node16/bundler resolution; node10 reads
// `types`) and package.json. The cdk8s CLI loads a validation plugin by file path
// (`./node_modules/cdk8s-ambassador-mtls`, a folder: `main`; or a file under lib/), which Node
// resolves without `exports` (cdk8s-cli lib/plugins/_manager.js: require.resolve of the path);
// the deep path README used before is exported too, for `require()` by package name.
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './lib/src/validation/validation-plugin.js': {
    types: './lib/src/validation/validation-plugin.d.ts',
    default: './lib/src/validation/validation-plugin.js',
  },
  './package.json': './package.json',
});
// The published manifest has no `prepare` (no scripts at all): npm 11 reports `prepare` as an
// install script on every install from a tarball (arborist lib/install-scripts.js: `prepare` of
// non-registry sources). The repository keeps it: `npm ci` builds lib/ with it, and npm builds a
// git dependency only through it (pacote lib/git.js installs the clone's dependencies, then
// lib/dir.js runs `prepare` alone before packing). So the package is packed from a staged copy
// with the published manifest (projenrc/pack.ts), by `npx projen package`; `npm pack` or
// `npm publish` in the repository refuses, naming that task. Only those two commands (npm sets
// `npm_command` for the scripts it runs): pnpm prepares a git dependency by running its prepack
// too (pnpm exec/prepare-package: `npm run prepack` in a clone with a package-lock.json), which a
// refusal of every prepack failed.
project.package.setScript('prepare', 'tsc --build');
project.package.setScript('prepack', [
  'node -e "const c = process.env.npm_command; if (c === \'pack\' || c === \'publish\') {',
  'console.error(\'Pack with: npx projen package (writes artifacts/js/; npm \' + c + \' here would ship the repository manifest and its prepare script)\');',
  'process.exit(1); }"',
].join(' '));
project.packageTask.reset();
project.packageTask.spawn(project.compileTask);
project.packageTask.exec('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/pack.ts artifacts/js');

// ---------------------------------------------------------------------------------------------
// API reference and API report (issue 22).
// - docs/api/: TypeDoc with typedoc-plugin-markdown, from the doc comments of src/index.ts's
//   exports. TypeDoc reads the TypeScript sources and renders @default, @example and links
//   between our types as Markdown that GitHub shows; API Documenter would need API Extractor's
//   doc model and writes a page per member.
// - api-report/cdk8s-ambassador-mtls.api.md: API Extractor's report of the public API (the
//   signatures of everything lib/src/index.d.ts exports), so a change to it shows in review.
// Both are committed; `npx projen api` regenerates them (the build does too) and CI fails when a
// fresh run differs. Neither writes a date, a git revision or an absolute path.
project.addDevDeps('typedoc@~0.28.20', 'typedoc-plugin-markdown@~4.14.1', '@microsoft/api-extractor@~7.60.2');
new JsonFile(project, 'typedoc.json', {
  allowComments: true,
  obj: {
    $schema: 'https://typedoc.org/schema.json',
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.json',
    out: 'docs/api',
    plugin: ['typedoc-plugin-markdown'],
    readme: 'none',
    name: 'cdk8s-ambassador-mtls API reference',
    // Source links would carry the git revision: a new docs/api on every commit.
    disableSources: true,
    excludePrivate: true,
    excludeProtected: false,
    excludeInternal: true,
    excludeExternals: true,
    sort: ['kind', 'alphabetical'],
    entryFileName: 'README.md',
    hidePageHeader: true,
    hideBreadcrumbs: false,
    useCodeBlocks: true,
    expandObjects: false,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    classPropertiesFormat: 'table',
    enumMembersFormat: 'table',
    propertyMembersFormat: 'table',
    typeDeclarationFormat: 'table',
    // Types the API uses without exporting them are reported by API Extractor, in the API report
    // (ae-forgotten-export), where review sees them; broken links fail here.
    validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: false },
    treatWarningsAsErrors: true,
    // Our @default tags are prose ("- the chart's namespace") or code in backticks, as cdk8s's
    // own docs write them; TypeDoc would otherwise set any without a code span as code, leading
    // "- " and all.
    jsDocCompatibility: { defaultTag: false },
  },
});
new JsonFile(project, 'api-extractor.json', {
  allowComments: true,
  obj: {
    $schema: 'https://developer.microsoft.com/json-schemas/api-extractor/v7/api-extractor.schema.json',
    mainEntryPointFilePath: '<projectFolder>/lib/src/index.d.ts',
    bundledPackages: [],
    compiler: { tsconfigFilePath: '<projectFolder>/tsconfig.json' },
    apiReport: {
      enabled: true,
      reportFolder: '<projectFolder>/api-report/',
      reportTempFolder: '<projectFolder>/lib/api-report-temp/',
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      compilerMessageReporting: { default: { logLevel: 'warning' } },
      // What API Extractor finds in the API and its doc comments goes into the report, where
      // review sees it.
      extractorMessageReporting: {
        'default': { logLevel: 'warning', addToApiReportFile: true },
        // No @public/@beta tags: everything exported is the public API.
        'ae-missing-release-tag': { logLevel: 'none' },
      },
      tsdocMessageReporting: { default: { logLevel: 'warning', addToApiReportFile: true } },
    },
  },
});
// TSDoc as API Extractor and TypeDoc read it, plus the @default tag our doc comments use (as cdk8s
// does).
new JsonFile(project, 'tsdoc.json', {
  allowComments: true,
  obj: {
    $schema: 'https://developer.microsoft.com/json-schemas/tsdoc/v0/tsdoc.schema.json',
    extends: ['@microsoft/api-extractor/extends/tsdoc-base.json'],
    // @schema: the CRD schema name `cdk8s import` writes on the generated types in imports/.
    tagDefinitions: [{ tagName: '@default', syntaxKind: 'block' }, { tagName: '@schema', syntaxKind: 'block' }],
    supportForTags: { '@default': true, '@schema': true },
  },
});
const apiTask = project.addTask('api', {
  description: 'Regenerate the API reference (docs/api/) and the API report (api-report/) from the doc comments',
});
apiTask.spawn(project.compileTask);
apiTask.exec('typedoc --logLevel Warn');
apiTask.exec('mkdir -p api-report');
apiTask.exec('api-extractor run --local');
project.postCompileTask.spawn(apiTask);

// ---------------------------------------------------------------------------------------------
// Releases (issue 22). Semantic versions from 0.1.0. A release is a commit ("chore: release
// vX.Y.Z") that sets package.json's version and adds that version's section to CHANGELOG.md;
// `npx projen release:prepare` writes both from the conventional commits since the last tag
// (projen's bump, with commit-and-tag-version). projen's release workflow
// (.github/workflows/release.yml) builds and tests every push to main, and publishes with npm
// provenance, after a GitHub release that creates the tag, when the committed version has no
// tag yet. CI runs the same bump and unbump locally and checks that they leave the tree clean.
project.package.addVersion(VERSION);
// The release artifacts (the packed tarball, version, release tag, changelog) are rebuilt by each
// release, never committed.
project.gitignore.addPatterns('/artifacts/');
project.tasks.tryFind('unbump')!.reset('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/release.ts unbump');
// projen 0.103 downloads the release artifacts into dist/ (publib reads dist/js) but points the
// GitHub release step at `${artifactsDirectory}/releasetag.txt` and `.../changelog.md`: with our
// artifacts/ (dist/ holds the manifests) that step would find neither, so it reads them from dist/.
const releaseWorkflow = project.github!.tryFindWorkflow('release')!;
releaseWorkflow.file!.addOverride('jobs.release_github.steps.3.env.RELEASE_TAG_FILE', 'dist/releasetag.txt');
releaseWorkflow.file!.addOverride('jobs.release_github.steps.3.env.CHANGELOG_FILE', 'dist/changelog.md');
const releasePrepare = project.addTask('release:prepare', {
  description: 'Set the next version (from the conventional commits since the last tag) in package.json and CHANGELOG.md',
  env: { RELEASE_PREPARE: 'true' },
});
releasePrepare.exec('rm -rf artifacts');
releasePrepare.spawn(project.tasks.tryFind('bump')!);
releasePrepare.exec('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/release.ts changelog');
releasePrepare.spawn(project.defaultTask!);

project.synth();
