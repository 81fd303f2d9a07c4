import { AmbassadorProduct } from './ambassador-product';
import { AmbassadorRelease } from './ambassador-release';
import { ErrorScope, propError } from '../core/errors';
import { checkList, checkPort } from '../core/validators';

/** The ports Ambassador's container listens on unless an install says otherwise (its Listeners, the charts' targetPorts). */
export const DEFAULT_LISTENER_PORTS: readonly number[] = [8080, 8443];

/** A Helm release name: Helm 3 takes an RFC 1123 label of at most 53 characters. */
export function checkReleaseName(where: ErrorScope, value: unknown): string {
  if (typeof value !== 'string' || value.length > 53 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw propError(where, 'releaseName', value, 'is not a Helm release name', 'use at most 53 lowercase letters, digits and "-", as `helm install` takes it');
  }
  return value;
}

/** Listener ports as given (deduplicated, sorted), or the default; throws on an empty list or a bad port. */
export function checkListenerPorts(where: ErrorScope, value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_LISTENER_PORTS;
  const ports = checkList(where, 'listenerPorts', value, 'list the ports Ambassador listens on, for example [8080, 8443]');
  if (ports.length === 0) throw propError(where, 'listenerPorts', value, 'names no port', 'list the ports Ambassador listens on, for example [8080, 8443]');
  return [...new Set(ports.map((p) => checkPort(where, 'listenerPorts', p)))].sort((a, b) => a - b);
}

/** The product as given, Emissary-ingress by default; throws unless it is an `AmbassadorProduct`. */
export function checkProduct(where: ErrorScope, value: unknown): AmbassadorProduct {
  if (value === undefined) return AmbassadorProduct.EMISSARY;
  if (!(value instanceof AmbassadorProduct)) {
    throw propError(where, 'product', value, 'is not an AmbassadorProduct', 'use AmbassadorProduct.EMISSARY or AmbassadorProduct.EDGE_STACK');
  }
  return value;
}

/**
 * Throws for a release that publishes no static YAML: Emissary-ingress 4.x ships Helm charts only
 * (v4.0.0 release notes: "The Emissary project recommends using Helm to install Emissary. If you
 * need YAML instead, use `helm template`"), so its manifests carry the chart's names.
 */
export function checkStaticYamlPublished(where: ErrorScope, product: AmbassadorProduct, release: AmbassadorRelease): void {
  if (product === AmbassadorProduct.EMISSARY && release.major >= 4) {
    throw propError(where, 'version', release.toString(), `has no static YAML: Emissary-ingress ${release.major}.x is published as Helm charts only (for YAML, its release notes say \`helm template\`)`,
      `describe it with AmbassadorInstall.emissaryIngressChart({ version: "${release}", releaseName, namespace }), also when you apply the output of helm template with kustomize, or with AmbassadorInstall.userManaged()`);
  }
}

/**
 * Throws for a chart's own version given as the release: the emissary-ingress chart numbers 7.x
 * (Emissary-ingress 2.x) and 8.x (3.x), the edge-stack chart 8.x (Edge Stack 3.x), apart from the
 * release they install, their appVersion (chart 7.6.1 installs 2.5.1, 8.9.1 installs 3.9.1).
 */
export function checkNotChartVersion(where: ErrorScope, chart: 'emissary-ingress' | 'edge-stack', version: unknown): void {
  if (typeof version !== 'string' || !/^v?[78]\.\d+(\.\d+)?$/.test(version)) return;
  throw propError(where, 'version', version, `is a version of the ${chart} chart, not of the release it installs`,
    `give the release the chart installs, its appVersion (APP VERSION in \`helm list\`), for example ${chart === 'edge-stack' ? '"3.10.2" for chart 8.10.2' : '"3.9.1" for chart 8.9.1'}`);
}
