import { Construct } from 'constructs';
import * as istio from '../../imports/security.istio.io-v1beta1';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { checkBoolean, checkList, checkNamespace } from '../core/validators';

/** Props for `IstioStrictMtls`. */
export interface IstioStrictMtlsProps {
  /** The namespaces whose workloads accept mutual TLS only (at least one). */
  readonly namespaces: string[];
  /**
   * Allow `istio-system`: a PeerAuthentication there (Istio's root namespace) applies to every
   * namespace of the mesh, not one.
   * @default false: `istio-system` is an error
   */
  readonly meshWide?: boolean;
  /**
   * Allow the namespace an `IstioMtls` of this app says Ambassador runs in. Ambassador's sidecar
   * captures none of its traffic (it only fetches certificates), so what Ambassador itself calls
   * in that namespace in plain text, such as Edge Stack's Redis, would be refused.
   * @default false: Ambassador's namespace is an error
   */
  readonly includesAmbassadorNamespace?: boolean;
}

const STRICT_PROPS = propKeys<IstioStrictMtlsProps>()('namespaces', 'meshWide', 'includesAmbassadorNamespace');

/** Istio's root namespace, whose PeerAuthentication is mesh-wide. */
const ISTIO_ROOT_NAMESPACE = 'istio-system';

/**
 * Strict mutual TLS in chosen namespaces: a `PeerAuthentication` named `default` with
 * `mtls.mode: STRICT` in each, so meshed services there refuse plain-text traffic (Ambassador
 * must then reach them through `IstioMtls`). Emitted as `security.istio.io/v1beta1`, which
 * every Istio release from 1.5 on serves.
 */
export class IstioStrictMtls extends Construct {
  /** The namespaces made strict. */
  public readonly namespaces: readonly string[];

  constructor(scope: Construct, id: string, props: IstioStrictMtlsProps) {
    checkConstructArgs('IstioStrictMtls', scope, id, props, STRICT_PROPS);
    super(scope, id);
    guardAgainstDuplicates(this);
    const meshWide = props.meshWide === undefined ? false : checkBoolean(this, 'meshWide', props.meshWide);
    const withAmbassador = props.includesAmbassadorNamespace === undefined ? false : checkBoolean(this, 'includesAmbassadorNamespace', props.includesAmbassadorNamespace);
    const namespaces = checkList(this, 'namespaces', props.namespaces, 'list the namespaces whose services must only accept mTLS, for example ["bookinfo"]');
    if (namespaces.length === 0) {
      throw propError(this, 'namespaces', props.namespaces, 'names no namespace', 'list the namespaces whose services must only accept mTLS, for example ["bookinfo"]');
    }
    const ambassadorNamespaces = this.node.root.node.findAll()
      .map((c) => (c as { ambassadorNamespace?: unknown }).ambassadorNamespace)
      .filter((ns): ns is string => typeof ns === 'string');
    const seen = new Set<string>();
    for (const namespace of namespaces) {
      checkNamespace(this, 'namespaces', namespace);
      if (seen.has(namespace as string)) {
        throw propError(this, 'namespaces', namespace, 'is listed twice', 'list each namespace once');
      }
      if (namespace === ISTIO_ROOT_NAMESPACE && !meshWide) {
        throw propError(this, 'namespaces', namespace, 'is Istio\'s root namespace, whose PeerAuthentication makes the whole mesh strict, not one namespace',
          'list the namespaces of the services instead, or set meshWide: true if the whole mesh is meant');
      }
      if (ambassadorNamespaces.includes(namespace as string) && !withAmbassador) {
        throw propError(this, 'namespaces', namespace, 'is where Ambassador runs: its sidecar captures none of its traffic, so what it calls there in plain text would be refused',
          'leave Ambassador\'s namespace out, or set includesAmbassadorNamespace: true if nothing Ambassador calls lives there');
      }
      seen.add(namespace as string);
    }
    for (const namespace of seen) {
      new istio.PeerAuthentication(this, namespace, {
        metadata: { name: 'default', namespace },
        spec: { mtls: { mode: istio.PeerAuthenticationSpecMtlsMode.STRICT } },
      });
    }
    this.namespaces = [...seen];
  }
}
