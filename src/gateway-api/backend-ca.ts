import { at } from '../core/errors';
import { checkObjectName } from '../core/validators';

/** Where a BackendTLSPolicy finds the CA that verifies an upstream: its `caCertificateRefs`. */
export type BackendCaKind = 'config-map' | 'secret' | 'server-certificate';

/**
 * The CA a BackendTLSPolicy verifies an upstream's certificate with (`validation.caCertificateRefs`).
 * The reference is local: the object lives in the upstream Service's namespace, under the key
 * `ca.crt`. A ConfigMap is what every implementation supports (Core); a Secret is
 * implementation-specific: Envoy Gateway and NGINX Gateway Fabric read one, kgateway and
 * agentgateway reject it (docs/gateway-api.md).
 */
export class BackendCa {
  /**
   * The issuer's CA as cert-manager writes it into the upstream's own server certificate Secret
   * (`ca.crt` of `<service>-tls`, the Secret `CertManagerMtls.addServerCertificate()` creates by
   * default): the same CA Emissary mounts from the client Secret with `UpstreamTrust.issuerCa()`.
   * A Secret reference: implementation-specific support.
   */
  public static serverCertificateSecret(): BackendCa {
    return new BackendCa('server-certificate');
  }

  /**
   * A ConfigMap with the CA under `ca.crt`, of this name in each upstream's namespace (Core
   * support), for example written there by cert-manager's trust-manager from the issuer's CA.
   */
  public static configMap(name: string): BackendCa {
    return new BackendCa('config-map', checkObjectName(at('BackendCa.configMap()'), 'name', name));
  }

  /** A Secret with the CA under `ca.crt`, of this name in each upstream's namespace (implementation-specific support). */
  public static secret(name: string): BackendCa {
    return new BackendCa('secret', checkObjectName(at('BackendCa.secret()'), 'name', name));
  }

  private constructor(
    /** Which kind of reference. */
    public readonly kind: BackendCaKind,
    /** The ConfigMap's or Secret's name (`undefined` for `serverCertificateSecret()`). */
    public readonly name?: string,
  ) {}

  /** The `caCertificateRefs` entry for an upstream Service named `service`. */
  public refFor(service: string): { group: string; kind: 'ConfigMap' | 'Secret'; name: string } {
    if (this.kind === 'config-map') return { group: '', kind: 'ConfigMap', name: this.name! };
    return { group: '', kind: 'Secret', name: this.kind === 'secret' ? this.name! : `${service}-tls` };
  }
}
