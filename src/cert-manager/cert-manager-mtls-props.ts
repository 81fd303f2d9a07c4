import { Duration } from 'cdk8s';
import { CertificateIdentity } from './certificate-identity';
import { CertManagerIssuer } from './issuer';
import { CertManagerPrivateKey } from './private-key';
import { UpstreamTrust } from './upstream-trust';
import { IKubeObject } from '../core/kube-object';
import { AmbassadorInstall } from '../install/ambassador-install';
import { AmbassadorApiVersion } from '../resources/api-version';
import { MappingProps } from '../resources/mapping';

/** Props for `CertManagerMtls`. */
export interface CertManagerMtlsProps {
  /** The cert-manager issuer that signs Ambassador's client certificate (and the upstreams' server certificates). */
  readonly issuer: CertManagerIssuer;
  /**
   * The name of the client Certificate and of the Secret cert-manager writes it to, which the
   * TLSContexts read (one name, so they cannot disagree).
   * @default "ambassador-upstream-client"
   */
  readonly certificateName?: string;
  /**
   * Ambassador's identity in the client certificate, which upstreams may authorize.
   * @default - commonName "ambassador" and dnsNames ["ambassador.<ambassadorNamespace>.svc"]
   */
  readonly identity?: CertificateIdentity;
  /**
   * The private key cert-manager generates (a new one at each renewal).
   * @default CertManagerPrivateKey.ecdsa(256)
   */
  readonly privateKey?: CertManagerPrivateKey;
  /**
   * The certificates' lifetime (`duration`, at least an hour; the issuer may shorten it).
   * @default Duration.days(90)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews (`renewBefore`: at least 5 minutes, below `duration`).
   * @default Duration.days(30)
   */
  readonly renewBefore?: Duration;
  /**
   * Which CA verifies the upstreams' certificates.
   * @default UpstreamTrust.issuerCa(): the issuer's CA, mounted into the Ambassador pod
   */
  readonly upstreamTrust?: UpstreamTrust;
  /**
   * Send each upstream's host as SNI. Emissary sets SNI on a TLSContext only, so each upstream
   * host gets a TLSContext of its own (`<tlsContextName>-<host>`); without SNI one TLSContext
   * (`<tlsContextName>`) serves every Mapping.
   * @default true
   */
  readonly sniPerUpstream?: boolean;
  /**
   * The TLSContext name, or the prefix of their names with `sniPerUpstream`. TLSContext names are
   * global in Emissary, whatever the namespace.
   * @default "cert-manager-upstream"
   */
  readonly tlsContextName?: string;
  /**
   * The namespace of the TLSContexts and of the Mappings made with `addMapping()`.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The namespace Ambassador runs in: the client Certificate and its Secret live there, so the
   * pod can mount the CA.
   * @default - the namespace of `ambassadorDeployment`, else the install target's, else the chart's
   */
  readonly ambassadorNamespace?: string;
  /**
   * The cluster's DNS domain, for the names of server certificates.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * `ambassador_id` of the TLSContexts (and so of the Mappings made with `addMapping`).
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
  /**
   * An Ambassador Deployment of this app to mount the CA into (cdk8s-plus 27 to 33, or an
   * `ApiObject` of kind Deployment). Ambassador installed otherwise: `addHelmValues()` or
   * `addKustomizeComponent()`.
   * @default - none wired here
   */
  readonly ambassadorDeployment?: IKubeObject;
  /**
   * The name of the Ambassador container in `ambassadorDeployment`.
   * @default - the install target's container, else "ambassador"
   */
  readonly ambassadorContainer?: string;
  /**
   * Where Ambassador runs: its namespace (where the client Certificate lives), the Deployment and
   * container the CA is mounted into, the chart whose values carry the mount.
   * @default - `AmbassadorInstall.of(this)`: the one declared for the chart or app, if any
   */
  readonly install?: AmbassadorInstall;
}

/** Props for `CertManagerMtls.addMapping()`: a Mapping that presents the client certificate. */
export type CertManagerMappingProps = Omit<MappingProps, 'tls'>;

/** Options for `CertManagerMtls.addServerCertificate()`. */
export interface ServerCertificateOptions {
  /**
   * The upstream: a Service of this app, or `name.namespace`. The certificate names it by every
   * form a client may use (`name`, `name.ns`, `name.ns.svc`, `name.ns.svc.<clusterDomain>`).
   */
  readonly service: string | IKubeObject;
  /**
   * The Certificate's name and Secret name, in the service's namespace.
   * @default "<service>-tls"
   */
  readonly certificateName?: string;
}
