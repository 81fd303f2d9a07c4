import { Construct } from 'constructs';
import { wireDeployment } from './deployment-wiring';
import { HelmValuesOptions, toHelmValues } from './helm-values';
import { AmbassadorDeploymentTarget, KustomizeComponentFiles, toKustomizeComponent } from './kustomize-component';
import { AmbassadorPodPatch } from './pod-patch';
import { IKubeObject } from '../core/kube-object';
import { checkLabel, checkNamespace, checkObjectName, checkOptions, checkString } from '../core/validators';
import { OutputFile } from '../gitops/output-file';

/** Options for `addHelmValues()`. */
export interface AddHelmValuesOptions extends HelmValuesOptions {
  /**
   * The file, inside the chart's output folder (in a subfolder).
   * @default - "helm/<pattern>-values.yaml", for example "helm/ambassador-istio-values.yaml"
   */
  readonly path?: string;
}

/** The file names a pattern writes its wiring to. */
export interface PodWiringFileNames {
  /** The default Helm values file, for example `helm/ambassador-istio-values.yaml`. */
  readonly helmValues: string;
  /** The default kustomize Component folder, for example `kustomize/istio-mtls`. */
  readonly componentDir: string;
  /** The patch's file name in that folder, for example `ambassador-istio-patch.yaml`. */
  readonly patchFile: string;
}

/**
 * A pattern that changes the Ambassador pod (Istio, Linkerd, a Consul CA): one `podPatch`,
 * applied the way Ambassador is installed, so the three ways cannot disagree:
 * - a Deployment of this app: `wire()` (or the pattern's `ambassadorDeployment` prop);
 * - the Emissary-ingress or Edge Stack Helm chart: `helmValues()` / `addHelmValues()`;
 * - static YAML with kustomize: `kustomizeComponent()` / `addKustomizeComponent()`.
 */
export abstract class AmbassadorPodWiring extends Construct {
  /** What the Ambassador pod needs, whichever way Ambassador is installed. */
  public abstract readonly podPatch: AmbassadorPodPatch;
  /** Where `addHelmValues()` and `addKustomizeComponent()` write by default. */
  protected abstract readonly fileNames: PodWiringFileNames;

  /**
   * Wires an Ambassador Deployment of this app (a cdk8s-plus Deployment of any version, or an
   * `ApiObject` of kind Deployment): pod labels and annotations, volumes, and the mounts and env
   * of the Ambassador container.
   * @param containerName the Ambassador container (default "ambassador")
   */
  public wire(deployment: IKubeObject, containerName: string = 'ambassador'): void {
    wireDeployment(this, this.podPatch, deployment, checkLabel(this, 'containerName', containerName, 'container name'));
  }

  /** The wiring as values of the chart chosen (Emissary-ingress by default), merged with yours. */
  public helmValues(options: HelmValuesOptions = {}): Record<string, unknown> {
    return toHelmValues(this, this.podPatch, checkOptions(this, 'helmValues options', options, ['chart', 'mergeWith']));
  }

  /**
   * Writes `helmValues()` beside the chart's manifests (not one of them), for `helm upgrade -f`,
   * an Argo CD Helm source or a Flux HelmRelease.
   */
  public addHelmValues(options: AddHelmValuesOptions = {}): OutputFile {
    const { path, ...values } = checkOptions(this, 'addHelmValues options', options, ['path', 'chart', 'mergeWith']);
    return new OutputFile(this, `HelmValues${this.outputFiles()}`, { path: path ?? this.fileNames.helmValues, documents: [this.helmValues(values)] });
  }

  /** The wiring as a kustomize Component patching a statically installed Ambassador Deployment. */
  public kustomizeComponent(target: AmbassadorDeploymentTarget = {}): KustomizeComponentFiles {
    target = checkOptions(this, 'target', target, ['deploymentName', 'namespace', 'containerName']);
    if (target.deploymentName !== undefined) checkObjectName(this, 'deploymentName', target.deploymentName);
    if (target.containerName !== undefined) checkLabel(this, 'containerName', target.containerName, 'container name');
    if (target.namespace !== undefined) checkNamespace(this, 'namespace', target.namespace);
    return toKustomizeComponent(this.podPatch, target, this.fileNames.patchFile);
  }

  /**
   * Writes `kustomizeComponent()` to a folder beside the chart's manifests, for your own
   * Ambassador kustomization to list under `components:`.
   * @param dir inside the chart's output folder (default: the pattern's, for example "kustomize/istio-mtls")
   */
  public addKustomizeComponent(target: AmbassadorDeploymentTarget = {}, dir: string = this.fileNames.componentDir): OutputFile[] {
    checkString(this, 'dir', dir, 'give a folder inside the chart\'s output, for example "kustomize/istio-mtls"');
    const files = this.kustomizeComponent(target);
    const n = this.outputFiles();
    return [
      new OutputFile(this, `KustomizeComponent${n}`, { path: `${dir}/kustomization.yaml`, documents: [files.kustomization] }),
      new OutputFile(this, `KustomizePatch${n}`, { path: `${dir}/${files.patchFileName}`, documents: [files.patch] }),
    ];
  }

  /** A suffix that keeps the ids of repeated output files unique (their paths must differ). */
  private outputFiles(): string {
    const n = this.node.children.filter((c) => c instanceof OutputFile).length;
    return n === 0 ? '' : String(n);
  }
}
