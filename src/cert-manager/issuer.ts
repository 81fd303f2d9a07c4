import { propError, at } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';
import { checkObjectName, checkOptions } from '../core/validators';

/** The kinds of cert-manager issuer a Certificate can name. */
export type CertManagerIssuerKind = 'Issuer' | 'ClusterIssuer';

/**
 * How the issuer signs, as the key of its spec says (`spec.ca`, `spec.selfSigned`, ...); it
 * decides what cert-manager writes to `ca.crt` beside the certificate:
 * - `ca`, `vault`: the CA that signed it;
 * - `selfSigned`: the certificate itself (each certificate signs itself, so it is no CA of
 *   anything else: pkg/controller/certificaterequests/selfsigned in cert-manager sets the CA to the
 *   issued certificate);
 * - `acme`: nothing (an ACME server returns no CA; cert-manager/cert-manager#1571);
 * - `venafi`: what the platform returns.
 */
export type CertManagerIssuerType = 'ca' | 'selfSigned' | 'acme' | 'vault' | 'venafi';

const ISSUER_TYPES: readonly CertManagerIssuerType[] = ['ca', 'selfSigned', 'acme', 'vault', 'venafi'];

/** Options for `CertManagerIssuer.issuer()` and `clusterIssuer()`. */
export interface CertManagerIssuerOptions {
  /**
   * How the issuer signs (the key of its spec), so that what it writes to `ca.crt` is known:
   * `UpstreamTrust.issuerCa()` is refused for `selfSigned` and `acme`.
   * @default - unknown
   */
  readonly type?: CertManagerIssuerType;
}

/**
 * The cert-manager issuer that signs the certificates (`issuerRef`). A namespaced `Issuer` signs
 * only Certificates in its own namespace; a `ClusterIssuer` signs them in any.
 */
export class CertManagerIssuer {
  /** A namespaced `Issuer`, living in the namespace of the Certificates it signs. */
  public static issuer(name: string, options: CertManagerIssuerOptions = {}): CertManagerIssuer {
    const where = at('CertManagerIssuer.issuer()');
    return new CertManagerIssuer(checkObjectName(where, 'name', name), 'Issuer', undefined, issuerType(where, options));
  }

  /** A `ClusterIssuer`, which signs Certificates in every namespace. */
  public static clusterIssuer(name: string, options: CertManagerIssuerOptions = {}): CertManagerIssuer {
    const where = at('CertManagerIssuer.clusterIssuer()');
    return new CertManagerIssuer(checkObjectName(where, 'name', name), 'ClusterIssuer', undefined, issuerType(where, options));
  }

  /**
   * An `Issuer` or `ClusterIssuer` object of this app (an `ApiObject` of group cert-manager.io):
   * its kind, name, type (the key of its spec) and, for an `Issuer`, namespace are read from it.
   */
  public static fromObject(issuer: IKubeObject): CertManagerIssuer {
    const where = at('CertManagerIssuer.fromObject()');
    const apiObject = isConstruct(issuer) ? apiObjectOf(issuer) : undefined;
    if (!apiObject || !apiObject.apiVersion.startsWith('cert-manager.io/') || (apiObject.kind !== 'Issuer' && apiObject.kind !== 'ClusterIssuer')) {
      throw propError(where, 'issuer', isConstruct(issuer) ? issuer.node.path : issuer, 'is not a cert-manager.io Issuer or ClusterIssuer object of this app',
        'pass the ApiObject of kind Issuer or ClusterIssuer, or use CertManagerIssuer.issuer(name) / clusterIssuer(name)');
    }
    const namespace = apiObject.kind === 'Issuer' ? apiObject.metadata.namespace : undefined;
    const spec = apiObject.toJson()?.spec ?? {};
    return new CertManagerIssuer(apiObject.name, apiObject.kind, namespace, ISSUER_TYPES.find((t) => spec[t] !== undefined));
  }

  private constructor(
    /** The issuer's name. */
    public readonly name: string,
    /** `Issuer` or `ClusterIssuer`. */
    public readonly kind: CertManagerIssuerKind,
    /** For an `Issuer` object of this app, its namespace (`undefined` when unknown or cluster-scoped). */
    public readonly namespace?: string,
    /** How it signs, when known (given, or read from the object's spec). */
    public readonly type?: CertManagerIssuerType,
  ) {}

  /** The Certificate's `issuerRef`. */
  public get issuerRef(): { name: string; kind: CertManagerIssuerKind; group: string } {
    return { name: this.name, kind: this.kind, group: 'cert-manager.io' };
  }
}

/** The `type` option, checked. */
function issuerType(where: ReturnType<typeof at>, options: CertManagerIssuerOptions): CertManagerIssuerType | undefined {
  const { type } = checkOptions(where, 'options', options, ['type']);
  if (type !== undefined && !ISSUER_TYPES.includes(type)) {
    throw propError(where, 'type', type, 'is not a cert-manager issuer type', `use one of ${ISSUER_TYPES.map((t) => `"${t}"`).join(', ')} (the key of the issuer's spec)`);
  }
  return type;
}
