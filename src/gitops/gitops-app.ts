import * as path from 'path';
import { ApiObject, App, AppProps, Yaml } from 'cdk8s';
import { chartFolders } from './chart-folders';
import { FileWriter } from './file-writer';
import { manifestFiles } from './manifest-files';
import { OutputFile } from './output-file';
import { resolveApp } from './resolve-app';
import { at, propError } from '../core/errors';
import { checkOptions } from '../core/validators';

/**
 * A cdk8s `App` whose `synth()` writes one folder per chart, one file per resource, ready for a
 * GitOps repo: `<outdir>/<chart>/<Kind>[.<namespace>].<name>.k8s.yaml`, plus the chart's
 * `OutputFile`s (Helm values, kustomize Components) in subfolders, and a `kustomization.yaml`
 * listing exactly the manifests, so `kubectl kustomize`, Argo CD and Flux build the chart alone.
 *
 * Unlike cdk8s's own folder-per-chart output, the namespace is part of the file name, so two
 * objects that differ only by namespace (a `PeerAuthentication` named `default` in each of two
 * namespaces) do not overwrite each other; two objects that would share a file are an error.
 * Every chart id must be a safe folder name, unique in the app; every file stays inside
 * `outdir`; the app is resolved once; a file is rewritten only when its content changes, and
 * files an earlier synth wrote for objects that are gone are removed.
 */
export class GitOpsApp extends App {
  private readonly recordMetadata: boolean;

  constructor(props: AppProps = {}) {
    const checked = checkOptions(at('GitOpsApp'), 'props', props, ['outdir', 'outputFileExtension', 'yamlOutputType', 'recordConstructMetadata', 'resolvers']);
    if (checked.outdir !== undefined && (typeof checked.outdir !== 'string' || checked.outdir === '' || checked.outdir.includes('\0'))) {
      throw propError(at('GitOpsApp'), 'outdir', checked.outdir, 'is not a folder path', 'give the folder to write to, for example "dist"');
    }
    super(checked);
    OutputFile._writtenBy(this); // its synth() writes them, beside each chart's manifests
    // `cdk8s synth` asks for it when validation plugins run (as cdk8s's own App reads it).
    this.recordMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  /** Validates and resolves the app once, then writes the folders. */
  public override synth(): void {
    const folders = chartFolders(this);
    const resolved = resolveApp(this);
    const writer = new FileWriter(this.outdir, at('GitOpsApp'));
    for (const [chart, docs] of resolved) {
      const folder = folders.get(chart)!;
      const files = manifestFiles(chart, docs);
      for (const [file, doc] of files) writer.write(path.join(folder, file), Yaml.stringify(doc));
      // What Argo CD and Flux build: the manifests only, never the subfolders' values or Components.
      writer.write(path.join(folder, 'kustomization.yaml'), Yaml.stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [...files.keys()].sort(),
      }));
    }
    OutputFile.writeAll(this, this.outdir, writer);
    for (const folder of folders.values()) writer.removeStale(folder);
    if (this.recordMetadata) this.writeConstructPaths(writer);
  }

  /**
   * `construct-metadata.json`, which `cdk8s synth` reads to name the construct behind each
   * violation a validation plugin reports. Keyed by `Kind/namespace/name`, the resource names
   * our plugin reports (cdk8s's own App keys it by name alone, which two namespaces can share).
   */
  private writeConstructPaths(writer: FileWriter): void {
    const resources: Record<string, { path: string }> = {};
    for (const child of this.node.findAll()) {
      if (!ApiObject.isApiObject(child)) continue;
      resources[`${child.kind}/${child.metadata.namespace ?? '-'}/${child.name}`] = { path: child.node.path };
    }
    writer.write('construct-metadata.json', JSON.stringify({ version: '1.0.0', resources }));
  }
}
