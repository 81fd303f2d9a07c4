import { cdk8s, DependencyType, javascript, JsonFile } from 'projen';

// Versions are pinned where these machines proved a newer one breaks the build:
// TypeScript 7 breaks ts-node (used by projen itself), and @swc/core 1.16.22 lacks
// platform binaries in the registry we install from.
const CDK8S = '2.70.106';
const CDK8S_PLUS = '2.9.5';
const CONSTRUCTS = '10.8.1';

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

  // No hosted CI, release or bots: CI is `.ci/run`, run on a clean clone.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

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
  deps: ['ajv@^8.17.1', 'yaml@^2.8.0', 'commander@^14.0.3', 'diff@^8.0.2'],
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

project.addTask('test:coverage', {
  description: 'Run the jest suite with coverage (report in coverage/)',
  exec: 'jest --passWithNoTests --ci --coverage',
});

// The folders of src/ show the design (core helpers <- resources <- pod wiring <- mesh patterns);
// a cycle between them would blur it, so lint fails on one.
project.eslint!.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });

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
project.jest!.config.transform = { '^.+\\.ts$': new javascript.Transform('@swc/jest') };
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
  version: '0.0.0',
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

// `npm pack`, `npm publish` and an install from a git URL run `prepare`: the package is the
// compiled library, so compile it (tsc only: the synth of dist/ is not part of the package).
project.package.setScript('prepare', 'tsc --build');
// The npm package is the compiled library: no CI script or generated sources.
project.npmignore?.exclude('/.ci/', '/imports/', '/projenrc/', '/cdk8s.yaml', '/app/', '/lib/app/', '/lib/tsconfig.tsbuildinfo');

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
    compilerOptions: { rootDir: '../..', outDir: '../../lib/bench', declaration: false },
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
project.npmignore?.exclude('/lib/bench/');

// dist/ is the product (plain manifests for GitOps): committed, and checked for drift in CI.
project.gitignore.removePatterns('/dist/');
project.gitignore.addPatterns('!/dist/');
// Written by GitOpsApp for cdk8s's validation report only: not a manifest, not for GitOps tools.
project.gitignore.addPatterns('/dist/construct-metadata.json');

project.synth();
