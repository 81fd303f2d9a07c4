import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { propError } from '../core/errors';

/** Props for `OutputFile`. */
export interface OutputFileProps {
  /**
   * Path inside the chart's output folder, in a subfolder (for example `helm/values.yaml`), so a
   * GitOps tool applying the chart's manifests never takes it for one.
   */
  readonly path: string;
  /** The YAML documents to write. */
  readonly documents: unknown[];
}

const WRITES_OUTPUT_FILES = Symbol.for('cdk8s-ambassador-mtls.writes-output-files');

/**
 * A YAML file written beside a chart's manifests, not one of them: Helm values, a kustomize
 * Component, under `<outdir>/<chart id>/`. `GitOpsApp` writes them with the manifests; so does a
 * plain cdk8s `App` (its `synth()` is extended to call `OutputFile.writeAll(app)` afterwards).
 */
export class OutputFile extends Construct {
  /**
   * Marks `app` as one whose own `synth()` writes the output files, so they are not written twice.
   * @internal
   */
  public static _writtenBy(app: App): void {
    Object.defineProperty(app, WRITES_OUTPUT_FILES, { value: true });
  }

  /** Writes every OutputFile of `app` under `<outdir>/<chart id>/`; returns the paths written. */
  public static writeAll(app: App, outdir: string = app.outdir): string[] {
    const files = app.node.findAll().filter((c): c is OutputFile => c instanceof OutputFile);
    return files.map((file) => {
      const target = path.join(outdir, Chart.of(file).node.id, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.render());
      return target;
    });
  }

  /** Path inside the chart's output folder. */
  public readonly path: string;
  private readonly documents: unknown[];

  constructor(scope: Construct, id: string, props: OutputFileProps) {
    super(scope, id);
    const normalised = path.posix.normalize(props.path);
    if (!normalised.includes('/') || normalised.startsWith('/') || normalised.startsWith('..') || !/\.ya?ml$/.test(normalised)) {
      throw propError(this, 'path', props.path, 'is not a .yaml file in a subfolder of the chart output',
        'use a relative path such as "helm/ambassador-values.yaml" (top-level files are the chart\'s manifests)');
    }
    const chart = Chart.of(this);
    const clash = chart.node.findAll().find((c) => c !== this && c instanceof OutputFile && c.path === normalised);
    if (clash) {
      throw propError(this, 'path', props.path, `is already written by ${clash.node.path}`, 'give each output file its own path');
    }
    this.path = normalised;
    this.documents = props.documents;
    writeWithApp(this.node.root);
  }

  /** The file's text. */
  public render(): string {
    return Yaml.stringify(...this.documents);
  }
}

/**
 * A plain cdk8s App writes only manifests: extend this one's `synth()` to write the output files
 * too, once per app, so they are never silently left out.
 */
function writeWithApp(root: IConstruct): void {
  if (!(root instanceof App) || WRITES_OUTPUT_FILES in root) return;
  OutputFile._writtenBy(root);
  const synth = root.synth.bind(root);
  Object.defineProperty(root, 'synth', {
    value: () => {
      synth();
      OutputFile.writeAll(root);
    },
  });
}
