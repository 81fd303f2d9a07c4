import { Construct } from 'constructs';
import { wireDeployment } from './deployment-wiring';
import { HelmValuesOptions, toHelmValues } from './helm-values';
import { AmbassadorDeploymentTarget, InstalledModule, KustomizeComponentFiles, toKustomizeComponent } from './kustomize-component';
import { AmbassadorPodPatch } from './pod-patch';
import { propError } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';
import { checkLabel, checkNamespace, checkObjectName, checkOptions, checkString } from '../core/validators';
import { OutputFile } from '../gitops/output-file';
import { AmbassadorInstall } from '../install/ambassador-install';

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
  /** The install target the wiring is rendered for, if one was declared. */
  public readonly install?: AmbassadorInstall;
  /** Where `addHelmValues()` and `addKustomizeComponent()` write by default. */
  protected abstract readonly fileNames: PodWiringFileNames;
  /** How many times the wiring was applied or rendered (a Deployment wired, Helm values or a Component made). */
  protected wiredTargets = 0;

  /** Whether the wiring was applied or rendered at least once (a Deployment wired, Helm values or a Component made). */
  public get applied(): boolean {
    return this.wiredTargets > 0;
  }
  /**
   * The Deployments of this app wired with `wire()`, for constructs that derive from them (the
   * service account an Istio AuthorizationPolicy allows).
   * @internal
   */
  public readonly _wiredDeployments: IKubeObject[] = [];

  protected constructor(scope: Construct, id: string, install?: AmbassadorInstall) {
    super(scope, id);
    this.install = install;
  }

  /**
   * Wires an Ambassador Deployment of this app (a cdk8s-plus Deployment of any version, or an
   * `ApiObject` of kind Deployment): pod labels and annotations, volumes, and the mounts and env
   * of the Ambassador container.
   * @param containerName - the Ambassador container (default: the install target's, else "ambassador")
   */
  public wire(deployment: IKubeObject, containerName?: string): void {
    if (this.install !== undefined && this.install.method !== 'user-managed') {
      throw propError(this, 'ambassadorDeployment', isConstruct(deployment) ? deployment.node.path : deployment, `is a Deployment of this app, but the install target is ${this.install.description}`,
        this.install.isHelm ? 'use addHelmValues() for that install, or declare AmbassadorInstall.userManaged() for an Ambassador this app deploys'
          : 'use addKustomizeComponent() for that install, or declare AmbassadorInstall.userManaged() for an Ambassador this app deploys');
    }
    if (Object.keys(this.podPatch.moduleConfig ?? {}).length > 0) {
      throw propError(this, 'ambassadorDeployment', isConstruct(deployment) ? deployment.node.path : deployment, 'cannot carry the Module keys of this pattern',
        'declare the install that owns the Module (its Helm values or kustomize Component carry them)');
    }
    this.checkDeploymentNamespace(deployment);
    const container = containerName ?? this.install?.containerName ?? 'ambassador';
    wireDeployment(this, this.podPatch, deployment, checkLabel(this, 'containerName', container, 'container name'));
    this.wiredTargets++;
    this._wiredDeployments.push(deployment);
  }

  /**
   * Throws when the Deployment says a namespace other than the install target's: the target is
   * where the patterns put what Ambassador's pod reads (the istio-certs Secret, the client
   * Certificate) and the identity Istio allows, so one of the two is wrong.
   */
  private checkDeploymentNamespace(deployment: IKubeObject | undefined): void {
    const namespace = isConstruct(deployment) ? apiObjectOf(deployment)?.metadata.namespace : undefined;
    if (this.install === undefined || namespace === undefined || namespace === this.install.namespace) return;
    throw propError(this, 'ambassadorDeployment', deployment!.node.path, `is in namespace "${namespace}", but the install target, ${this.install.description}, runs Ambassador in "${this.install.namespace}"`,
      `make them agree: declare the install in "${namespace}" (AmbassadorInstall.userManaged({ namespace: "${namespace}", ... })), or wire the Deployment of the install`);
  }

  /** Checks `ambassadorContainer`, which names a container of `ambassadorDeployment` only. */
  protected checkContainerProp(deployment: IKubeObject | undefined, container: string | undefined): void {
    if (container === undefined) return;
    if (!deployment) {
      throw propError(this, 'ambassadorContainer', container, 'is set without ambassadorDeployment', 'give ambassadorDeployment too, or pass the container name to addKustomizeComponent()');
    }
    checkLabel(this, 'ambassadorContainer', container, 'container name');
  }

  /**
   * The namespace Ambassador runs in: `given` (which must agree with the Deployment's), else the
   * Deployment's, else `fallback`; an error naming `why` it matters when none is known.
   */
  protected resolveAmbassadorNamespace(given: string | undefined, deployment: IKubeObject | undefined, fallback: string | undefined,
    why: string): string {
    this.checkDeploymentNamespace(deployment);
    const fromDeployment = isConstruct(deployment) ? apiObjectOf(deployment)?.metadata.namespace : undefined;
    const fromInstall = this.install?.namespace;
    if (given !== undefined) {
      checkNamespace(this, 'ambassadorNamespace', given);
      if (fromDeployment !== undefined && fromDeployment !== given) {
        throw propError(this, 'ambassadorNamespace', given, `differs from the namespace of ambassadorDeployment ("${fromDeployment}"): ${why}`,
          'leave ambassadorNamespace unset: it is taken from the Deployment');
      }
      if (fromInstall !== undefined && fromInstall !== given) {
        throw propError(this, 'ambassadorNamespace', given, `differs from the namespace of the install target, ${this.install!.description}: ${why}`,
          'leave ambassadorNamespace unset: it is taken from the install target');
      }
      return given;
    }
    const namespace = fromDeployment ?? fromInstall ?? fallback;
    if (namespace === undefined) {
      throw propError(this, 'ambassadorNamespace', undefined, `is unknown (no ambassadorDeployment, and no namespace to fall back on): ${why}`,
        'set ambassadorNamespace to the namespace Ambassador runs in, for example "emissary"');
    }
    return namespace;
  }

  /** The wiring as values of the chart chosen (Emissary-ingress by default), merged with yours. */
  public helmValues(options: HelmValuesOptions = {}): Record<string, unknown> {
    const values = toHelmValues(this, this.podPatch, checkOptions(this, 'helmValues options', options, ['chart', 'mergeWith']), this.install);
    this.wiredTargets++;
    return values;
  }

  /**
   * Writes `helmValues()` beside the chart's manifests (not one of them), for `helm upgrade -f`,
   * an Argo CD Helm source or a Flux HelmRelease.
   */
  public addHelmValues(options: AddHelmValuesOptions = {}): OutputFile {
    const { path, ...values } = checkOptions(this, 'addHelmValues options', options, ['path', 'chart', 'mergeWith']);
    return new OutputFile(this, `HelmValues${this.outputFiles()}`, { path: path ?? this.fileNames.helmValues, documents: [this.helmValues(values)] });
  }

  /**
   * The wiring as a kustomize Component patching a statically installed Ambassador Deployment
   * (and, for Module keys, the install's `ambassador` Module). With an install target, the
   * Deployment, its namespace and the container come from it; giving others is an error.
   */
  public kustomizeComponent(target: AmbassadorDeploymentTarget = {}): KustomizeComponentFiles {
    target = checkOptions(this, 'target', target, ['deploymentName', 'namespace', 'containerName']);
    if (target.deploymentName !== undefined) checkObjectName(this, 'deploymentName', target.deploymentName);
    if (target.containerName !== undefined) checkLabel(this, 'containerName', target.containerName, 'container name');
    if (target.namespace !== undefined) checkNamespace(this, 'namespace', target.namespace);
    const install = this.install;
    let module: InstalledModule | undefined;
    if (install !== undefined) {
      const derived = { deploymentName: install.deploymentName, namespace: install.manifestNamespace, containerName: install.containerName };
      for (const key of ['deploymentName', 'namespace', 'containerName'] as const) {
        if (target[key] !== undefined && target[key] !== derived[key]) {
          throw propError(this, key, target[key], `differs from the ${key} of the install target, ${install.description}, which is ${derived[key] === undefined ? 'not written' : `"${derived[key]}"`}`
            + (key === 'containerName' ? ': the patch would add a second, image-less container' : ': the patch would match nothing'), `leave ${key} unset: it comes from the install target`);
        }
      }
      target = derived;
      if (install.moduleOwner === 'install-manifests' || install.moduleOwner === 'helm-values') {
        if (install.moduleApiVersion === undefined) {
          if (Object.keys(this.podPatch.moduleConfig ?? {}).length > 0) {
            throw propError(this, 'Module keys', Object.keys(this.podPatch.moduleConfig ?? {}).join(', '), `have no Module to patch: ${install.description} renders no ambassador Module `
              + 'with its default values (chart 7.x: module: {})', 'use addHelmValues(), whose module: values make the chart render one');
          }
        } else {
          module = { apiVersion: install.moduleApiVersion, namespace: install.manifestNamespace };
        }
      }
    }
    const component = toKustomizeComponent(this.podPatch, { ...target, deploymentName: target.deploymentName ?? 'ambassador', containerName: target.containerName ?? 'ambassador' },
      this.fileNames.patchFile, module);
    this.wiredTargets++;
    return component;
  }

  /**
   * Writes `kustomizeComponent()` to a folder beside the chart's manifests, for your own
   * Ambassador kustomization to list under `components:`.
   * @param dir - inside the chart's output folder (default: the pattern's, for example "kustomize/istio-mtls")
   */
  public addKustomizeComponent(target: AmbassadorDeploymentTarget = {}, dir: string = this.fileNames.componentDir): OutputFile[] {
    checkString(this, 'dir', dir, 'give a folder inside the chart\'s output, for example "kustomize/istio-mtls"');
    const files = this.kustomizeComponent(target);
    const n = this.outputFiles();
    return [
      new OutputFile(this, `KustomizeComponent${n}`, { path: `${dir}/kustomization.yaml`, documents: [files.kustomization] }),
      new OutputFile(this, `KustomizePatch${n}`, { path: `${dir}/${files.patchFileName}`, documents: [files.patch] }),
      ...(files.modulePatch && files.modulePatchFileName ? [new OutputFile(this, `KustomizeModulePatch${n}`, { path: `${dir}/${files.modulePatchFileName}`, documents: [files.modulePatch] })] : []),
    ];
  }

  /** A suffix that keeps the ids of repeated output files unique (their paths must differ). */
  private outputFiles(): string {
    const n = this.node.children.filter((c) => c instanceof OutputFile).length;
    return n === 0 ? '' : String(n);
  }
}
