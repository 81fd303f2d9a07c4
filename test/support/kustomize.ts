/** Builds a pattern's kustomize Component over a stand-in for a statically installed Ambassador. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
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
