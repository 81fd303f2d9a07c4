import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { GitOpsApp, IstioMtls } from '../../src';
import { deliveryApiErrors, deliveryDocuments, expectValidDelivery } from '../support/delivery-api';
import { temporaryFolders } from '../support/temp';

type Json = Record<string, any>;

const tmpOut = temporaryFolders('delivery-');
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const delivery = { repoUrl: 'https://git.example.com/platform/gitops.git', path: 'clusters/prod/edge', targetRevision: 'main', namePrefix: 'prod-' };
const ROOT = path.join(__dirname, '..', '..');

/** An app of one Istio chart `edge` with `routes` Mappings, split at 50 objects into 8 shards (3 hash bits). */
function routesApp(outdir: string, routes: number[], options: ConstructorParameters<typeof GitOpsApp>[0] = {}): GitOpsApp {
  const app = new GitOpsApp({ outdir, sharding: { threshold: 50, shards: 8 }, ...options });
  const istio = new IstioMtls(new Chart(app, 'edge', { namespace: 'emissary' }), 'Istio', { externallyWired: true });
  for (const i of routes) istio.addMapping(`Route${i}`, { name: `route-${i}`, prefix: `/route-${i}/`, service: `svc-${i}.apps:8080` });
  return app;
}

const appSetOf = (outdir: string, chart = 'edge'): Json => parse(fs.readFileSync(path.join(outdir, chart, 'delivery', 'argocd', 'applicationset.yaml'), 'utf8'));
const fluxOf = (outdir: string, chart = 'edge'): Json[] =>
  parseAllDocuments(fs.readFileSync(path.join(outdir, chart, 'delivery', 'flux', 'kustomizations.yaml'), 'utf8')).map((d) => d.toJS());
const BITS3 = range(8).map((i) => i.toString(2).padStart(3, '0'));
const OWNED = { 'app.kubernetes.io/managed-by': 'cdk8s-ambassador-mtls', 'cdk8s-ambassador-mtls/app': 'prod' };

describe('GitOpsApp delivery objects', () => {
  test('a split chart: an ApplicationSet syncing base before the shards, retrying without limit, keeping objects on deletion', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(100), { delivery }).synth();
    // Argo CD and Flux files in folders of their own: each is applied alone.
    expect(fs.readdirSync(path.join(outdir, 'edge', 'delivery')).sort()).toEqual(['argocd', 'flux']);
    const appSet = appSetOf(outdir);
    expect(appSet).toMatchSnapshot();
    expect(appSet.metadata).toEqual({ name: 'prod-edge', namespace: 'argocd', labels: OWNED });
    expect(appSet.spec.generators[0].git.directories).toEqual([{ path: 'clusters/prod/edge/edge/base*' }, { path: 'clusters/prod/edge/edge/shard-*' }]);
    // Ordered: with progressive syncs on, the controller syncs the base step, then the shards.
    expect(appSet.spec.strategy).toEqual({
      type: 'RollingSync',
      rollingSync: {
        steps: [
          { matchExpressions: [{ key: 'cdk8s-ambassador-mtls/tier', operator: 'In', values: ['base'] }] },
          { matchExpressions: [{ key: 'cdk8s-ambassador-mtls/tier', operator: 'In', values: ['shard'] }] },
        ],
      },
    });
    expect(appSet.spec.template.metadata.labels).toEqual({ ...OWNED, 'cdk8s-ambassador-mtls/tier': '{{if hasPrefix "base" .path.basename}}base{{else}}shard{{end}}' });
    // Self-healing: a sync that fails while the CRDs are missing is retried until it succeeds.
    expect(appSet.spec.template.spec.syncPolicy.retry).toEqual({ limit: -1, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } });
    expect(appSet.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(appSet.spec.template.spec.syncPolicy.syncOptions).toEqual(['SkipDryRunOnMissingResource=true']);

    const flux = fluxOf(outdir);
    expect(flux.map((k) => k.metadata.name)).toEqual(['prod-edge-base', ...BITS3.map((bits) => `prod-edge-shard-${bits}`), 'prod-edge-delivery']);
    expect(flux[0].metadata.labels).toEqual(OWNED);
    expect(flux[0].spec).toEqual({
      interval: '10m',
      retryInterval: '2m',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      path: './clusters/prod/edge/edge/base',
      prune: true,
      deletionPolicy: 'Orphan',
      wait: true,
    });
    expect(flux[1].spec.dependsOn).toEqual([{ name: 'prod-edge-base' }]);
    // The Kustomization of the file itself: applies the others from Git and prunes those of
    // folders that are gone, so a chart that grows needs nothing applied by hand.
    expect(flux[9].spec).toEqual({
      interval: '10m',
      retryInterval: '2m',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      path: './clusters/prod/edge/edge/delivery/flux',
      prune: true,
      deletionPolicy: 'Orphan',
    });
    // A split chart's Applications prune a shard's last object: Argo CD refuses without allowEmpty.
    expect(appSet.spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: true });
    for (const k of flux.slice(0, 9)) expect(fs.existsSync(path.join(outdir, k.spec.path.replace('./clusters/prod/edge/', ''), 'kustomization.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'edge', 'delivery', 'kustomization.yaml'))).toBe(false);
    expectValidDelivery([appSet, ...flux]);
  });

  test('an unsplit chart: one Application and one Kustomization, after the Ambassador install; no strategy', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(3), { delivery: { ...delivery, argoCd: { namespace: 'gitops', project: 'edge' }, flux: { sourceName: 'platform', interval: '1h', retryInterval: '30s', dependsOn: ['emissary-ingress'] } } }).synth();
    const appSet = appSetOf(outdir);
    expect(appSet.metadata.name).toBe('prod-edge');
    expect(appSet.metadata.namespace).toBe('gitops');
    expect(appSet.spec.strategy).toBeUndefined();
    expect(appSet.spec.generators[0].git.directories).toEqual([{ path: 'clusters/prod/edge/edge' }]);
    expect(appSet.spec.template.spec.project).toBe('edge');
    expect(appSet.spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true }); // Argo CD's guard against an empty build stays
    expect(fluxOf(outdir).map((k) => k.metadata.name)).toEqual(['prod-edge', 'prod-edge-delivery']);
    const [flux] = fluxOf(outdir);
    expect(flux.spec).toEqual({
      interval: '1h',
      retryInterval: '30s',
      sourceRef: { kind: 'GitRepository', name: 'platform' },
      path: './clusters/prod/edge/edge',
      prune: true,
      deletionPolicy: 'Orphan',
      wait: true,
      dependsOn: [{ name: 'emissary-ingress' }], // the Kustomization installing Ambassador and its CRDs
    });
    expectValidDelivery([appSet, flux]);
  });

  test('names never are a bare chart id: by default prefixed from the repository and path, so two apps differ', () => {
    const names = (options: object) => {
      const outdir = tmpOut();
      routesApp(outdir, range(3), { delivery: { ...delivery, namePrefix: undefined, ...options } }).synth();
      return [appSetOf(outdir).metadata.name, fluxOf(outdir)[0].metadata.name, appSetOf(outdir).metadata.labels['cdk8s-ambassador-mtls/app']];
    };
    const [appSet, kustomization, label] = names({});
    expect(appSet).toMatch(/^edge-[0-9a-f]{5}-edge$/);
    expect(kustomization).toBe(appSet);
    expect(label).toBe(appSet.replace(/-edge$/, ''));
    // Another folder of the same repository, or another repository: another prefix.
    expect(names({ path: 'clusters/staging/edge' })[0]).not.toBe(appSet);
    expect(names({ repoUrl: 'https://git.example.com/platform/other.git' })[0]).not.toBe(appSet);
    // The same repository over SSH, or without ".git": the same objects.
    expect(names({ repoUrl: 'git@git.example.com:platform/gitops.git' })[0]).toBe(appSet);
    expect(names({ repoUrl: 'ssh://git@git.example.com/platform/gitops' })[0]).toBe(appSet);
    expect(names({ namePrefix: 'edge-gw-' })[0]).toBe('edge-gw-edge');
  });

  test('a Flux dependency on one of the app\'s own Kustomizations (itself) is refused', () => {
    const selfDependent = (dependsOn: string[], routes = 3) => () =>
      routesApp(tmpOut(), range(routes), { delivery: { ...delivery, flux: { dependsOn } } }).synth();
    expect(selfDependent(['prod-edge'])).toThrow(/^GitOpsApp: delivery\.flux\.dependsOn "prod-edge" names the Kustomization that GitOpsApp generates for chart edge: it would depend on itself/);
    expect(selfDependent(['prod-edge-base'], 100)).toThrow(/dependsOn "prod-edge-base" names the Kustomization that GitOpsApp generates/);
    expect(selfDependent(['emissary-ingress'])).not.toThrow();
  });

  test('createNamespace: Argo CD creates the chart\'s one namespace; a chart over several is an error', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(3), { delivery: { ...delivery, argoCd: { createNamespace: true } } }).synth();
    const spec = appSetOf(outdir).spec.template.spec;
    expect(spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'emissary' });
    expect(spec.syncPolicy.syncOptions).toEqual(['SkipDryRunOnMissingResource=true', 'CreateNamespace=true']);
    expectValidDelivery([appSetOf(outdir)]);

    const app = new GitOpsApp({ outdir: tmpOut(), delivery: { ...delivery, argoCd: { createNamespace: true } } });
    const chart = new Chart(app, 'spread', { namespace: 'emissary' });
    new IstioMtls(chart, 'Istio', { externallyWired: true }).addMapping('R', { prefix: '/r/', service: 'r.apps:80' });
    new IstioMtls(new Chart(app, 'other', { namespace: 'ambassador' }), 'Istio', { tlsContextName: 'other' });
    app.synth(); // one namespace per chart: fine
    const spread = new GitOpsApp({ outdir: tmpOut(), delivery: { ...delivery, argoCd: { createNamespace: true } } });
    const both = new Chart(spread, 'both');
    new IstioMtls(both, 'A', { namespace: 'emissary' });
    new IstioMtls(both, 'B', { namespace: 'ambassador', tlsContextName: 'b' });
    expect(() => spread.synth()).toThrow(/^GitOpsApp: delivery\.argoCd\.createNamespace true cannot apply to chart both, whose objects are in the namespaces ambassador, emissary/);
  });

  test('retryWithNewRevisions (Argo CD 3.1+): a retry takes the newest commit', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(3), { delivery: { ...delivery, argoCd: { retryWithNewRevisions: true } } }).synth();
    expect(appSetOf(outdir).spec.template.spec.syncPolicy.retry).toEqual({ limit: -1, backoff: { duration: '5s', factor: 2, maxDuration: '3m' }, refresh: true });
    expectValidDelivery([appSetOf(outdir)]);
  });

  test.each([
    ['https://user:ghp_token@github.com/acme/gitops.git', /delivery\.repoUrl "https:\/\/user:ghp_token@github\.com\/acme\/gitops\.git" holds credentials .* Fix: give the URL without them, and keep the credentials in the cluster: an Argo CD repository Secret .* Flux GitRepository's spec\.secretRef/],
    ['https://ghp_token@github.com/acme/gitops.git', /holds credentials \(user or token before "@"\)/],
    ['ssh://git:secret@github.com/acme/gitops.git', /holds credentials/],
    ['git:secret@github.com:acme/gitops.git', /holds a password \(user:password@\)/],
    ['https://gitlab.example.com/acme/gitops.git?private_token=abc', /has a query string or fragment/],
    ['ftp://github.com/acme/gitops.git', /is not a Git repository URL/],
    ['https://github.com/', /is not a Git repository URL/],
  ])('repoUrl %s is refused', (repoUrl, message) => {
    expect(() => new GitOpsApp({ delivery: { ...delivery, repoUrl } })).toThrow(message);
  });

  test.each(['https://github.com/acme/gitops.git', 'http://git.internal:3000/acme/gitops', 'ssh://git@github.com/acme/gitops.git', 'git@github.com:acme/gitops.git'])(
    'repoUrl %s is accepted', (repoUrl) => {
      expect(() => new GitOpsApp({ delivery: { ...delivery, repoUrl } })).not.toThrow();
    });

  test.each([
    ['feature..x', /git refuses "\.\."/],
    ['.hidden', /component starting with "\."/],
    ['release/.x', /component starting with "\."/],
    ['main.lock', /ending with "\.lock"/],
    ['main/', /leading or trailing "\/"/],
    ['a//b', /"\/\/"/],
    ['main.', /trailing "\."/],
    ['HEAD@{1}', /"@\{"/],
    ['@', /"@" alone/],
    ['-main', /leading "-"/],
    ['v1.*', /any of ~ \^ : \? \* \[/],
    ['main branch', /spaces/],
  ])('targetRevision %s is not a git ref', (targetRevision, message) => {
    expect(() => new GitOpsApp({ delivery: { ...delivery, targetRevision } })).toThrow(/^GitOpsApp: delivery\.targetRevision .* is not a Git branch, tag or commit: /);
    expect(() => new GitOpsApp({ delivery: { ...delivery, targetRevision } })).toThrow(message);
  });

  test.each(['main', 'HEAD', 'v1.4.0', 'refs/heads/release-1', 'feature/x_y', '0123456789abcdef0123456789abcdef01234567'])('targetRevision %s is accepted', (targetRevision) => {
    expect(() => new GitOpsApp({ delivery: { ...delivery, targetRevision } })).not.toThrow();
  });

  test.each(['../dist', '/dist', 'a/../../b', '.git/x', 'dist/.hidden', 'dist/*', 'a\\b', ''])('path %j outside the repository (or not a plain folder) is refused', (p) => {
    expect(() => new GitOpsApp({ delivery: { ...delivery, path: p } })).toThrow(/^GitOpsApp: delivery\.path .* is not a relative folder path inside the repository\. Fix: /);
  });

  test.each(['1.5h', '500ms', '1m30.5s', '1h0m0s', '90s'])('Flux duration %s, which Flux\'s CRD pattern takes, is accepted as written', (duration) => {
    // kustomize-controller api/v1: +kubebuilder:validation:Pattern="^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"
    const outdir = tmpOut();
    routesApp(outdir, range(3), { delivery: { ...delivery, flux: { interval: duration, retryInterval: duration } } }).synth();
    const [flux] = fluxOf(outdir);
    expect([flux.spec.interval, flux.spec.retryInterval]).toEqual([duration, duration]);
  });

  test.each(['1d', '10 m', '.5h', '1.h', '-1m', '10M', '1us', '1h30', ''])('Flux duration %j, which Flux\'s CRD pattern refuses, is an error', (duration) => {
    expect(() => new GitOpsApp({ delivery: { ...delivery, flux: { retryInterval: duration } } }))
      .toThrow(/^GitOpsApp: delivery\.flux\.retryInterval .* is not a Go duration\. Fix: give for example "10m", "1h30m" or "1\.5h" \(units ms, s, m, h\)/);
  });

  test('bad names, prefixes and options are errors', () => {
    const bad = (options: object) => () => new GitOpsApp({ delivery: { ...delivery, ...options } as any });
    expect(bad({ namePrefix: 'Prod_' })).toThrow(/delivery\.namePrefix "Prod_" is not a name prefix Kubernetes names and labels take/);
    expect(bad({ namePrefix: '-x' })).toThrow(/delivery\.namePrefix "-x"/);
    expect(bad({ namePrefix: 'a'.repeat(31) })).toThrow(/use 1 to 30 lowercase letters/);
    expect(bad({ argoCd: { destinationServer: 'http://x' } })).toThrow(/delivery\.argoCd\.destinationServer "http:\/\/x" is not a cluster API URL/);
    expect(bad({ argoCd: { createNamespace: 'yes' } })).toThrow(/delivery\.argoCd\.createNamespace "yes" is not true or false/);
    expect(bad({ flux: { interval: '10 minutes' } })).toThrow(/delivery\.flux\.interval "10 minutes" is not a Go duration/);
    expect(bad({ flux: { retryInterval: 5 } })).toThrow(/delivery\.flux\.retryInterval 5 is not a Go duration/);
    expect(bad({ flux: { sourceName: 'Flux System' } })).toThrow(/delivery\.flux\.sourceName "Flux System" is not a valid Kubernetes name/);
    const app = new GitOpsApp({ outdir: tmpOut(), delivery });
    new Chart(app, 'edge_a');
    new Chart(app, 'edge-a');
    expect(() => app.synth()).toThrow(/GitOpsApp: chart id "edge-a" makes the Argo CD and Flux object name "prod-edge-a", which chart folder edge_a makes too/);
  });

  test('any value in any delivery option: our error, or files that parse to exactly the objects meant, valid for Argo CD and Flux', () => {
    const fields = ['repoUrl', 'path', 'targetRevision', 'namePrefix', 'argoCd.namespace', 'argoCd.project', 'argoCd.destinationServer', 'flux.namespace', 'flux.sourceName', 'flux.interval'];
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('a\nkind: Secret', '{{.path}}', 'x: y', '"', "'", '#x', 'https://a/b c', 'main', '10m', 'ssh://git@h/r.git', '../x', 'edge-'),
      fc.integer(), fc.constant(undefined), fc.constant(null));
    const accepted: Json[] = [];
    // One output folder for all runs, emptied before each: a folder made and removed per run cost
    // more than the synth (a mkdir or rmdir takes 0.1-1 ms on this disk), and an empty outdir is
    // what a missing one is to GitOpsApp (it creates it with mkdir -p).
    const outdir = tmpOut();
    fc.assert(fc.property(fc.constantFrom(...fields), value, (field, v) => {
      for (const entry of fs.readdirSync(outdir)) fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
      const options: any = { ...delivery, argoCd: {}, flux: {} };
      const [group, key] = field.split('.');
      if (key) options[group][key] = v;
      else options[group] = v;
      let app: GitOpsApp;
      try {
        app = new GitOpsApp({ outdir, delivery: options });
      } catch (e) {
        expect((e as Error).constructor).toBe(Error);
        expect((e as Error).message).toMatch(/^GitOpsApp: delivery\.[\w.]+ .* Fix: \S/);
        return;
      }
      new Chart(app, 'edge', { namespace: 'emissary' });
      app.synth();
      const appSet = parseAllDocuments(fs.readFileSync(path.join(outdir, 'edge', 'delivery', 'argocd', 'applicationset.yaml'), 'utf8')).map((d) => d.toJS());
      const flux = fluxOf(outdir);
      expect(appSet.map((d) => d.kind)).toEqual(['ApplicationSet']);
      expect(flux.map((d) => d.kind)).toEqual(['Kustomization', 'Kustomization']);
      if (field === 'repoUrl') expect(appSet[0].spec.generators[0].git.repoURL).toBe(v);
      if (field === 'flux.sourceName' && v != null) expect(flux[0].spec.sourceRef.name).toBe(v);
      accepted.push(...appSet, ...flux);
    }), { numRuns: 150 });
    expect(accepted.length).toBeGreaterThan(0);
    expectValidDelivery(accepted);
  });

  test('generated names fit in 63 characters and never repeat across charts; namespace-less objects are refused', () => {
    const outdir = tmpOut();
    const long = 'payments-platform-edge-routes-europe-west-production-blue-green';
    const app = new GitOpsApp({ outdir, sharding: { threshold: 50, shards: 16 }, delivery });
    const istio = new IstioMtls(new Chart(app, long, { namespace: 'emissary' }), 'Istio', { externallyWired: true });
    for (const i of range(60)) istio.addMapping(`Route${i}`, { name: `route-${i}`, prefix: `/route-${i}/`, service: `svc-${i}.apps:8080` });
    app.synth();
    const flux = fluxOf(outdir, long);
    const names = flux.map((k) => k.metadata.name);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
    // Room for "-shard-" and 12 hash bits is kept, so that a chart that grows keeps its names.
    expect(names[0]).toMatch(/^prod-payments-platform-edge-routes-eu-[0-9a-f]{6}-base$/);
    expect(appSetOf(outdir, long).spec.template.metadata.name).toBe(`${names[0].replace(/-base$/, '')}-{{.path.basenameNormalized}}`);
    expectValidDelivery([appSetOf(outdir, long), ...flux]);

    // A split chart "edge" makes edge-base; an unsplit chart "edge-base" would make it too.
    const clash = new GitOpsApp({ outdir: tmpOut(), sharding: { threshold: 1, shards: 2 }, delivery });
    new IstioMtls(new Chart(clash, 'edge', { namespace: 'emissary' }), 'Istio', { externallyWired: true }).addMapping('R', { prefix: '/r/', service: 'r.apps:80' });
    GitOpsApp.shard(new Chart(clash, 'edge-base', { namespace: 'emissary' }), { threshold: 100 });
    expect(() => clash.synth()).toThrow(/GitOpsApp: chart id "edge-base" makes the Argo CD and Flux object name "prod-edge-base", which chart folder edge makes too/);
    // Chart "edge"'s Kustomization of its delivery file is edge-delivery: so is chart "edge-delivery"'s.
    const clash2 = new GitOpsApp({ outdir: tmpOut(), delivery });
    new Chart(clash2, 'edge', { namespace: 'emissary' });
    new Chart(clash2, 'edge-delivery', { namespace: 'emissary' });
    expect(() => clash2.synth()).toThrow(/GitOpsApp: chart id "edge-delivery" makes the Argo CD and Flux object name "prod-edge-delivery", which chart folder edge makes too/);

    // A chart with no namespace at all: its delivery objects supply one; mixed: an error.
    const bareOut = tmpOut();
    const bare = new GitOpsApp({ outdir: bareOut, delivery: { ...delivery, defaultNamespace: 'ambassador' } });
    new IstioMtls(new Chart(bare, 'bare'), 'Istio', { ambassadorNamespace: 'emissary' });
    bare.synth();
    expect(fluxOf(bareOut, 'bare')[0].spec.targetNamespace).toBe('ambassador');
    expect(appSetOf(bareOut, 'bare').spec.template.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'ambassador' });
    const mixed = new GitOpsApp({ outdir: tmpOut(), delivery });
    const chart = new Chart(mixed, 'mixed');
    new IstioMtls(chart, 'Istio', { ambassadorNamespace: 'emissary' });
    new IstioMtls(chart, 'Other', { namespace: 'emissary', tlsContextName: 'other' });
    expect(() => mixed.synth()).toThrow(/^mixed: TLSContext\/-\/istio-upstream has no namespace, beside objects that have one.*Fix: give the chart \(or the object\) a namespace/);
  });

  test('every delivery object in dist/ is valid for Argo CD and Flux, names prefixed and owned', () => {
    const docs = deliveryDocuments(path.join(ROOT, 'dist'));
    expect(docs.length).toBeGreaterThan(8);
    expectValidDelivery(docs);
    for (const doc of docs) {
      expect(doc.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-ambassador-mtls');
      expect(doc.metadata.name).toMatch(/^dist-[0-9a-f]{5}-/);
    }
  });

  test('the API check itself: an undeclared field at any depth, a wrong type or enum value is reported', () => {
    const outdir = tmpOut();
    routesApp(outdir, range(100), { delivery }).synth();
    const [appSet, kustomization] = [appSetOf(outdir), fluxOf(outdir)[0]];
    appSet.spec.template.spec.syncPolicy.retry.limt = 3;
    appSet.spec.strategy.rollingSync.steps[0].maxUpdates = 1;
    appSet.spec.template.spec.syncPolicy.automated.prune = 'yes';
    kustomization.spec.retryIntervall = '1m';
    kustomization.spec.deletionPolicy = 'Keep';
    kustomization.metadata.labels.extra = 'labels are a map: any key';
    expect(deliveryApiErrors([appSet, kustomization])).toEqual([
      expect.stringMatching(/^ApplicationSet\/prod-edge: .*syncPolicy\/automated\/prune must be boolean/),
      'ApplicationSet/prod-edge: /spec/strategy/rollingSync/steps/0: field "maxUpdates" is not declared by the ApplicationSet schema',
      'ApplicationSet/prod-edge: /spec/template/spec/syncPolicy/retry: field "limt" is not declared by the ApplicationSet schema',
      expect.stringMatching(/^Kustomization\/prod-edge-base: .*deletionPolicy must be equal to one of the allowed values/),
      'Kustomization/prod-edge-base: /spec: field "retryIntervall" is not declared by the Kustomization schema',
    ]);
  });
});
