import { Construct, IConstruct } from 'constructs';
import { registerAmbassadorChecks } from './ambassador-checks';
import { normaliseAmbassadorId } from './ambassador-id';
import { AmbassadorResource } from './ambassador-resource';
import { AmbassadorApiVersion } from './api-version';
import { MappingUse } from './upstream-service';
import * as v2 from '../../imports/getambassador.io-v2';
import * as v3alpha1 from '../../imports/getambassador.io-v3alpha1';
import { propKeys, checkConstructArgs } from '../core/construct-args';
import { propError } from '../core/errors';
import { IKubeObject, isConstruct, namespaceOf } from '../core/kube-object';
import { checkAbsolutePath, checkBoolean, checkList, checkNamespace, checkObjectName, isDnsSubdomain } from '../core/validators';

/** A TLS protocol version, as Ambassador spells it. */
export type TlsVersion = 'v1.0' | 'v1.1' | 'v1.2' | 'v1.3';

const TLS_VERSIONS: readonly TlsVersion[] = ['v1.0', 'v1.1', 'v1.2', 'v1.3'];

/**
 * A TLSContext a Mapping can use for `tls`: one defined in this app (`TlsContext`) or one
 * that exists in the cluster already (`TlsContext.fromName()`).
 */
export interface ITlsContext extends IConstruct {
  /** The TLSContext's name, which a Mapping's `tls` field holds. */
  readonly name: string;
  /** The `ambassador_id`s of the TLSContext, or `undefined` for Ambassador's default. */
  readonly ambassadorIds?: readonly string[];
  /**
   * True when a Mapping using this context must name the upstream port: without one,
   * Ambassador dials 443 when it originates TLS, which mesh services seldom expose.
   */
  readonly requiresUpstreamPort?: boolean;
  /**
   * True when the certificate is a Consul Connect one: a Mapping using it must find its
   * upstream through an endpoint resolver (a ConsulResolver), or name a port.
   */
  readonly requiresEndpointResolver?: boolean;
  /** `hosts`, when the context also terminates TLS for them (Mappings refuse such a context). */
  readonly hosts?: readonly string[];
}

/** Options for referencing a TLSContext that this app does not define. */
export interface TlsContextReferenceOptions {
  /**
   * The `ambassador_id`s the existing TLSContext carries.
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * A name one or two edits from a TlsContext this app defines is taken for a typo of it, and
   * fails the synth naming both; set this when a different context of that name really exists.
   * @default false
   */
  readonly allowSimilarName?: boolean;
}

/** Props for `TlsContext`. Give exactly one certificate source: `secret`, or the `*File` props. */
export interface TlsContextProps {
  /**
   * `metadata.name`, which Mappings reference.
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * `metadata.namespace`.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The Kubernetes TLS Secret holding the certificate chain and key (`tls.crt`, `tls.key`): its
   * name, or the Secret itself (a cdk8s-plus Secret or `Secret.fromSecretName()` reference of any
   * version, or an `ApiObject` of kind Secret).
   * @default - none: use the file props instead
   */
  readonly secret?: string | IKubeObject;
  /**
   * The namespace of `secret`, when it differs from the TLSContext's; emitted as `name.namespace`.
   * @default - the namespace of `secret` when it is a `Secret` of this app, else the TLSContext's own
   */
  readonly secretNamespace?: string;
  /**
   * Absolute path, inside the Ambassador container, of the PEM certificate chain.
   * @default - none: use `secret` instead
   */
  readonly certChainFile?: string;
  /**
   * Absolute path, inside the Ambassador container, of the PEM private key. Needs `certChainFile`.
   * @default - none: use `secret` instead
   */
  readonly privateKeyFile?: string;
  /**
   * Absolute path, inside the Ambassador container, of the PEM CA chain that verifies the
   * upstream's certificate; goes with `secret` or with the file props.
   * @default - the upstream's certificate is not verified against a CA
   */
  readonly caChainFile?: string;
  /**
   * `ca_secret`: a Secret whose `tls.crt` holds the PEM CA that verifies the upstream's
   * certificate (its name, or the Secret). Emissary reads the CA from `tls.crt` only, never from
   * `ca.crt` (irtlscontext.py `resolve`, fetch/secret.py), and it must be another Secret than
   * `secret`: naming the client Secret would trust that leaf certificate alone.
   * @default - the upstream's certificate is not verified against a CA
   */
  readonly caSecret?: string | IKubeObject;
  /**
   * Verify the upstream against the client Secret's own `tls.crt` chain: `ca_secret` names
   * `secret`, so every certificate of that chain becomes a trust anchor. Only for a Secret whose
   * `tls.crt` holds the leaf followed by the CA that signs the upstreams, as the Consul connector
   * writes it (leaf, then the active Consul root); with an ordinary TLS Secret it would trust the
   * leaf alone. Needs `secret`; excludes `caSecret` and `caChainFile`.
   * @default false
   */
  readonly trustClientChain?: boolean;
  /**
   * The namespace of `caSecret`, when it differs from the TLSContext's.
   * @default - the namespace of `caSecret` when it is a `Secret` of this app, else the TLSContext's own
   */
  readonly caSecretNamespace?: string;
  /**
   * `sni`: the server name sent upstream in the TLS handshake. Envoy sends none without it;
   * Emissary has no per-Mapping SNI, so upstreams needing different names need one context each.
   * @default - no SNI
   */
  readonly sni?: string;
  /**
   * `hosts`: the SNI host names this context terminates. Upstream (mesh) contexts use none.
   * @default - the field is omitted
   */
  readonly hosts?: string[];
  /**
   * `alpn_protocols`: the one protocol to offer upstream, for example `['istio']` for the Istio
   * mesh (Emissary writes the field to Envoy as a single protocol id).
   * @default - the field is omitted
   */
  readonly alpnProtocols?: string[];
  /**
   * `min_tls_version`.
   * @default - Envoy's default (TLS 1.2 for upstream connections)
   */
  readonly minTlsVersion?: TlsVersion;
  /**
   * `max_tls_version`.
   * @default - Envoy's default
   */
  readonly maxTlsVersion?: TlsVersion;
  /**
   * `ambassador_id`: which Ambassador installations read this TLSContext.
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
  /**
   * Reject Mappings that use this context without naming the upstream port (as a mesh needs).
   * @default false
   */
  readonly requiresUpstreamPort?: boolean;
  /**
   * Reject Mappings that use this context with neither an endpoint resolver (ConsulResolver) nor
   * a port, unless they set `viaKubernetesService` (as a Consul Connect certificate needs).
   * @default false
   */
  readonly requiresEndpointResolver?: boolean;
}

/**
 * A `TLSContext`: the client certificate (and CA) Ambassador presents when it originates
 * TLS to an upstream, as for mutual TLS to a service mesh. Pass it to a `Mapping`'s `tls`.
 *
 * It is itself the cdk8s `ApiObject`: `addJsonPatch()` takes paths of the emitted manifest.
 */
export class TlsContext extends AmbassadorResource implements ITlsContext {
  /**
   * References a TLSContext that exists in the cluster but not in this app (installed by Helm, say).
   */
  public static fromName(scope: Construct, id: string, name: string, options: TlsContextReferenceOptions = {}): ITlsContext {
    return new ImportedTlsContext(scope, id, name, options);
  }

  public readonly ambassadorIds?: readonly string[];
  public readonly requiresUpstreamPort: boolean;
  public readonly hosts?: readonly string[];
  /**
   * Called for each Mapping that uses this context, with the upstream it writes, so what
   * depends on its Mappings keeps in step (Consul intentions, Istio authorization policies).
   * @internal
   */
  public readonly _mappingListeners: Array<(mapping: MappingUse) => void> = [];
  public readonly requiresEndpointResolver: boolean;

  constructor(scope: Construct, id: string, props: TlsContextProps) {
    super(scope, id, { kind: 'TLSContext', props, knownProps: TLS_CONTEXT_PROPS, name: props?.name, namespace: props?.namespace, apiVersion: props?.apiVersion });
    props = props ?? ({} as TlsContextProps); // untyped callers may pass none: each required prop then says so
    const apiVersion = this.ambassadorApiVersion;
    this.ambassadorIds = normaliseAmbassadorId(this, props.ambassadorId);
    this.requiresUpstreamPort = props.requiresUpstreamPort === undefined ? false : checkBoolean(this, 'requiresUpstreamPort', props.requiresUpstreamPort);
    this.requiresEndpointResolver = props.requiresEndpointResolver === undefined ? false : checkBoolean(this, 'requiresEndpointResolver', props.requiresEndpointResolver);
    this.hosts = props.hosts === undefined ? undefined : this.checkHosts(props.hosts);

    const typedSpec: v3alpha1.TlsContextSpec = {
      ...this.certificateSpec(props),
      hosts: this.hosts && [...this.hosts],
      alpnProtocols: props.alpnProtocols === undefined ? undefined : this.checkAlpn(props.alpnProtocols),
      sni: props.sni === undefined ? undefined : this.checkSni(props.sni),
      ...this.tlsVersionSpec(props.minTlsVersion, props.maxTlsVersion),
      ambassadorId: this.ambassadorIds && [...this.ambassadorIds],
    };
    // The imported converters give the manifest's field names (alpn_protocols, ...).
    this.setSpec(apiVersion.isV2 ? v2.toJson_TlsContextSpec(typedSpec) : v3alpha1.toJson_TlsContextSpec(typedSpec));
  }

  /**
   * The client certificate (a Secret, or chain and key files) and the CA that verifies the
   * upstream. Emissary takes `secret` with `cacert_chain_file` (irtlscontext.py fills the chain
   * and key from the secret and keeps a CA file it was given when the secret has none), but not
   * `secret` with `cert_chain_file`.
   */
  private certificateSpec(props: TlsContextProps): Partial<v3alpha1.TlsContextSpec> {
    return { ...this.clientCertificateSpec(props), ...this.caSecretSpec(props) };
  }

  private clientCertificateSpec(props: TlsContextProps): Partial<v3alpha1.TlsContextSpec> {
    const files = { certChainFile: props.certChainFile, privateKeyFile: props.privateKeyFile, caChainFile: props.caChainFile };
    const secretName = props.secret === undefined ? undefined : this.secretNameOf(props.secret);
    const keyFiles = Object.entries(files).filter(([k, v]) => v !== undefined && k !== 'caChainFile').map(([k]) => k);
    if (secretName !== undefined && keyFiles.length > 0) {
      throw propError(this, 'secret', secretName, `is given together with ${keyFiles.join(', ')}`,
        'give exactly one certificate source: either `secret` or certChainFile with privateKeyFile (caChainFile goes with either)');
    }
    if (secretName === undefined && props.certChainFile === undefined && props.privateKeyFile === undefined) {
      throw propError(this, 'secret', undefined, `and certChainFile/privateKeyFile are all missing${props.caChainFile ? ' (caChainFile only verifies the upstream: it is no client certificate)' : ''}`,
        'give exactly one certificate source: `secret` (a TLS Secret) or `certChainFile` with `privateKeyFile`');
    }
    for (const [prop, file] of Object.entries(files)) {
      if (file !== undefined) checkAbsolutePath(this, prop, file, 'file', '/etc/istiocerts/key.pem (the PEM file inside the Ambassador container)');
    }
    if (secretName !== undefined) {
      checkObjectName(this, 'secret', secretName);
      if (secretName.includes('.')) {
        throw propError(this, 'secret', secretName, 'has a dot, which Ambassador reads as name.namespace',
          'use a Secret name without dots, and `secretNamespace` for its namespace');
      }
      const namespace = this.secretNamespaceOf('secret', props.secret!, props.secretNamespace);
      return { secret: namespace ? `${secretName}.${namespace}` : secretName, cacertChainFile: props.caChainFile };
    }
    if (props.secretNamespace !== undefined) {
      throw propError(this, 'secretNamespace', props.secretNamespace, 'is set without `secret`', 'remove it, or give `secret`');
    }
    if (props.privateKeyFile !== undefined && props.certChainFile === undefined) {
      throw propError(this, 'privateKeyFile', props.privateKeyFile, 'is given without certChainFile',
        'add `certChainFile`: the certificate chain that matches this private key');
    }
    if (props.certChainFile !== undefined && props.privateKeyFile === undefined) {
      throw propError(this, 'certChainFile', props.certChainFile, 'is given without privateKeyFile',
        'add `privateKeyFile`: the private key of this certificate chain');
    }
    return { certChainFile: props.certChainFile, privateKeyFile: props.privateKeyFile, cacertChainFile: props.caChainFile };
  }

  /**
   * `ca_secret`, checked: one CA source only, and never the client Secret itself (Emissary would
   * take that Secret's leaf `tls.crt` as the trust anchor, without a word).
   */
  private caSecretSpec(props: TlsContextProps): Partial<v3alpha1.TlsContextSpec> {
    if (props.trustClientChain !== undefined && checkBoolean(this, 'trustClientChain', props.trustClientChain)) {
      const other = props.caSecret !== undefined ? 'caSecret' : props.caChainFile !== undefined ? 'caChainFile' : undefined;
      if (props.secret === undefined || other !== undefined) {
        throw propError(this, 'trustClientChain', true, other ? `is given together with ${other}` : 'is set without `secret`',
          other ? `give one CA source: trustClientChain (the client Secret's chain) or ${other}` : 'give the Secret whose tls.crt holds the leaf and the CA, or remove trustClientChain');
      }
      // irtlscontext.py: a ca_secret's tls.crt becomes cacert_chain_file, here the client chain itself.
      const namespace = this.secretNamespaceOf('secret', props.secret, props.secretNamespace);
      const name = this.secretNameOf(props.secret);
      return { caSecret: namespace ? `${name}.${namespace}` : name };
    }
    if (props.caSecret === undefined) {
      if (props.caSecretNamespace !== undefined) {
        throw propError(this, 'caSecretNamespace', props.caSecretNamespace, 'is set without `caSecret`', 'remove it, or give `caSecret`');
      }
      return {};
    }
    const name = this.secretNameOf(props.caSecret, 'caSecret');
    checkObjectName(this, 'caSecret', name);
    if (name.includes('.')) {
      throw propError(this, 'caSecret', name, 'has a dot, which Ambassador reads as name.namespace', 'use a Secret name without dots, and `caSecretNamespace` for its namespace');
    }
    if (props.caChainFile !== undefined) {
      throw propError(this, 'caSecret', name, `is given together with caChainFile "${props.caChainFile}"`, 'give one CA source: caSecret or caChainFile');
    }
    const namespace = this.secretNamespaceOf('caSecret', props.caSecret, props.caSecretNamespace);
    const clientName = props.secret === undefined ? undefined : this.secretNameOf(props.secret);
    const clientNamespace = props.secret === undefined ? undefined : this.secretNamespaceOf('secret', props.secret, props.secretNamespace);
    if (clientName === name && clientNamespace === namespace) {
      throw propError(this, 'caSecret', name, 'is the client certificate\'s own Secret: Emissary would trust its leaf tls.crt, not the CA that signed the upstream',
        'give a Secret holding the CA certificate under tls.crt, or mount the CA and use caChainFile');
    }
    return { caSecret: namespace ? `${name}.${namespace}` : name };
  }

  private secretNamespaceOf(prop: 'secret' | 'caSecret', secret: string | IKubeObject, given: string | undefined): string | undefined {
    const namespaceProp = `${prop}Namespace`;
    const fromObject = typeof secret === 'string' ? undefined : namespaceOf(secret);
    const namespace = given ?? fromObject;
    if (namespace !== undefined) checkNamespace(this, namespaceProp, namespace);
    if (given !== undefined && fromObject !== undefined && fromObject !== given) {
      throw propError(this, namespaceProp, given, `differs from the namespace of ${prop} ${(secret as IKubeObject).node.path} ("${fromObject}")`,
        `leave ${namespaceProp} unset: it is taken from the Secret`);
    }
    return namespace;
  }

  private secretNameOf(secret: string | IKubeObject, prop: 'secret' | 'caSecret' = 'secret'): string {
    if (typeof secret === 'string') return secret;
    if (isConstruct(secret) && typeof secret.name === 'string') return secret.name;
    throw propError(this, prop, secret, 'is neither a Secret name nor a Secret',
      `give the name of a ${prop === 'secret' ? 'kubernetes.io/tls ' : ''}Secret, or the Secret object (for example kplus.Secret.fromSecretName(this, id, name))`);
  }

  /** A DNS name: SNI carries no IP address, no wildcard and no port (RFC 6066, section 3). */
  private checkSni(sni: unknown): string {
    if (typeof sni !== 'string' || !isDnsSubdomain(sni.replace(/\.$/, '')) || /^[\d.]+$/.test(sni)) {
      throw propError(this, 'sni', sni, 'is not a DNS name (SNI carries no IP address, wildcard or port)', 'give the upstream\'s host name, for example "web.apps.svc.cluster.local"');
    }
    return sni;
  }

  private checkHosts(hosts: unknown): string[] {
    const list = checkList(this, 'hosts', hosts, 'give DNS names, for example ["example.com"], or leave hosts unset');
    const glob = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*)$/;
    for (const host of list) {
      if (typeof host !== 'string' || host.length > 253 || !glob.test(host)) {
        throw propError(this, 'hosts', host, 'is not a host name', 'give lowercase DNS names such as "example.com" or "*.example.com"');
      }
    }
    return list as string[];
  }

  /**
   * One protocol: Emissary passes `alpn_protocols` to Envoy as a single protocol id
   * (envoy/v3/v3tls.py `update_alpn`), so "h2,http/1.1" would be offered as one unknown id.
   */
  private checkAlpn(protocols: unknown): string {
    const list = checkList(this, 'alpnProtocols', protocols, 'list one protocol id, for example ["istio"]');
    if (list.length !== 1 || typeof list[0] !== 'string' || !/^[!-+\--~]{1,255}$/.test(list[0])) {
      throw propError(this, 'alpnProtocols', protocols, list.length > 1 ? 'lists several protocols, but Emissary offers alpn_protocols upstream as one protocol id'
        : 'holds an empty protocol, a comma or a space',
      'list exactly one protocol id, for example ["istio"] (Istio\'s sidecars need it) or ["h2"]');
    }
    return list[0];
  }

  private tlsVersionSpec(min?: TlsVersion, max?: TlsVersion): Partial<v3alpha1.TlsContextSpec> {
    for (const [prop, version] of [['minTlsVersion', min], ['maxTlsVersion', max]] as const) {
      if (version !== undefined && !TLS_VERSIONS.includes(version)) {
        throw propError(this, prop, version, 'is not a TLS version Ambassador knows', `use one of ${TLS_VERSIONS.join(', ')}`);
      }
    }
    if (min && max && TLS_VERSIONS.indexOf(min) > TLS_VERSIONS.indexOf(max)) {
      throw propError(this, 'minTlsVersion', min, `is above maxTlsVersion "${max}"`, 'lower minTlsVersion or raise maxTlsVersion');
    }
    // Envoy's upstream connections default to TLS 1.2 at the least (tls_minimum_protocol_version
    // of its TlsParameters): a lower maximum leaves no version to speak unless the minimum says so.
    if (max !== undefined && min === undefined && TLS_VERSIONS.indexOf(max) < TLS_VERSIONS.indexOf('v1.2')) {
      throw propError(this, 'maxTlsVersion', max, 'is below v1.2, Envoy\'s default minimum for upstream connections, so no version would be left',
        `set minTlsVersion too (for example "v1.0") if the upstream really speaks only ${max}, or raise maxTlsVersion`);
    }
    return {
      minTlsVersion: min as v3alpha1.TlsContextSpecMinTlsVersion | undefined,
      maxTlsVersion: max as v3alpha1.TlsContextSpecMaxTlsVersion | undefined,
    };
  }
}

class ImportedTlsContext extends Construct implements ITlsContext {
  public readonly ambassadorIds?: readonly string[];
  public readonly name: string;

  constructor(scope: Construct, id: string, name: string, options: TlsContextReferenceOptions | undefined) {
    const { where, props } = checkConstructArgs('TlsContext.fromName()', scope, id, options, ['ambassadorId', 'allowSimilarName']);
    checkObjectName(where, 'name', name);
    const ambassadorIds = normaliseAmbassadorId(where, props.ambassadorId);
    const allowSimilarName = props.allowSimilarName === undefined ? false : checkBoolean(where, 'allowSimilarName', props.allowSimilarName);
    super(scope, id);
    this.name = name;
    this.ambassadorIds = ambassadorIds;
    // At synth, a name close to one of the app's own TlsContexts is reported as a likely typo.
    if (!allowSimilarName) registerAmbassadorChecks(this);
  }
}

const TLS_CONTEXT_PROPS = propKeys<TlsContextProps>()('name', 'namespace', 'secret', 'secretNamespace', 'certChainFile', 'privateKeyFile', 'caChainFile',
  'caSecret', 'caSecretNamespace', 'trustClientChain', 'sni', 'hosts',
  'alpnProtocols', 'minTlsVersion', 'maxTlsVersion', 'ambassadorId', 'apiVersion', 'requiresUpstreamPort', 'requiresEndpointResolver');
