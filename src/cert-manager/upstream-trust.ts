import { at } from '../core/errors';
import { IKubeObject, isConstruct } from '../core/kube-object';
import { checkAbsolutePath, checkNamespace, checkObjectName } from '../core/validators';

/** How Ambassador verifies the upstream's server certificate. */
export type UpstreamTrustKind = 'issuer-ca' | 'ca-secret' | 'none';

/**
 * Which CA Ambassador trusts for the upstreams' server certificates. Emissary reads a CA from a
 * file (`cacert_chain_file`) or from the `tls.crt` of a `ca_secret`, never from the `ca.crt` key
 * cert-manager writes into the client Secret (irtlscontext.py `resolve`; fetch/secret.py lists the
 * keys it knows), so the issuer's CA is mounted into the pod as a file. Envoy then checks the
 * chain up to that CA, not the upstream's host name (Emissary configures no SAN matching): any
 * certificate of the CA is accepted.
 */
export class UpstreamTrust {
  /**
   * The CA of the issuer (`ca.crt` of the client certificate's Secret, which the CA and Vault
   * issuers fill with the CA that signed it), mounted read-only (and optional, so Ambassador
   * starts before it exists) into the Ambassador pod through the pattern's pod wiring and read as
   * `cacert_chain_file`. Right when the upstreams' certificates come from the same issuer
   * (`addServerCertificate`). Refused for a SelfSigned issuer (its `ca.crt` is the client
   * certificate itself) and an ACME issuer (which writes none), when the issuer's type is known.
   * @param mountPath - the directory the CA is mounted at (default "/etc/cert-manager-ca")
   */
  public static issuerCa(mountPath: string = '/etc/cert-manager-ca'): UpstreamTrust {
    const dir = checkAbsolutePath(at('UpstreamTrust.issuerCa()'), 'mountPath', mountPath, 'directory', '/etc/cert-manager-ca');
    return new UpstreamTrust('issuer-ca', dir.replace(/\/+$/, ''));
  }

  /**
   * A Secret holding the CA certificate under `tls.crt` (an Opaque Secret is fine: Emissary needs
   * no key for a CA), as `ca_secret`: for upstreams signed by another CA than the client's.
   * @param secret - the Secret's name, or the Secret
   * @param namespace - its namespace (default: the Secret's own, else the TLSContext's)
   */
  public static caSecret(secret: string | IKubeObject, namespace?: string): UpstreamTrust {
    const where = at('UpstreamTrust.caSecret()');
    if (typeof secret === 'string') checkObjectName(where, 'secret', secret);
    else if (!isConstruct(secret)) checkObjectName(where, 'secret', secret);
    if (namespace !== undefined) checkNamespace(where, 'namespace', namespace);
    return new UpstreamTrust('ca-secret', undefined, secret, namespace);
  }

  /**
   * No verification: Ambassador presents its certificate but accepts any upstream certificate,
   * so anyone able to answer for the upstream's address reads the traffic. Only for a trial.
   */
  public static none(): UpstreamTrust {
    return new UpstreamTrust('none');
  }

  private constructor(
    /** Which kind of trust. */
    public readonly kind: UpstreamTrustKind,
    /** For `issuerCa`, the directory the CA is mounted at. */
    public readonly mountPath?: string,
    /** For `caSecret`, the Secret. */
    public readonly secret?: string | IKubeObject,
    /** For `caSecret`, the Secret's namespace when given. */
    public readonly secretNamespace?: string,
  ) {}
}
