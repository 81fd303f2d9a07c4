import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, Yaml } from 'cdk8s';
import { OutputFile } from './output-file';

/**
 * A cdk8s `App` whose `synth()` writes one folder per chart, one file per resource, ready for a
 * GitOps repo: `<outdir>/<chart>/<Kind>[.<namespace>].<name>.k8s.yaml`, plus the chart's
 * `OutputFile`s (Helm values, kustomize Components) in subfolders, and a `kustomization.yaml`
 * listing exactly the manifests, so `kubectl kustomize`, Argo CD and Flux build the chart alone.
 *
 * Unlike cdk8s's own folder-per-chart output, the namespace is part of the file name, so two
 * objects that differ only by namespace (a `PeerAuthentication` named `default` in each of two
 * namespaces) do not overwrite each other; two objects that would share a file are an error.
 */
export class GitOpsApp extends App {
  /** The manifest files of `chart`, by file name; throws when two objects would share a file. */
  public static filesOf(chart: Chart): Map<string, any> {
    const files = new Map<string, any>();
    for (const doc of chart.toJson()) {
      const { kind, metadata } = doc;
      const file = `${[kind, metadata?.namespace, metadata?.name].filter((p) => p !== undefined).join('.').replace(/[^0-9a-zA-Z-_.]/g, '')}.k8s.yaml`;
      if (files.has(file)) {
        throw new Error(`${chart.node.path}: two objects would be written to ${file} (${kind} "${metadata?.name}"${metadata?.namespace ? ` in namespace "${metadata.namespace}"` : ''}): `
          + 'the cluster would keep only one. Fix: give each object its own name or namespace');
      }
      files.set(file, doc);
    }
    return files;
  }

  private readonly recordMetadata: boolean;

  constructor(props: AppProps = {}) {
    super(props);
    OutputFile._writtenBy(this); // its synth() writes them, beside each chart's manifests
    // `cdk8s synth` asks for it when validation plugins run (as cdk8s's own App reads it).
    this.recordMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  /** Validates and resolves the app (as `App.synth()` does), then writes the folders. */
  public override synth(): void {
    this.synthYaml(); // runs cdk8s's validations and resolves chart dependencies
    for (const chart of this.charts) {
      const dir = path.join(this.outdir, chart.node.id);
      fs.mkdirSync(dir, { recursive: true });
      const files = GitOpsApp.filesOf(chart);
      for (const [file, doc] of files) {
        fs.writeFileSync(path.join(dir, file), Yaml.stringify(doc));
      }
      // What Argo CD and Flux build: the manifests only, never the subfolders' values or Components.
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), Yaml.stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [...files.keys()].sort(),
      }));
    }
    OutputFile.writeAll(this);
    if (this.recordMetadata) this.writeConstructPaths();
  }

  /**
   * `construct-metadata.json`, which `cdk8s synth` reads to name the construct behind each
   * violation a validation plugin reports. Keyed by `Kind/namespace/name`, the resource names
   * our plugin reports (cdk8s's own App keys it by name alone, which two namespaces can share).
   */
  private writeConstructPaths(): void {
    const resources: Record<string, { path: string }> = {};
    for (const chart of this.charts) {
      for (const child of chart.node.findAll()) {
        if (!ApiObject.isApiObject(child)) continue;
        resources[`${child.kind}/${child.metadata.namespace ?? '-'}/${child.name}`] = { path: child.node.path };
      }
    }
    fs.writeFileSync(path.join(this.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
  }
}
