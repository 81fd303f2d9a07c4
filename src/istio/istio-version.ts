import { IstioCertificates } from './istio-certificates';
import { ErrorScope, propError } from '../core/errors';

/** An Istio release, 1.MINOR[.PATCH]. */
export interface IstioRelease {
  readonly minor: number;
  readonly patch?: number;
  readonly text: string;
}

/** Parses `istioVersion` ("1.24", "1.9.4", a leading "v" allowed); throws naming `where`. */
export function parseIstioVersion(where: ErrorScope, value: unknown): IstioRelease {
  const match = typeof value === 'string' ? /^v?1\.(0|[1-9]\d{0,2})(?:\.(0|[1-9]\d{0,3}))?$/.exec(value) : null;
  if (!match) {
    throw propError(where, 'istioVersion', value, 'is not an Istio release', 'write it as a string, 1.MINOR or 1.MINOR.PATCH, for example "1.24" or "1.9.4"');
  }
  return { minor: Number(match[1]), patch: match[2] === undefined ? undefined : Number(match[2]), text: value as string };
}

/**
 * Checks that the certificate source works on that Istio release, and what it needs there:
 * - `mountedSecret()` reads the `istio.default` Secret Citadel wrote for each ServiceAccount up to
 *   Istio 1.4; from 1.5 (istiod) certificates are issued to the proxies over SDS and no such
 *   Secret is written.
 * - `sidecar()` needs the agent to write its certificates out (`OUTPUT_CERTS`), which it does from
 *   1.5; 1.9.0 to 1.9.3 wrote them readable by the proxy's user only (istio/istio#31743, fixed in
 *   1.9.4 by #32232, the backport of #31531), so Ambassador cannot read them; and before 1.9 the
 *   injector selects pods by their namespace's label only (the pod-label objectSelector came with
 *   1.9, istio/istio#30101 and #32388), so Ambassador's namespace must be labelled for injection.
 */
export function checkIstioRelease(where: ErrorScope, release: IstioRelease, certificates: IstioCertificates,
  injectionNamespace: string | undefined): void {
  if (certificates.kind === 'mountedSecret') {
    if (release.minor >= 5) {
      throw propError(where, 'istioVersion', release.text, 'writes no istio.default Secret to mount (Istio 1.5 and later issue certificates to the proxies over SDS)',
        'use IstioCertificates.sidecar(), which needs Istio 1.5 or later');
    }
    return;
  }
  if (release.minor < 5) {
    throw propError(where, 'istioVersion', release.text, 'cannot write the sidecar\'s certificates out (OUTPUT_CERTS came with Istio 1.5)',
      'use IstioCertificates.mountedSecret() (the istio.default Secret) before Istio 1.5');
  }
  if (release.minor === 9 && (release.patch === undefined || release.patch < 4)) {
    throw propError(where, 'istioVersion', release.text, release.patch === undefined
      ? 'does not say which 1.9 patch: 1.9.0 to 1.9.3 write the certificates readable by the proxy\'s user only (istio/istio#31743), so Ambassador cannot read them'
      : 'writes the certificates readable by the proxy\'s user only (istio/istio#31743, fixed in 1.9.4), so Ambassador cannot read them',
    'upgrade to Istio 1.9.4 or later (and say so, for example "1.9.4")');
  }
  if (release.minor < 9 && injectionNamespace === undefined) {
    throw propError(where, 'injectionNamespace', undefined, `is needed: Istio ${release.text}'s injector selects pods by their namespace's label only (the pod label works from 1.9), `
      + 'so Ambassador\'s pod would get no sidecar and no certificates',
    'set injectionNamespace to the namespace Ambassador runs in, which is then created labelled istio-injection: enabled (or istio.io/rev); '
      + 'if that Namespace is managed elsewhere, label it there and leave istioVersion unset');
  }
}
