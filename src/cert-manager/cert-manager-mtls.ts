import { createHash } from 'crypto';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CertManagerMappingProps, CertManagerMtlsProps, ServerCertificateOptions } from './cert-manager-mtls-props';
import { CertificateIdentity, checkIdentity } from './certificate-identity';
import { goDuration } from './go-duration';
import { CertManagerIssuer } from './issuer';
import { CertManagerPrivateKey } from './private-key';
import { UpstreamTrust } from './upstream-trust';
import * as certmanager from '../../imports/cert-manager.io-v1';
import { MIN_CERTIFICATE_DURATION_MS, MIN_RENEW_BEFORE_MS } from '../core/cert-manager-limits';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';
import { checkBoolean, checkClusterDomain, checkNamespace, checkObjectName, checkOptions, isDnsLabel, isDnsSubdomain, isServiceName } from '../core/validators';
import { installFor } from '../install/ambassador-install';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';
import { Mapping, MappingProps } from '../resources/mapping';
import { TlsContext } from '../resources/tls-context';
import { parseUpstream, UpstreamService, upstreamOfService } from '../resources/upstream-service';

const CERT_MANAGER_PROPS = propKeys<CertManagerMtlsProps>()('issuer', 'certificateName', 'identity', 'privateKey', 'duration', 'renewBefore', 'upstreamTrust',
  'sniPerUpstream', 'tlsContextName', 'namespace', 'ambassadorNamespace', 'clusterDomain', 'ambassadorId', 'apiVersion', 'ambassadorDeployment', 'ambassadorContainer', 'install');


/**
 * Mutual TLS to upstreams without a mesh: cert-manager issues Ambassador a client certificate
 * (a `Certificate` with `client auth`), TLSContexts read the Secret it writes, and Mappings made
 * with `addMapping()` originate TLS to `https://` upstreams with a port, sending the upstream's
 * host as SNI and verifying its certificate against the issuer's CA (see `UpstreamTrust`).
 * `addServerCertificate()` issues an upstream its server certificate from the same issuer.
 */
export class CertManagerMtls extends AmbassadorPodWiring {
  /** What the Ambassador pod needs (the CA mount, with `UpstreamTrust.issuerCa()`). */
  public readonly podPatch: AmbassadorPodPatch;
  /** The client Certificate. */
  public readonly certificate: certmanager.Certificate;
  /** The Secret cert-manager writes: the Certificate's name, in `ambassadorNamespace`. */
  public readonly secretName: string;
  /** The namespace Ambassador runs in, where the Certificate and its Secret live. */
  public readonly ambassadorNamespace: string;
  protected readonly fileNames: PodWiringFileNames = {
    helmValues: 'helm/ambassador-cert-manager-values.yaml', componentDir: 'kustomize/cert-manager-mtls', patchFile: 'ambassador-cert-manager-patch.yaml',
  };
  private readonly props: CertManagerMtlsProps;
  private readonly issuer: CertManagerIssuer;
  private readonly privateKey: CertManagerPrivateKey;
  private readonly trust: UpstreamTrust;
  private readonly lifetime: { duration: string; renewBefore: string };
  private readonly contextBase: string;
  private readonly sniPerUpstream: boolean;
  private readonly clusterDomain: string;
  private readonly contexts = new Map<string, TlsContext>();

  constructor(scope: Construct, id: string, props: CertManagerMtlsProps) {
    const { where } = checkConstructArgs('CertManagerMtls', scope, id, props, CERT_MANAGER_PROPS);
    super(scope, id, installFor(where, scope, props?.install));
    guardAgainstDuplicates(this);
    this.props = props;
    if (!(props.issuer instanceof CertManagerIssuer)) {
      throw propError(this, 'issuer', props.issuer, props.issuer === undefined ? 'is missing' : 'is not a CertManagerIssuer',
        'use CertManagerIssuer.clusterIssuer(name), CertManagerIssuer.issuer(name) or CertManagerIssuer.fromObject(issuer)');
    }
    this.issuer = props.issuer;
    if (props.privateKey !== undefined && !(props.privateKey instanceof CertManagerPrivateKey)) {
      throw propError(this, 'privateKey', props.privateKey, 'is not a CertManagerPrivateKey', 'use CertManagerPrivateKey.ecdsa() or CertManagerPrivateKey.rsa()');
    }
    this.privateKey = props.privateKey ?? CertManagerPrivateKey.ecdsa();
    if (props.upstreamTrust !== undefined && !(props.upstreamTrust instanceof UpstreamTrust)) {
      throw propError(this, 'upstreamTrust', props.upstreamTrust, 'is not an UpstreamTrust', 'use UpstreamTrust.issuerCa(), UpstreamTrust.caSecret(secret) or UpstreamTrust.none()');
    }
    this.trust = props.upstreamTrust ?? UpstreamTrust.issuerCa();
    this.checkIssuerFillsCa();
    this.lifetime = this.checkLifetime(props.duration, props.renewBefore);
    this.secretName = checkObjectName(this, 'certificateName', props.certificateName ?? 'ambassador-upstream-client');
    this.contextBase = checkObjectName(this, 'tlsContextName', props.tlsContextName ?? 'cert-manager-upstream');
    this.sniPerUpstream = props.sniPerUpstream === undefined ? true : checkBoolean(this, 'sniPerUpstream', props.sniPerUpstream);
    this.clusterDomain = checkClusterDomain(this, 'clusterDomain', props.clusterDomain);
    if (props.namespace !== undefined) checkNamespace(this, 'namespace', props.namespace);
    this.checkContainerProp(props.ambassadorDeployment, props.ambassadorContainer);
    this.ambassadorNamespace = this.resolveAmbassadorNamespace(props.ambassadorNamespace, props.ambassadorDeployment, Chart.of(this).namespace,
      'the client Certificate must live where Ambassador runs, whose pod mounts its CA');
    this.checkIssuerNamespace(this.ambassadorNamespace, 'the client Certificate');
    const identity = props.identity === undefined
      ? { commonName: 'ambassador', dnsNames: [`ambassador.${this.ambassadorNamespace}.svc`] }
      : checkIdentity(this, 'identity', props.identity);

    this.certificate = this.newCertificate('Certificate', this.secretName, this.ambassadorNamespace, identity, certmanager.CertificateSpecUsages.CLIENT_AUTH);
    this.podPatch = this.trust.kind === 'issuer-ca' ? {
      podLabels: {},
      podAnnotations: {},
      // Only ca.crt: the pod has no use for the key on disk (Emissary reads the Secret itself).
      // Optional: Ambassador starts before the Certificate is issued, or with an issuer that
      // writes no ca.crt; until the file exists Emissary refuses these TLSContexts ("found no
      // cacert_chain_file", irtlscontext.py) and only their Mappings fail, not the whole pod.
      volumes: [{ name: 'cert-manager-ca', secret: { secretName: this.secretName, items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: true } }],
      volumeMounts: [{ name: 'cert-manager-ca', mountPath: `${this.trust.mountPath}/`, readOnly: true }],
      env: {},
    } : { podLabels: {}, podAnnotations: {}, volumes: [], volumeMounts: [], env: {} };
    if (this.trust.kind === 'issuer-ca') {
      this.node.addValidation({
        validate: () => (this.wiredTargets > 0 || this.contexts.size === 0 ? [] : [
          `${this.node.path}: its TLSContexts read the issuer's CA from ${this.trust.mountPath}/ca.crt, but nothing mounts it into Ambassador's pod. `
          + 'Fix: set ambassadorDeployment (or call wire()), write addHelmValues() or addKustomizeComponent() for the Ambassador you install, '
          + 'or choose UpstreamTrust.caSecret(secret)',
        ]),
      });
    }
    if (!this.sniPerUpstream) this.tlsContextFor(undefined);
    if (props.ambassadorDeployment) this.wire(props.ambassadorDeployment, props.ambassadorContainer);
  }

  /** How the upstreams are verified: `upstreamTrust` as given, or its default. */
  public get upstreamTrust(): UpstreamTrust {
    return this.trust;
  }

  /** The TLSContexts made so far (one per upstream host with `sniPerUpstream`). */
  public get tlsContexts(): TlsContext[] {
    return [...this.contexts.values()];
  }

  /**
   * The TLSContext for Mappings to `host` (created the first time): it presents the client
   * certificate, verifies the upstream as `upstreamTrust` says and, with `sniPerUpstream`, sends
   * `host` as SNI. Without `sniPerUpstream` every host shares one TLSContext.
   */
  public tlsContextFor(host: string | undefined): TlsContext {
    const key = this.sniPerUpstream ? host : '';
    if (key === undefined || (this.sniPerUpstream && (!isDnsSubdomain(key) || /^[\d.]+$/.test(key)))) {
      throw propError(this, 'host', host, 'is not a DNS name to send as SNI', 'give the upstream\'s host name, for example "web.apps"');
    }
    const existing = this.contexts.get(key);
    if (existing) return existing;
    const props = this.props;
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const trust = this.trust;
    const context = new TlsContext(this, key === '' ? 'TlsContext' : `TlsContext-${key}`, {
      name: key === '' ? this.contextBase : this.contextName(key),
      namespace: props.namespace,
      secret: this.secretName,
      secretNamespace: this.ambassadorNamespace !== namespace ? this.ambassadorNamespace : undefined,
      caChainFile: trust.kind === 'issuer-ca' ? `${trust.mountPath}/ca.crt` : undefined,
      caSecret: trust.kind === 'ca-secret' ? trust.secret : undefined,
      caSecretNamespace: trust.kind === 'ca-secret' ? trust.secretNamespace : undefined,
      sni: key === '' ? undefined : key,
      ambassadorId: props.ambassadorId,
      apiVersion: props.apiVersion,
      // Without a port Ambassador dials 443 when it originates TLS: say which.
      requiresUpstreamPort: true,
    });
    this.contexts.set(key, context);
    return context;
  }

  /**
   * Adds a Mapping that presents Ambassador's client certificate to the upstream: written
   * `https://` with its port (which must be given), through the TLSContext of its host.
   */
  public addMapping(id: string, props: CertManagerMappingProps): Mapping {
    const given = checkOptions(this, 'addMapping props', props, [...Object.keys(props ?? {})]);
    if ('tls' in given) {
      throw propError(this, 'addMapping tls', (given as MappingProps).tls, 'is set, but addMapping presents the cert-manager certificate', 'leave tls out, or create a Mapping yourself with tlsContextFor(host)');
    }
    const upstream = this.upstreamOf(id, given);
    return new Mapping(this, id, { namespace: this.props.namespace, apiVersion: this.props.apiVersion, ...given, tls: this.tlsContextFor(upstream.host.replace(/\.$/, '')) });
  }

  /**
   * Issues an upstream its server certificate from the same issuer (usages `server auth`), in
   * the service's namespace, naming the service by every form a client may use. The upstream
   * serves the Secret's `tls.crt` and `tls.key` (and may verify Ambassador with its `ca.crt`).
   */
  public addServerCertificate(id: string, options: ServerCertificateOptions): certmanager.Certificate {
    const given = checkOptions(this, 'addServerCertificate options', options, ['service', 'certificateName']);
    const where = { node: { path: `${this.node.path}/${id}` } };
    const { name, namespace } = this.serviceNameOf(where, given.service);
    this.checkIssuerNamespace(namespace, `the server Certificate of ${name}.${namespace}`);
    const certificateName = checkObjectName(where, 'certificateName', given.certificateName ?? `${name}-tls`);
    const dnsNames = [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${this.clusterDomain}`];
    return this.newCertificate(id, certificateName, namespace, { dnsNames }, certmanager.CertificateSpecUsages.SERVER_AUTH);
  }

  /** A Service's name and namespace: from the Service of this app, or from `name.namespace[.svc[.<domain>]]`. */
  private serviceNameOf(where: { node: { path: string } }, service: unknown): { name: string; namespace: string } {
    const fix = 'give the Service of this app (with a namespace), or write its name and namespace, for example "web.apps"';
    if (isConstruct(service)) {
      const apiObject = apiObjectOf(service);
      const namespace = apiObject?.metadata.namespace ?? Chart.of(service).namespace;
      if (apiObject?.kind !== 'Service' || namespace === undefined) throw propError(where, 'service', service.node.path, 'is not a Service of this app with a namespace', fix);
      return { name: apiObject.name, namespace };
    }
    const [name, namespace, ...rest] = typeof service === 'string' ? service.replace(/\.$/, '').split('.') : [];
    const suffix = rest.join('.');
    if (!isServiceName(name) || !isDnsLabel(namespace) || !['', 'svc', `svc.${this.clusterDomain}`].includes(suffix)) {
      throw propError(where, 'service', service, 'is not a Service named name.namespace', fix);
    }
    return { name, namespace };
  }

  private newCertificate(id: string, name: string, namespace: string, identity: CertificateIdentity,
    usage: certmanager.CertificateSpecUsages): certmanager.Certificate {
    return new certmanager.Certificate(this, id, {
      metadata: { name, namespace },
      spec: {
        secretName: name,
        issuerRef: this.issuer.issuerRef,
        commonName: identity.commonName,
        dnsNames: identity.dnsNames && [...identity.dnsNames],
        uris: identity.uris && [...identity.uris],
        // Stated: cert-manager's default usages differ between its docs and its API (and lack client auth).
        usages: [...this.privateKey.keyUsages, usage],
        privateKey: this.privateKey.spec,
        duration: this.lifetime.duration,
        renewBefore: this.lifetime.renewBefore,
      },
    });
  }

  private checkLifetime(duration: Duration | undefined, renewBefore: Duration | undefined): { duration: string; renewBefore: string } {
    const life = goDuration(this, 'duration', duration ?? Duration.days(90));
    const renew = goDuration(this, 'renewBefore', renewBefore ?? Duration.days(30));
    if (life.ms < MIN_CERTIFICATE_DURATION_MS) {
      throw propError(this, 'duration', life.text, 'is shorter than an hour, which cert-manager refuses', 'give at least Duration.hours(1)');
    }
    if (renew.ms < MIN_RENEW_BEFORE_MS) {
      throw propError(this, 'renewBefore', renew.text, 'is shorter than 5 minutes, which cert-manager refuses', 'give at least Duration.minutes(5)');
    }
    if (renew.ms >= life.ms) {
      throw propError(this, 'renewBefore', renew.text, `is not below duration ${life.text}: the certificate would be renewed as soon as it is issued`,
        'renew before a fraction of the lifetime, for example a third');
    }
    return { duration: life.text, renewBefore: renew.text };
  }

  /**
   * `UpstreamTrust.issuerCa()` trusts the `ca.crt` cert-manager writes beside the client
   * certificate, which only some issuers fill with a CA: a SelfSigned issuer writes the
   * certificate itself there (so Ambassador would trust its own certificate and no upstream),
   * an ACME issuer writes none.
   */
  private checkIssuerFillsCa(): void {
    if (this.trust.kind !== 'issuer-ca') return;
    const issuer = `${this.issuer.kind}/${this.issuer.name}`;
    if (this.issuer.type === 'selfSigned') {
      throw propError(this, 'upstreamTrust', 'UpstreamTrust.issuerCa()', `trusts the ca.crt of ${issuer}, a SelfSigned issuer, which writes each certificate as its own CA: `
        + 'Ambassador would trust only its own client certificate and every upstream would fail verification',
      'sign with a CA issuer whose CA a SelfSigned issuer made (cert-manager\'s bootstrap pattern: a SelfSigned Certificate with isCA: true, then an Issuer with spec.ca), '
        + 'or trust the upstream\'s own certificate with UpstreamTrust.caSecret(its Secret)');
    }
    if (this.issuer.type === 'acme') {
      throw propError(this, 'upstreamTrust', 'UpstreamTrust.issuerCa()', `trusts the ca.crt of ${issuer}, an ACME issuer, which writes none (an ACME server returns no CA)`,
        'give the CA that signs the upstreams\' certificates with UpstreamTrust.caSecret(secret), or use a CA or Vault issuer');
    }
  }

  /** A namespaced Issuer signs only in its own namespace. */
  private checkIssuerNamespace(namespace: string, what: string): void {
    if (this.issuer.kind !== 'Issuer') return;
    const issuerNamespace = this.issuer.namespace ?? this.ambassadorNamespace ?? namespace;
    if (issuerNamespace !== namespace) {
      throw propError(this, 'issuer', `Issuer/${this.issuer.name}${this.issuer.namespace ? ` in ${this.issuer.namespace}` : ''}`,
        `is namespaced, so it cannot sign ${what} in namespace "${namespace}"`,
        'use a ClusterIssuer (CertManagerIssuer.clusterIssuer(name)), which signs in every namespace');
    }
  }

  /** The name of a host's TLSContext: the prefix and the host, hashed when too long. */
  private contextName(host: string): string {
    const plain = `${this.contextBase}-${host}`;
    const taken = [...this.contexts.values()].some((c) => c.name === plain);
    if (plain.length <= 253 && !taken) return plain;
    const hash = createHash('sha256').update(host).digest('hex').slice(0, 10);
    return `${this.contextBase.slice(0, 253 - 11)}-${hash}`;
  }

  private upstreamOf(id: string, props: CertManagerMappingProps): UpstreamService {
    const where = { node: { path: `${this.node.path}/${id}` } };
    const upstream = isConstruct(props.service)
      ? upstreamOfService(where as any, props.service as IKubeObject, props.servicePort, props.serviceScheme)
      : parseUpstream(where, props.service);
    if (upstream.scheme === 'http' || props.serviceScheme === 'http') {
      throw propError(where, 'service', props.service, 'is http://, but the client certificate is presented over TLS', 'write the service with https:// or without a scheme');
    }
    if (upstream.host.startsWith('[') || /^[\d.]+$/.test(upstream.host)) {
      throw propError(where, 'service', props.service, 'is an IP address, which cannot be sent as SNI', 'name the upstream by its DNS name, or set sniPerUpstream: false');
    }
    return upstream;
  }

}
