import { AmbassadorProduct } from './ambassador-product';
import { AmbassadorRelease } from './ambassador-release';

/**
 * Whether Ambassador's own pod has `HOST_IP` (the node's IP, `status.hostIP`) in its environment,
 * as installed by that release's Helm chart or static YAML. Emissary's Consul watcher expands
 * `${HOST_IP}` in a ConsulResolver's address from it (os.ExpandEnv); unset, it expands to "".
 *
 * - Emissary-ingress: the chart (charts/emissary-ingress/templates/deployment.yaml) and the static
 *   YAML made from it (manifests/emissary/emissary-emissaryns.yaml.in) set it up to 3.7.x, not at
 *   3.8.0 to 3.9.1 (see ../shared/reference: chart 8.9.1 and emissary-v3.9.1 have no HOST_IP), and
 *   again from 3.10.0 (chart at v3.10.0, emissary-v3.10.0; still there on main after 4.1.0).
 * - Edge Stack: its chart pins an emissary-ingress subchart; from 3.8 that subchart predates the
 *   fix (edge-stack 8.10.2's Chart.yaml pins 8.10.0-dev.0.20240205182857-7a2e1b6d670b), and the
 *   static aes.yaml made from it (datawire/edge-stack manifests/edge-stack/aes.yaml, 3.10) sets
 *   none. Later 3.x releases are taken to be like 3.10.2, the last public chart.
 * - Ambassador 1.14: its static YAML (docs/yaml/ambassador/ambassador-rbac.yaml, rendered from the
 *   `ambassador` chart 6.x for 1.14.4) sets it, as that chart has since its 2.3.1 ("Adds HOST_IP
 *   environment variable", charts/emissary-ingress/CHANGELOG.md).
 */
export function setsHostIp(product: AmbassadorProduct, release: AmbassadorRelease): boolean {
  if (product === AmbassadorProduct.EDGE_STACK) return !release.atLeast(3, 8);
  return !release.within([3, 8], [3, 10]);
}

/** The releases without `HOST_IP`, as errors name them. */
export function hostIpGap(product: AmbassadorProduct): string {
  return product === AmbassadorProduct.EDGE_STACK ? 'Edge Stack 3.8 and later (through 3.10.2, the last public chart)' : 'Emissary-ingress 3.8.0 to 3.9.1';
}

/** How the static YAML of a product and release installs Ambassador. */
export interface StaticYamlFacts {
  /** The manifest users apply. */
  readonly manifest: string;
  /** The Deployment. */
  readonly deploymentName: string;
  /** The Ambassador container. */
  readonly containerName: string;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** The namespaces the manifests are published for, the first the default (each object names its own). */
  readonly namespaces: readonly string[];
  /** `getambassador.io` apiVersion of the `ambassador` Module the manifest ships, if it ships one. */
  readonly moduleApiVersion?: string;
}

/**
 * The `getambassador.io` apiVersion of the `ambassador` Module the emissary-ingress chart renders
 * with its default values (templates/module.yaml, only when `module:` is not empty), and so of the
 * Module in the static YAML rendered from it (Edge Stack's aes.yaml renders it through the
 * emissary-ingress subchart of its release line); none when it renders none:
 * - 1.14: ambassador-rbac.yaml has no Module;
 * - 2.x (chart 7.x): the default is `module: {}` (charts/emissary-ingress/values.yaml), so no
 *   Module (emissary-emissaryns.yaml of 2.1 has none);
 * - 3.0 to 3.4 (chart 8.0 to 8.4): the default turned non-empty in chart 8.0.0 (`diagnostics`),
 *   rendered as `getambassador.io/v2`;
 * - 3.5 and later: `getambassador.io/v3alpha1` (chart 8.5.0: "Update default module resource to
 *   use getambassador.io/v3alpha1", charts/emissary-ingress/CHANGELOG.md in ../shared/reference).
 * A kustomize patch names the apiVersion: one that differs matches nothing, and the build fails.
 */
export function defaultModuleApiVersion(release: AmbassadorRelease): string | undefined {
  if (release.major < 3) return undefined;
  return release.atLeast(3, 5) ? 'getambassador.io/v3alpha1' : 'getambassador.io/v2';
}

/**
 * The static YAML of each product line, as published:
 * - Emissary-ingress 2.x and later: emissary-emissaryns.yaml (namespace `emissary`) and
 *   emissary-defaultns.yaml (`default`), rendered from manifests/emissary/*.yaml.in (see
 *   ../shared/reference/emissary-v3.9.1 and -v3.10.0): Deployment and ServiceAccount
 *   `emissary-ingress`, container `ambassador`, and from 3.0 an `ambassador` Module of its own
 *   (`defaultModuleApiVersion`).
 * - Ambassador 1.14 (API Gateway): ambassador-rbac.yaml (docs/yaml/ambassador/ambassador-rbac.yaml
 *   as published with 1.14.4, "GENERATED FILE" from the `ambassador` chart): every object in
 *   namespace `default` (written on each, and the ClusterRoleBinding's subject), Deployment,
 *   container and ServiceAccount `ambassador`, listeners 8080 and 8443, and no Module.
 * - Edge Stack 3.x: aes.yaml (datawire/edge-stack manifests/edge-stack/aes.yaml, made from
 *   k8s-config/aes/values.yaml with `containerNameOverride: aes`): namespace `ambassador`,
 *   Deployment and ServiceAccount `edge-stack`, container `aes`, and a Module
 *   (`defaultModuleApiVersion`).
 */
export function staticYamlFacts(product: AmbassadorProduct, release: AmbassadorRelease): StaticYamlFacts {
  if (product === AmbassadorProduct.EDGE_STACK) {
    const moduleApiVersion = defaultModuleApiVersion(release);
    return { manifest: 'aes.yaml', deploymentName: 'edge-stack', containerName: 'aes', serviceAccountName: 'edge-stack', namespaces: ['ambassador'], moduleApiVersion };
  }
  if (release.major === 1) {
    return { manifest: 'ambassador-rbac.yaml', deploymentName: 'ambassador', containerName: 'ambassador', serviceAccountName: 'ambassador', namespaces: ['default'] };
  }
  return {
    manifest: 'emissary-emissaryns.yaml or emissary-defaultns.yaml',
    deploymentName: 'emissary-ingress',
    containerName: 'ambassador',
    serviceAccountName: 'emissary-ingress',
    namespaces: ['emissary', 'default'],
    moduleApiVersion: defaultModuleApiVersion(release),
  };
}
