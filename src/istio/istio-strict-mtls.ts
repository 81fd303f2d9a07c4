import { Construct } from 'constructs';
import * as istio from '../../imports/security.istio.io-v1beta1';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { checkNamespace } from '../core/names';

/** Props for `IstioStrictMtls`. */
export interface IstioStrictMtlsProps {
  /** The namespaces whose workloads accept mutual TLS only (at least one). */
  readonly namespaces: string[];
}

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
    super(scope, id);
    guardAgainstDuplicates(this);
    if (!Array.isArray(props.namespaces) || props.namespaces.length === 0) {
      throw propError(this, 'namespaces', props.namespaces, 'names no namespace', 'list the namespaces whose services must only accept mTLS, for example ["bookinfo"]');
    }
    const seen = new Set<string>();
    for (const namespace of props.namespaces) {
      checkNamespace(this, 'namespaces', namespace);
      if (seen.has(namespace)) {
        throw propError(this, 'namespaces', namespace, 'is listed twice', 'list each namespace once');
      }
      seen.add(namespace);
      new istio.PeerAuthentication(this, namespace, {
        metadata: { name: 'default', namespace },
        spec: { mtls: { mode: istio.PeerAuthenticationSpecMtlsMode.STRICT } },
      });
    }
    this.namespaces = [...seen];
  }
}
