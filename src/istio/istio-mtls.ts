import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioCertificates } from './istio-certificates';
import { mountedSecretPatch, sidecarPatch } from './istio-pod-patch';
import { checkIstioRelease, parseIstioVersion } from './istio-version';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { clusterScopedObject, IKubeObject } from '../core/kube-object';
import { checkAbsolutePath, checkBoolean, checkLabel, checkLabelValue, checkNamespace, checkObjectName } from '../core/validators';
import { AmbassadorInstall, installFor } from '../install/ambassador-install';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';
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
   * The TLSContext's name, which Mappings reference as `tls`. TLSContext names are global in
   * Emissary, whatever the namespace: give each IstioMtls of one Ambassador its own.
   * @default "istio-upstream"
   */
  readonly tlsContextName?: string;
  /**
   * The TLSContext's namespace, inherited by `addMapping` Mappings.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The namespace Ambassador runs in (its `AMBASSADOR_NAMESPACE`), where Emissary creates the
   * `istio-certs` secret from the sidecar's files; the TLSContext names it `istio-certs.<ns>`
   * when it lives elsewhere. Only for `IstioCertificates.sidecar()`.
   * @default - the namespace of `ambassadorDeployment`, else the install target's, else the TLSContext's namespace
   */
  readonly ambassadorNamespace?: string;
  /**
   * With sidecar certificates, verify the upstream's certificate against the mesh root that the
   * sidecar writes beside them (`root-cert.pem`, as `cacert_chain_file`): the `istio-certs`
   * secret Emissary builds holds no CA, so without it no upstream certificate is checked. The
   * mounted `istio.default` source always verifies against its `root-cert.pem`.
   * @default true
   */
  readonly verifyUpstream?: boolean;
  /**
   * The Istio revision (a revisioned control plane, `istioctl install --revision`): the pod and
   * `injectionNamespace` are labelled `istio.io/rev: <revision>` instead of
   * `sidecar.istio.io/inject` / `istio-injection`.
   * @default - the default revision
   */
  readonly revision?: string;
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
   * An Ambassador Deployment of this app to wire (volume, mount, labels, annotations, env): a
   * cdk8s-plus Deployment of any version 27 to 33, or an `ApiObject` of kind Deployment.
   * Ambassador installed otherwise: use `addHelmValues()` or `addKustomizeComponent()`.
   * @default - none wired here
   */
  readonly ambassadorDeployment?: IKubeObject;
  /**
   * The name of the Ambassador container in `ambassadorDeployment`.
   * @default - the install target's container, else "ambassador"
   */
  readonly ambassadorContainer?: string;
  /**
   * A Namespace to create labelled for injection (`istio-injection: enabled`, or
   * `istio.io/rev: <revision>`), so Istio injects its sidecar into the Ambassador pod: the
   * namespace Ambassador runs in (an error when that is known and differs). Required with
   * sidecar certificates before Istio 1.9, whose injector reads the namespace label only.
   * @default - no Namespace is created
   */
  readonly injectionNamespace?: string;
  /**
   * The Istio release of the mesh ("1.24", "1.9.4"): checked against the certificate source
   * (`mountedSecret()` before 1.5, `sidecar()` from 1.5 but not 1.9.0-1.9.3, and with
   * `injectionNamespace` before 1.9).
   * @default - not checked (the sidecar source assumes Istio 1.10 or later)
   */
  readonly istioVersion?: string;
  /**
   * Where Ambassador runs: its namespace (where `istio-certs` is made), the Deployment and
   * container the pod wiring patches, the chart whose values it writes.
   * @default - `AmbassadorInstall.of(this)`: the one declared for the chart or app, if any
   */
  readonly install?: AmbassadorInstall;
  /**
   * Ambassador's pod already carries this wiring, applied outside this app (by another team's
   * Helm values, say). Without it, synth fails when Mappings use `tlsContext` and this app applies
   * the wiring nowhere (no `ambassadorDeployment` or `wire()`, no Helm values, no Component):
   * the TLSContext would read certificates nobody provides.
   * @default false
   */
  readonly externallyWired?: boolean;
}

const ISTIO_MTLS_PROPS = propKeys<IstioMtlsProps>()('certificates', 'tlsContextName', 'namespace', 'ambassadorNamespace', 'verifyUpstream', 'revision',
  'ambassadorId', 'apiVersion', 'ambassadorDeployment', 'ambassadorContainer', 'injectionNamespace', 'istioVersion', 'install', 'externallyWired');

/** Props for `IstioMtls.addMapping()`: a Mapping whose `tls` is the mesh's TLSContext. */
export type IstioMappingProps = Omit<MappingProps, 'tls'>;

/**
 * Mutual TLS from Ambassador to Istio-meshed services: the Ambassador pod gets the mesh
 * certificates (from the `istio.default` Secret, or from an Istio sidecar), a TLSContext loads
 * them, and Mappings using `tlsContext` (or made with `addMapping`) present them upstream. The
 * pod wiring goes to a Deployment of the app, Helm values or a kustomize Component.
 */
export class IstioMtls extends AmbassadorPodWiring {
  /** The TLSContext holding the mesh certificates; pass it as a Mapping's `tls`. */
  public readonly tlsContext: TlsContext;
  /** What the Ambassador pod needs, whichever way Ambassador is installed. */
  public readonly podPatch: AmbassadorPodPatch;
  /** The certificate source. */
  public readonly certificates: IstioCertificates;
  /** The namespace of the TLSContext, inherited by `addMapping` Mappings. */
  public readonly namespace?: string;
  /** With sidecar certificates, the namespace Ambassador runs in (where `istio-certs` is made). */
  public readonly ambassadorNamespace?: string;
  private readonly apiVersion?: AmbassadorApiVersion;
  protected readonly fileNames: PodWiringFileNames = {
    helmValues: 'helm/ambassador-istio-values.yaml', componentDir: 'kustomize/istio-mtls', patchFile: 'ambassador-istio-patch.yaml',
  };

  constructor(scope: Construct, id: string, props: IstioMtlsProps = {}) {
    const { where } = checkConstructArgs('IstioMtls', scope, id, props, ISTIO_MTLS_PROPS);
    super(scope, id, installFor(where, scope, props?.install));
    guardAgainstDuplicates(this);
    if (props.certificates !== undefined && !(props.certificates instanceof IstioCertificates)) {
      throw propError(this, 'certificates', props.certificates, 'is not an IstioCertificates', 'use IstioCertificates.sidecar() (Istio 1.10+) or IstioCertificates.mountedSecret() (before 1.5)');
    }
    this.certificates = props.certificates ?? IstioCertificates.sidecar();
    if (props.namespace !== undefined) checkNamespace(this, 'namespace', props.namespace);
    this.namespace = props.namespace;
    this.apiVersion = props.apiVersion;
    const sidecar = this.certificates.kind === 'sidecar';
    const { volumeName, secretName } = this.certificates.options;
    // Checked before any resource is created, so a rejected IstioMtls leaves nothing to synthesize.
    const dir = checkAbsolutePath(this, sidecar ? 'certDir' : 'mountPath', this.certificates.options.path, 'directory', '/etc/istio-certs/');
    if (props.injectionNamespace !== undefined) checkNamespace(this, 'injectionNamespace', props.injectionNamespace);
    if (props.istioVersion !== undefined) {
      checkIstioRelease(this, parseIstioVersion(this, props.istioVersion), this.certificates, props.injectionNamespace);
    }
    this.checkContainerProp(props.ambassadorDeployment, props.ambassadorContainer);
    checkLabel(this, 'volumeName', volumeName, 'volume name');
    if (props.tlsContextName !== undefined) checkObjectName(this, 'tlsContextName', props.tlsContextName);
    if (props.verifyUpstream !== undefined) checkBoolean(this, 'verifyUpstream', props.verifyUpstream);
    const externallyWired = props.externallyWired === undefined ? false : checkBoolean(this, 'externallyWired', props.externallyWired);
    if (!sidecar && props.injectionNamespace !== undefined) {
      // Before Istio 1.5 Ambassador reads the mounted istio.default files and runs without a
      // sidecar (Ambassador 1.x's Istio how-to): an injected one would capture its traffic.
      throw propError(this, 'injectionNamespace', props.injectionNamespace, 'labels Ambassador\'s namespace for sidecar injection, but IstioCertificates.mountedSecret() runs Ambassador '
        + 'without a sidecar (it reads the mounted istio.default files; an injected sidecar would capture and re-encrypt its upstream traffic)',
      'remove injectionNamespace, or use IstioCertificates.sidecar() (Istio 1.5 and later), which needs the sidecar');
    }
    if (props.revision !== undefined) {
      checkLabelValue(this, 'revision', props.revision, 'use the revision or tag name given to istioctl install --revision, for example "1-24"');
    }
    for (const prop of ['ambassadorNamespace', 'verifyUpstream', 'revision'] as const) {
      if (!sidecar && props[prop] !== undefined) {
        throw propError(this, prop, props[prop], 'only applies to IstioCertificates.sidecar()', 'remove it: the mounted istio.default secret is read from files, with its own root-cert.pem');
      }
    }
    const tlsNamespace = props.namespace ?? Chart.of(this).namespace;

    if (!sidecar) {
      checkObjectName(this, 'secretName', secretName);
      this.podPatch = mountedSecretPatch(secretName!, volumeName, this.certificates.options.path);
      this.ambassadorNamespace = undefined;
      this.tlsContext = new TlsContext(this, 'TlsContext', {
        name: props.tlsContextName ?? 'istio-upstream',
        namespace: props.namespace,
        certChainFile: `${dir}/cert-chain.pem`,
        privateKeyFile: `${dir}/key.pem`,
        caChainFile: `${dir}/root-cert.pem`,
        // Istio 1.1-1.4 default to PERMISSIVE mode, where the sidecar picks the mTLS filter chain by
        // the ALPN protocol "istio" and hands any other TLS to the plain-text app, which fails the
        // handshake. Ambassador 1.x's Istio how-to ("Integrating Ambassador with Istio 1.4 and
        // Below") sets it on the istio.default context too.
        alpnProtocols: ['istio'],
        ambassadorId: props.ambassadorId,
        apiVersion: props.apiVersion,
        requiresUpstreamPort: true,
      });
    } else {
      const ambassadorNamespace = this.resolveAmbassadorNamespace(props.ambassadorNamespace, props.ambassadorDeployment, tlsNamespace,
        'Emissary makes istio-certs in its own namespace, which the TLSContext must name');
      this.ambassadorNamespace = ambassadorNamespace;
      // Known (stated, or from the Deployment or the install target), Ambassador's namespace is the
      // one to label: the injector reads the label of the pod's own namespace.
      const known = props.ambassadorNamespace !== undefined || props.ambassadorDeployment !== undefined || this.install !== undefined;
      if (props.injectionNamespace !== undefined && known && props.injectionNamespace !== ambassadorNamespace) {
        throw propError(this, 'injectionNamespace', props.injectionNamespace, `is not the namespace Ambassador runs in ("${ambassadorNamespace}"${this.install ? `, the install target, ${this.install.description}` : ''}): `
          + 'Istio\'s injector reads the label of the pod\'s own namespace, so labelling another injects no sidecar into Ambassador\'s pod',
        `set injectionNamespace to "${ambassadorNamespace}", or leave it unset and label that namespace where it is managed`);
      }
      this.podPatch = sidecarPatch(volumeName, dir, this.certificates.options.path, props.revision);
      this.tlsContext = new TlsContext(this, 'TlsContext', {
        name: props.tlsContextName ?? 'istio-upstream',
        namespace: props.namespace,
        // Emissary's entrypoint turns the files in AMBASSADOR_ISTIO_SECRET_DIR into this secret,
        // in AMBASSADOR_NAMESPACE (cmd/entrypoint/istiocert.go); a TLSContext elsewhere must say
        // name.namespace (irtlscontext.py resolve_secret), or it finds no certificate.
        secret: 'istio-certs',
        secretNamespace: ambassadorNamespace !== tlsNamespace ? ambassadorNamespace : undefined,
        // The secret carries no CA (only key.pem and cert-chain.pem are read); the sidecar's
        // root-cert.pem, in the same mounted directory, verifies the upstream.
        caChainFile: props.verifyUpstream === false ? undefined : `${dir}/root-cert.pem`,
        // Emissary's Istio guide: required for Istio's sidecars to accept the connection.
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
        metadata: {
          name: props.injectionNamespace,
          labels: props.revision === undefined ? { 'istio-injection': 'enabled' } : { 'istio.io/rev': props.revision },
        },
      });
    }
    if (props.ambassadorDeployment) this.wire(props.ambassadorDeployment, props.ambassadorContainer);
    if (!externallyWired) this.failSynthUnlessWired(sidecar, dir);
  }

  /**
   * Synth fails while Mappings use the TLSContext and this app applies the pod wiring nowhere:
   * Emissary makes `istio-certs` only from the files a sidecar in its own pod writes
   * (cmd/entrypoint/istiocert.go), and the legacy files exist only where the Secret is mounted.
   */
  private failSynthUnlessWired(sidecar: boolean, dir: string): void {
    let mappings = 0;
    this.tlsContext._mappingListeners.push(() => mappings++);
    this.node.addValidation({
      validate: () => (this.applied || mappings === 0 ? [] : [
        `${this.node.path}: TLSContext "${this.tlsContext.name}" reads ${sidecar ? 'the istio-certs secret, which Emissary makes only from the certificates an Istio sidecar in its own pod writes'
          : `the istio.default certificates under ${dir}/, which only the mounted Secret provides`}, but nothing applies that wiring to Ambassador's pod. `
        + 'Fix: set ambassadorDeployment (or call wire()), write addHelmValues() or addKustomizeComponent() for the Ambassador you install, '
        + 'or set externallyWired: true if Ambassador\'s pod already carries this wiring',
      ]),
    });
  }

  /**
   * Adds a Mapping that originates mTLS through the mesh. The service must name its port
   * (`productpage.bookinfo:9080`, or a port of a Service object); it is written `https://`.
   */
  public addMapping(id: string, props: IstioMappingProps): Mapping {
    if (props !== null && typeof props === 'object' && 'tls' in props) {
      throw propError(this, 'addMapping tls', (props as MappingProps).tls, 'is set, but addMapping presents the mesh certificates', 'leave tls out, or create a Mapping yourself');
    }
    return new Mapping(this, id, { namespace: this.namespace, apiVersion: this.apiVersion, ...props, tls: this.tlsContext });
  }

}
