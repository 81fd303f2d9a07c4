import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { chartFolders } from './chart-folders';
import { FileWriter } from './file-writer';
import { checkConstructArgs } from '../core/construct-args';
import { at, propError } from '../core/errors';
import { checkList } from '../core/validators';

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
// One segment of a relative path: letters, digits and "-_." only, not "." or "..".
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;

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
  public static writeAll(app: App, outdir: string = app.outdir, writer?: FileWriter): string[] {
    return OutputFile._writeAll(app, app.node.findAll(), outdir, writer);
  }

  /**
   * `writeAll()` for a caller that has the app's constructs already (no other walk of the tree).
   * @internal
   */
  public static _writeAll(app: App, constructs: readonly IConstruct[], outdir: string, writer?: FileWriter): string[] {
    const files = constructs.filter((c): c is OutputFile => c instanceof OutputFile);
    if (files.length === 0) return [];
    const folders = chartFolders(app, constructs);
    const out = writer ?? new FileWriter(outdir, at('OutputFile.writeAll()'));
    return files.map((file) => out.write(path.join(folders.get(Chart.of(file))!, file.path), file.render()));
  }

  /** Path inside the chart's output folder. */
  public readonly path: string;
  private readonly documents: unknown[];

  constructor(scope: Construct, id: string, props: OutputFileProps) {
    const { where } = checkConstructArgs('OutputFile', scope, id, props, ['path', 'documents']);
    const normalised = checkOutputPath(where, props.path);
    const documents = checkList(where, 'documents', props.documents, 'give the YAML documents to write as a list, for example [values]');
    super(scope, id);
    const chart = Chart.of(this);
    const clash = chart.node.findAll().find((c) => c !== this && c instanceof OutputFile && c.path === normalised);
    if (clash) {
      throw propError(this, 'path', props.path, `is already written by ${clash.node.path}`, 'give each output file its own path');
    }
    this.path = normalised;
    this.documents = documents;
    writeWithApp(this.node.root);
  }

  /** The file's text. */
  public render(): string {
    return Yaml.stringify(...this.documents);
  }
}

/** A relative `.yaml` path in a subfolder of the chart's output, each segment a safe name. */
function checkOutputPath(where: ReturnType<typeof at>, value: unknown): string {
  const fix = 'use a relative path such as "helm/ambassador-values.yaml": a subfolder (top-level files are the chart\'s manifests), letters, digits, "-", "_" and "."';
  if (typeof value !== 'string') throw propError(where, 'path', value, 'is not a string', fix);
  const segments = value.split('/');
  if (segments.length < 2 || !segments.every((s) => SEGMENT.test(s)) || !/\.ya?ml$/.test(value)) {
    throw propError(where, 'path', value, 'is not a .yaml file in a subfolder of the chart output', fix);
  }
  return segments.join('/');
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
