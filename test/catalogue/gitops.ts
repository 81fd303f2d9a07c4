/**
 * Careless and hostile input to the output side (GitOpsApp, OutputFile, the plugin), and objects
 * defined twice, which fail the synth with both construct paths.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { BadInput } from './entry';
import {
  AmbassadorMtlsValidation, ConsulAddress, ConsulConnector, GitOpsApp, IstioMtls, IstioStrictMtls, LoadBalancer, Mapping, OutputFile, TlsContext,
} from '../../src';

const any = (value: unknown) => value as any;
const made: string[] = [];
const outdir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
  made.push(dir);
  return dir;
};
/** Removes the output folders the entries below made (the catalogue test calls it after all). */
export function removeGitopsFolders(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
/** A GitOpsApp with charts of the given ids (nested under the first when `nested`), synthesized. */
const gitopsWith = (build: (app: GitOpsApp) => void) => () => {
  const app = new GitOpsApp({ outdir: outdir() });
  build(app);
  app.synth();
};
const synthAfter = (build: (s: Chart) => void) => (s: Chart) => {
  build(s);
  Testing.synth(s);
};

export const GITOPS_INPUTS: BadInput[] = [
  { construct: 'GitOpsApp', input: 'a sharding threshold of 0', message: 'GitOpsApp: sharding.threshold 0 is not a whole number of objects of at least 1', build: () => new GitOpsApp({ sharding: { threshold: 0 } }) },
  { construct: 'GitOpsApp', input: 'one shard', message: 'sharding.shards 1 is not a power of two from 2 to 1024', build: () => new GitOpsApp({ sharding: { shards: 1 } }) },
  { construct: 'GitOpsApp', input: 'a shard count that is no power of two', message: 'sharding.shards 12 is not a power of two from 2 to 1024: each shard folder is a prefix of its objects\' hash', build: () => new GitOpsApp({ sharding: { shards: 12 } }) },
  { construct: 'GitOpsApp', input: 'shards as a string', message: 'sharding.shards "16" is not a power of two from 2 to 1024', build: () => new GitOpsApp({ sharding: { shards: any('16') } }) },
  { construct: 'GitOpsApp.shard', input: 'a construct that is no chart', message: 'chart "app/Ctx" is not a Chart', build: (s) => GitOpsApp.shard(any(new TlsContext(s, 'Ctx', { secret: 's' }))) },
  { construct: 'GitOpsApp', input: 'a repository URL with a template', message: 'delivery.repoUrl "https://git.example.com/{{.path}}" is not a Git repository URL', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/{{.path}}', path: 'dist' } }) },
  { construct: 'GitOpsApp', input: 'a delivery path that leaves the repository', message: 'delivery.path "../dist" is not a relative folder path inside the repository', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/gitops.git', path: '../dist' } }) },
  { construct: 'GitOpsApp', input: 'a revision with a space', message: 'delivery.targetRevision "main branch" is not a Git branch, tag or commit: git refuses spaces', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', targetRevision: 'main branch' } }) },
  { construct: 'GitOpsApp', input: 'a repository URL with a token', message: 'delivery.repoUrl "https://ci:glpat-secret@git.example.com/gitops.git" holds credentials', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://ci:glpat-secret@git.example.com/gitops.git', path: 'dist' } }) },
  { construct: 'GitOpsApp', input: 'a revision git refuses', message: 'delivery.targetRevision "release..1" is not a Git branch, tag or commit: git refuses ".."', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', targetRevision: 'release..1' } }) },
  { construct: 'GitOpsApp', input: 'a name prefix with capitals', message: 'delivery.namePrefix "Edge-" is not a name prefix Kubernetes names and labels take', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', namePrefix: 'Edge-' } }) },
  {
    construct: 'GitOpsApp',
    input: 'a Flux dependency on its own Kustomization',
    message: 'delivery.flux.dependsOn "edge-istio" names the Kustomization that GitOpsApp generates for chart istio: it would depend on itself',
    build: () => {
      const app = new GitOpsApp({ outdir: outdir(), delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', namePrefix: 'edge-', flux: { dependsOn: ['edge-istio'] } } });
      new Chart(app, 'istio');
      app.synth();
    },
  },
  {
    construct: 'GitOpsApp',
    input: 'a chart folder linked outside the output',
    message: 'output folder "edge" is a symbolic link',
    build: () => {
      const out = outdir();
      fs.symlinkSync(outdir(), path.join(out, 'edge'));
      const app = new GitOpsApp({ outdir: out });
      new TlsContext(new Chart(app, 'edge'), 'Ctx', { secret: 's' });
      app.synth();
    },
  },
  { construct: 'GitOpsApp', input: 'a Flux interval in words', message: 'delivery.flux.interval "ten minutes" is not a Go duration', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', flux: { interval: 'ten minutes' } } }) },
  { construct: 'GitOpsApp', input: 'a Flux dependency with capitals', message: 'delivery.flux.dependsOn "Emissary" is not a valid Kubernetes name', build: () => new GitOpsApp({ delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', flux: { dependsOn: ['Emissary'] } } }) },
  {
    construct: 'GitOpsApp',
    input: 'chart ids that make one Argo CD name',
    message: 'chart id "edge-a" makes the Argo CD and Flux object name "edge-edge-a", which chart folder edge_a makes too',
    build: () => {
      const app = new GitOpsApp({ outdir: outdir(), delivery: { repoUrl: 'https://git.example.com/gitops.git', path: 'dist', namePrefix: 'edge-' } });
      new Chart(app, 'edge_a');
      new Chart(app, 'edge-a');
      app.synth();
    },
  },
  { construct: 'GitOpsApp', input: 'a chart id that climbs out of the output folder', message: 'GitOpsApp: chart id ".." is not a safe folder name', build: gitopsWith((app) => new Chart(app, '..')) },
  { construct: 'GitOpsApp', input: 'the chart id "."', message: 'chart id "." is not a safe folder name', build: gitopsWith((app) => new Chart(app, '.')) },
  { construct: 'GitOpsApp', input: 'a chart id with a space', message: 'chart id "my chart" is not a safe folder name', build: gitopsWith((app) => new Chart(app, 'my chart')) },
  {
    construct: 'GitOpsApp',
    input: 'nested charts with one id',
    message: 'GitOpsApp: chart id "edge" of chart "b/edge" is also the id of chart a/edge',
    build: gitopsWith((app) => {
      new Chart(new Chart(app, 'a'), 'edge');
      new Chart(new Chart(app, 'b'), 'edge');
    }),
  },
  {
    construct: 'GitOpsApp',
    input: 'chart ids differing in case only',
    message: 'chart id "edge" of chart "edge" is also the id of chart Edge (folder names are compared ignoring case)',
    build: gitopsWith((app) => {
      new Chart(app, 'Edge');
      new Chart(app, 'edge');
    }),
  },
  { construct: 'GitOpsApp', input: 'a number as output folder', message: 'GitOpsApp: outdir 5 is not a folder path', build: () => new GitOpsApp(any({ outdir: 5 })) },
  { construct: 'GitOpsApp', input: 'a misspelt prop', message: 'GitOpsApp: props ["outDir"] is not a known property', build: () => new GitOpsApp(any({ outDir: 'dist' })) },
  {
    construct: 'GitOpsApp',
    input: 'an output folder that is a file',
    message: 'is a file, not a folder. Fix: remove the file, or choose another outdir',
    build: () => {
      const file = path.join(outdir(), 'taken');
      fs.writeFileSync(file, 'not a folder');
      const app = new GitOpsApp({ outdir: file });
      new TlsContext(new Chart(app, 'edge'), 'Ctx', { secret: 's' });
      app.synth();
    },
  },
  { construct: 'OutputFile', input: 'documents that are not a list', message: 'documents {"a":1} is not a list', build: (s) => new OutputFile(s, 'F', any({ path: 'helm/v.yaml', documents: { a: 1 } })) },
  { construct: 'OutputFile', input: 'a number as path', message: 'path 5 is not a string', build: (s) => new OutputFile(s, 'F', any({ path: 5, documents: [] })) },
  { construct: 'OutputFile', input: 'a path with a NUL byte', message: 'is not a .yaml file in a subfolder of the chart output', build: (s) => new OutputFile(s, 'F', { path: 'helm/v\0.yaml', documents: [] }) },
  { construct: 'AmbassadorMtlsValidation', input: 'external resolvers that are not names', message: 'property externalResolvers [5] is not a list of strings', build: () => new AmbassadorMtlsValidation(any({ externalResolvers: [5] })) },
  // Objects defined twice: the cluster would keep only one.
  {
    construct: 'TlsContext',
    input: 'two contexts with one name in one namespace',
    message: 'TLSContext "mesh" in namespace "ambassador" is defined twice, by app/A and app/B',
    build: synthAfter((s) => {
      new TlsContext(s, 'A', { name: 'mesh', secret: 'a' });
      new TlsContext(s, 'B', { name: 'mesh', secret: 'b' });
    }),
  },
  {
    construct: 'IstioStrictMtls',
    input: 'two strict-mTLS constructs covering one namespace',
    message: 'PeerAuthentication "default" in namespace "bookinfo" is defined twice, by app/One/bookinfo and app/Two/bookinfo',
    build: synthAfter((s) => {
      new IstioStrictMtls(s, 'One', { namespaces: ['bookinfo'] });
      new IstioStrictMtls(s, 'Two', { namespaces: ['shop', 'bookinfo'] });
    }),
  },
  {
    construct: 'ConsulConnector',
    input: 'two connectors adding resolvers for one datacenter',
    message: 'ConsulResolver "consul-dc1" in namespace "ambassador" is defined twice',
    build: synthAfter((s) => {
      for (const id of ['one', 'two']) {
        new ConsulConnector(s, id, { image: 'docker.io/datawire/aes:3.10.0', consul: ConsulAddress.serverService(), ambassadorId: id }).addResolver('R');
      }
    }),
  },
  {
    construct: 'IstioMtls',
    input: 'two mesh patterns in one chart',
    message: 'TLSContext "istio-upstream" in namespace "ambassador" is defined twice, by app/A/TlsContext and app/B/TlsContext',
    build: synthAfter((s) => {
      new IstioMtls(s, 'A');
      new IstioMtls(s, 'B');
    }),
  },
  {
    construct: 'ApiObject',
    input: 'a cluster-scoped object in two charts',
    message: 'ClusterRole "reader" is defined twice, by app/Role and other/Role',
    build: (s) => {
      new TlsContext(s, 'Ctx', { secret: 's' });
      new ApiObject(s, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } });
      new ApiObject(new Chart(s.node.scope!, 'other'), 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } });
      Testing.synth(s);
    },
  },
  {
    construct: 'TlsContext',
    input: 'one context name in two namespaces',
    message: 'TLSContext "mesh" is defined by app/A (namespace ambassador) and app/B (namespace emissary) for Ambassador "default"',
    build: synthAfter((s) => {
      new TlsContext(s, 'A', { name: 'mesh', secret: 'a' });
      new TlsContext(s, 'B', { name: 'mesh', secret: 'b', namespace: 'emissary' });
    }),
  },
  {
    construct: 'Mapping',
    input: 'one route with two load balancers',
    message: 'with a different load_balancer ({"policy":"round_robin"} and {"policy":"least_request"}): Emissary drops the later Mapping',
    build: synthAfter((s) => {
      new Mapping(s, 'A', { prefix: '/p/', service: 'p.apps:80', loadBalancer: LoadBalancer.roundRobin() });
      new Mapping(s, 'B', { prefix: '/p/', service: 'p.apps:80', loadBalancer: LoadBalancer.leastRequest() });
    }),
  },
];
