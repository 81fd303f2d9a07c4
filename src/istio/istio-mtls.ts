import { Construct } from 'constructs';
import { IstioCertificates } from './istio-certificates';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { clusterScopedObject, IKubeObject } from '../core/kube-object';
import { checkNamespace, checkObjectName } from '../core/names';
import { OutputFile } from '../gitops/output-file';
import { wireDeployment } from '../pod-wiring/deployment-wiring';
import { AmbassadorHelmValues, toHelmValues } from '../pod-wiring/helm-values';
import { AmbassadorDeploymentTarget, KustomizeComponentFiles, toKustomizeComponent } from '../pod-wiring/kustomize-component';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorApiVersion } from '../resources/api-version';
import { Mapping, MappingProps } from '../resources/mapping';
import { TlsContext } from '../resources/tls-context';

/** Props for `IstioMtls`. */
export interface IstioMtlsProps {
  /**
   * Where Ambassador gets the mesh certificates.
   * @default IstioCertificates.sidecar() (Istio 1.10 and later)
   */
  readonly certificates?: IstioCertificates;
  /**
   * The TLSContext's name, which Mappings reference as `tls`.
   * @default "istio-upstream"
   */
  readonly tlsContextName?: string;
  /**
   * The TLSContext's namespace; with sidecar certificates, the namespace Ambassador runs in.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * `ambassador_id` of the TLSContext (and so of the Mappings made with `addMapping`).
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
  /**
   * An Ambassador Deployment of this app to wire (volume, mount, annotations, env): a cdk8s-plus
   * Deployment of any version 27 to 33, or an `ApiObject` of kind Deployment. Ambassador
   * installed otherwise: use `addHelmValues()` or `addKustomizeComponent()`.
   * @default - none wired here
   */
  readonly ambassadorDeployment?: IKubeObject;
  /**
   * The name of the Ambassador container in `ambassadorDeployment`.
   * @default "ambassador"
   */
  readonly ambassadorContainer?: string;
  /**
   * A Namespace to create labelled `istio-injection: enabled`, so Istio injects its sidecar into
   * the Ambassador pod (the sidecar writes the certificates).
   * @default - no Namespace is created
   */
  readonly injectionNamespace?: string;
}

/** Props for `IstioMtls.addMapping()`: a Mapping whose `tls` is the mesh's TLSContext. */
export type IstioMappingProps = Omit<MappingProps, 'tls'>;

/**
 * Mutual TLS from Ambassador to Istio-meshed services: the Ambassador pod gets the mesh
 * certificates (from the `istio.default` Secret, or from an Istio sidecar), a TLSContext loads
 * them, and Mappings using `tlsContext` (or made with `addMapping`) present them upstream.
 */
export class IstioMtls extends Construct {
  /** The TLSContext holding the mesh certificates; pass it as a Mapping's `tls`. */
  public readonly tlsContext: TlsContext;
  /** What the Ambassador pod needs, whichever way Ambassador is installed. */
  public readonly podPatch: AmbassadorPodPatch;
  /** The certificate source. */
  public readonly certificates: IstioCertificates;
  /** The namespace of the TLSContext, inherited by `addMapping` Mappings. */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, props: IstioMtlsProps = {}) {
    super(scope, id);
    guardAgainstDuplicates(this);
    this.certificates = props.certificates ?? IstioCertificates.sidecar();
    this.namespace = props.namespace;
    const { volumeName, secretName } = this.certificates.options;
    const dir = this.checkPath(this.certificates.kind === 'sidecar' ? 'certDir' : 'mountPath', this.certificates.options.path);
    // Checked before any resource is created, so a rejected IstioMtls leaves nothing to synthesize.
    if (props.injectionNamespace !== undefined) checkNamespace(this, 'injectionNamespace', props.injectionNamespace);
    if (props.ambassadorContainer !== undefined && !props.ambassadorDeployment) {
      throw propError(this, 'ambassadorContainer', props.ambassadorContainer, 'is set without ambassadorDeployment',
        'give ambassadorDeployment too, or pass the container name to addKustomizeComponent()');
    }
    checkObjectName(this, 'volumeName', volumeName);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(volumeName) || volumeName.length > 63) {
      throw propError(this, 'volumeName', volumeName, 'is not a valid volume name (RFC 1123 label)', 'use lowercase letters, digits and "-"');
    }

    if (this.certificates.kind === 'mountedSecret') {
      checkObjectName(this, 'secretName', secretName!);
      this.podPatch = {
        podLabels: {},
        podAnnotations: {},
        volumes: [{ name: volumeName, secret: { secretName: secretName!, optional: true } }],
        volumeMounts: [{ name: volumeName, mountPath: this.certificates.options.path, readOnly: true }],
        env: {},
      };
      this.tlsContext = new TlsContext(this, 'TlsContext', {
        name: props.tlsContextName ?? 'istio-upstream',
        namespace: props.namespace,
        certChainFile: `${dir}/cert-chain.pem`,
        privateKeyFile: `${dir}/key.pem`,
        caChainFile: `${dir}/root-cert.pem`,
        ambassadorId: props.ambassadorId,
        apiVersion: props.apiVersion,
        requiresUpstreamPort: true,
      });
    } else {
      this.podPatch = {
        // Injection per pod works whether or not the namespace is labelled istio-injection.
        podLabels: { 'sidecar.istio.io/inject': 'true' },
        podAnnotations: {
          'traffic.sidecar.istio.io/includeInboundPorts': '',
          'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
          'proxy.istio.io/config': `proxyMetadata:\n  OUTPUT_CERTS: ${dir}\n`,
          'sidecar.istio.io/userVolumeMount': JSON.stringify([{ name: volumeName, mountPath: dir }]),
        },
        volumes: [{ name: volumeName, emptyDir: { medium: 'Memory' } }],
        volumeMounts: [{ name: volumeName, mountPath: this.certificates.options.path, readOnly: true }],
        env: { AMBASSADOR_ISTIO_SECRET_DIR: dir, AMBASSADOR_ENVOY_BASE_ID: '1' },
      };
      this.tlsContext = new TlsContext(this, 'TlsContext', {
        name: props.tlsContextName ?? 'istio-upstream',
        namespace: props.namespace,
        // Ambassador turns the files in AMBASSADOR_ISTIO_SECRET_DIR into this secret itself.
        secret: 'istio-certs',
        alpnProtocols: ['istio'],
        ambassadorId: props.ambassadorId,
        apiVersion: props.apiVersion,
        requiresUpstreamPort: true,
      });
    }

    if (props.injectionNamespace !== undefined) {
      clusterScopedObject(this, 'InjectionNamespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: props.injectionNamespace, labels: { 'istio-injection': 'enabled' } },
      });
    }
    if (props.ambassadorDeployment) this.wire(props.ambassadorDeployment, props.ambassadorContainer);
  }

  /**
   * Wires an Ambassador Deployment of this app (a cdk8s-plus Deployment of any version, or an
   * `ApiObject` of kind Deployment): volume, read-only mount, pod labels and annotations, and env
   * on the Ambassador container.
   * @param containerName the Ambassador container (default "ambassador")
   */
  public wire(deployment: IKubeObject, containerName: string = 'ambassador'): void {
    wireDeployment(this, this.podPatch, deployment, containerName);
  }

  /** The wiring as values of the Emissary-ingress / Edge Stack Helm chart. */
  public helmValues(): AmbassadorHelmValues {
    return toHelmValues(this.podPatch);
  }

  /**
   * Writes `helmValues()` beside the chart's manifests (not one of them), for `helm upgrade -f`.
   * @param path inside the chart's output folder (default "helm/ambassador-istio-values.yaml")
   */
  public addHelmValues(path: string = 'helm/ambassador-istio-values.yaml'): OutputFile {
    return new OutputFile(this, `HelmValues${this.outputFiles()}`, { path, documents: [this.helmValues()] });
  }

  /** The wiring as a kustomize Component patching a statically installed Ambassador Deployment. */
  public kustomizeComponent(target: AmbassadorDeploymentTarget = {}): KustomizeComponentFiles {
    for (const [prop, value] of [['deploymentName', target.deploymentName], ['containerName', target.containerName]] as const) {
      if (value !== undefined) checkObjectName(this, prop, value);
    }
    if (target.namespace !== undefined) checkNamespace(this, 'namespace', target.namespace);
    return toKustomizeComponent(this.podPatch, target, 'ambassador-istio-patch.yaml');
  }

  /**
   * Writes `kustomizeComponent()` to a folder beside the chart's manifests, for the user's own
   * Ambassador kustomization to list under `components:`.
   * @param dir inside the chart's output folder (default "kustomize/istio-mtls")
   */
  public addKustomizeComponent(target: AmbassadorDeploymentTarget = {}, dir: string = 'kustomize/istio-mtls'): OutputFile[] {
    const files = this.kustomizeComponent(target);
    const n = this.outputFiles();
    return [
      new OutputFile(this, `KustomizeComponent${n}`, { path: `${dir}/kustomization.yaml`, documents: [files.kustomization] }),
      new OutputFile(this, `KustomizePatch${n}`, { path: `${dir}/${files.patchFileName}`, documents: [files.patch] }),
    ];
  }

  /**
   * Adds a Mapping that originates mTLS through the mesh. The service must name its port
   * (`https://productpage:9080`, or a cdk8s-plus Service port).
   */
  public addMapping(id: string, props: IstioMappingProps): Mapping {
    return new Mapping(this, id, { namespace: this.namespace, ...props, tls: this.tlsContext });
  }

  /** A suffix that keeps the ids of repeated output files unique (their paths must differ). */
  private outputFiles(): string {
    const n = this.node.children.filter((c) => c instanceof OutputFile).length;
    return n === 0 ? '' : String(n);
  }

  private checkPath(prop: string, value: string): string {
    if (typeof value !== 'string' || !value.startsWith('/') || value.split('/').includes('..') || value.replace(/\/+$/, '') === '') {
      throw propError(this, prop, value, 'is not an absolute directory path', 'use an absolute path such as /etc/istio-certs/');
    }
    return value.replace(/\/+$/, '');
  }
}
