import { propError, at } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';
import { checkObjectName } from '../core/validators';

/** The kinds of cert-manager issuer a Certificate can name. */
export type CertManagerIssuerKind = 'Issuer' | 'ClusterIssuer';

/**
 * The cert-manager issuer that signs the certificates (`issuerRef`). A namespaced `Issuer` signs
 * only Certificates in its own namespace; a `ClusterIssuer` signs them in any.
 */
export class CertManagerIssuer {
  /** A namespaced `Issuer`, living in the namespace of the Certificates it signs. */
  public static issuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer(checkObjectName(at('CertManagerIssuer.issuer()'), 'name', name), 'Issuer');
  }

  /** A `ClusterIssuer`, which signs Certificates in every namespace. */
  public static clusterIssuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer(checkObjectName(at('CertManagerIssuer.clusterIssuer()'), 'name', name), 'ClusterIssuer');
  }

  /**
   * An `Issuer` or `ClusterIssuer` object of this app (an `ApiObject` of group cert-manager.io):
   * its kind, name and (for an `Issuer`) namespace are read from it.
   */
  public static fromObject(issuer: IKubeObject): CertManagerIssuer {
    const where = at('CertManagerIssuer.fromObject()');
    const apiObject = isConstruct(issuer) ? apiObjectOf(issuer) : undefined;
    if (!apiObject || !apiObject.apiVersion.startsWith('cert-manager.io/') || (apiObject.kind !== 'Issuer' && apiObject.kind !== 'ClusterIssuer')) {
      throw propError(where, 'issuer', isConstruct(issuer) ? issuer.node.path : issuer, 'is not a cert-manager.io Issuer or ClusterIssuer object of this app',
        'pass the ApiObject of kind Issuer or ClusterIssuer, or use CertManagerIssuer.issuer(name) / clusterIssuer(name)');
    }
    const namespace = apiObject.kind === 'Issuer' ? apiObject.metadata.namespace : undefined;
    return new CertManagerIssuer(apiObject.name, apiObject.kind, namespace);
  }

  private constructor(
    /** The issuer's name. */
    public readonly name: string,
    /** `Issuer` or `ClusterIssuer`. */
    public readonly kind: CertManagerIssuerKind,
    /** For an `Issuer` object of this app, its namespace (`undefined` when unknown or cluster-scoped). */
    public readonly namespace?: string,
  ) {}

  /** The Certificate's `issuerRef`. */
  public get issuerRef(): { name: string; kind: CertManagerIssuerKind; group: string } {
    return { name: this.name, kind: this.kind, group: 'cert-manager.io' };
  }
}
