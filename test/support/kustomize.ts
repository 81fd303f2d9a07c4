/**
 * Builds kustomize folders with `kubectl kustomize`: a pattern's Component over a stand-in for a
 * statically installed Ambassador, and several folders in one kubectl run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Yaml } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { kustomize } from './kubectl';
import { temporaryFolders } from './temp';
import { OutputFile } from '../../src';

type Json = Record<string, any>;

// Made when a test file imports this module: its folders go after that file.
const tmp = temporaryFolders('component-');

/**
 * Writes `chart`'s output files, then a kustomization with `installed` as its resource and the
 * Component at `componentDir` (inside the chart's output); returns the folder. `build(folder)`
 * runs `kubectl kustomize` on it.
 */
export function componentOverInstall(chart: Chart, componentDir: string, installed: Json | Json[]): string {
  const out = tmp();
  OutputFile.writeAll(chart.node.root as any, out);
  fs.writeFileSync(path.join(out, 'deployment.yaml'), Yaml.stringify(...(Array.isArray(installed) ? installed : [installed])));
  fs.writeFileSync(path.join(out, 'kustomization.yaml'), Yaml.stringify({ resources: ['deployment.yaml'], components: [`${chart.node.id}/${componentDir}`] }));
  return out;
}

/** `kubectl kustomize folder`: the first document it prints. */
export function build(folder: string): Json {
  return buildAll(folder)[0];
}

/** `kubectl kustomize folder`: every document it prints. */
export function buildAll(folder: string): Json[] {
  return parseAllDocuments(kustomize(folder)).map((d) => d.toJS());
}

/** The annotation of `buildMetadata: [originAnnotations]`: a YAML text with the file's path. */
const ORIGIN = 'config.kubernetes.io/origin';

/**
 * `kubectl kustomize` of each folder, in one kubectl run: every document each one prints, folder by
 * folder. A kustomization in a temporary folder lists them as resources, and
 * `buildMetadata: [originAnnotations]` names the file every object came from, which tells the
 * folders apart (the annotation is taken off again). One start of kubectl instead of one per
 * folder, ~0.1 s of CPU each. Each folder's loading is its own (a folder that reads a file outside
 * itself fails here as it fails alone), but kustomize adds generated names' hashes, fixes name
 * references and resolves vars once, over every folder of the build
 * (api/internal/target/kusttarget.go, makeCustomizedResMap), and replaces a folder's own
 * buildMetadata with this one's. So it takes only folders whose kustomization lists plain
 * `resources` (as GitOpsApp writes them), and throws on any other; and the folders must not share
 * an object: kustomize refuses the same object twice in one build.
 */
export function buildEach(folders: string[]): Json[][] {
  for (const folder of folders) {
    const fields = Object.keys(parse(fs.readFileSync(path.join(folder, 'kustomization.yaml'), 'utf8')) ?? {});
    const other = fields.filter((f) => !['apiVersion', 'kind', 'resources'].includes(f));
    if (other.length > 0) throw new Error(`buildEach: ${folder}/kustomization.yaml sets ${other.join(', ')}, which kustomize would apply across the batch: build it alone with buildAll()`);
  }
  const root = tmp();
  try {
    const resources = folders.map((f) => path.relative(root, f));
    fs.writeFileSync(path.join(root, 'kustomization.yaml'), Yaml.stringify({ resources, buildMetadata: ['originAnnotations'] }));
    const built = folders.map((): Json[] => []);
    for (const doc of buildAll(root)) {
      const annotations = doc.metadata.annotations;
      const origin = parse(annotations?.[ORIGIN] ?? '{}').path as string | undefined;
      const i = origin === undefined ? -1 : folders.findIndex((f) => path.resolve(root, origin).startsWith(f + path.sep));
      if (i < 0) throw new Error(`kubectl kustomize printed ${doc.kind} ${doc.metadata.name}, from ${origin ?? 'no file'}: in none of ${folders.join(', ')}`);
      delete annotations[ORIGIN];
      if (Object.keys(annotations).length === 0) delete doc.metadata.annotations;
      built[i].push(doc);
    }
    return built;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
