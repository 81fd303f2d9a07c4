import { AmbassadorProduct } from './ambassador-product';

/** Options for `AmbassadorInstall.staticYaml()`. */
export interface StaticYamlInstallOptions {
  /** The release installed, for example "3.10.0" (Emissary-ingress 1.14, 2.x to 4.x; Edge Stack 3.x). */
  readonly version: string;
  /**
   * The product.
   * @default AmbassadorProduct.EMISSARY
   */
  readonly product?: AmbassadorProduct;
  /**
   * The namespace of the manifest applied: Emissary-ingress 2.x and later publish
   * emissary-emissaryns.yaml (`emissary`) and emissary-defaultns.yaml (`default`); Edge Stack's
   * aes.yaml installs into `ambassador`; Ambassador 1.14's ambassador-rbac.yaml writes
   * `default` on every object (and binds the account there). A static install moved to another namespace by
   * your own kustomization is one to describe with `AmbassadorInstall.userManaged()`.
   * @default "emissary" (Emissary-ingress 2.x and later), "ambassador" (Edge Stack), "default" (1.14)
   */
  readonly namespace?: string;
}

/** The values of the emissary-ingress chart that decide names, as you set them. */
interface ChartNameOptions {
  /**
   * The Helm release name (`helm install <releaseName> ...`): the chart names the Deployment and
   * the ServiceAccount after it (see `fullnameOverride`).
   */
  readonly releaseName?: string;
  /** The namespace of the Helm release (`helm install -n`). */
  readonly namespace?: string;
  /** `nameOverride`, if your values set it. @default - the chart's */
  readonly nameOverride?: string;
  /** `fullnameOverride`, if your values set it. @default - none */
  readonly fullnameOverride?: string;
  /** `deploymentNameOverride`, if your values set it. @default - none: the full name */
  readonly deploymentNameOverride?: string;
  /** `containerNameOverride`, if your values set it. @default - none: `emissary-ingress` */
  readonly containerNameOverride?: string;
  /** `serviceAccount.name`, if your values set it. @default - none: the full name */
  readonly serviceAccountName?: string;
  /** `serviceAccount.create`. @default true */
  readonly createServiceAccount?: boolean;
  /**
   * The ports Ambassador's container listens on: the `targetPort`s of `service.ports`.
   * @default [8080, 8443] (the chart's default values)
   */
  readonly listenerPorts?: number[];
}

/** Options for `AmbassadorInstall.emissaryIngressChart()`: the values as you set them (under no key). */
export interface EmissaryIngressChartOptions extends ChartNameOptions {
  /** The Emissary-ingress release the chart installs (its appVersion), for example "3.10.0": 2.x to 4.x. */
  readonly version: string;
  /** @default "emissary-ingress" */
  readonly releaseName?: string;
  /** @default "emissary" */
  readonly namespace?: string;
}

/** Options for `AmbassadorInstall.edgeStackChart()`: the subchart values as you set them under `emissary-ingress:`. */
export interface EdgeStackChartOptions extends ChartNameOptions {
  /** The Edge Stack release the chart installs (its appVersion), for example "3.10.2": 3.x. */
  readonly version: string;
  /** @default "edge-stack" */
  readonly releaseName?: string;
  /** @default "ambassador" */
  readonly namespace?: string;
  /** `emissary-ingress.nameOverride`. @default "edge-stack" (the chart's own value) */
  readonly nameOverride?: string;
}

/** Options for `AmbassadorInstall.userManaged()`: an install this library knows nothing of but what you say. */
export interface UserManagedInstallOptions {
  /** The release installed, for example "3.10.0". */
  readonly version: string;
  /** The product. @default AmbassadorProduct.EMISSARY */
  readonly product?: AmbassadorProduct;
  /** The namespace Ambassador runs in, as its manifests write it. */
  readonly namespace: string;
  /** Its Deployment. @default "ambassador" */
  readonly deploymentName?: string;
  /** Its Ambassador container. @default "ambassador" */
  readonly containerName?: string;
  /** The ServiceAccount its pods run as. @default - unknown: give it where it is needed (IstioAuthorization) */
  readonly serviceAccountName?: string;
  /** The ports Ambassador's container listens on. @default [8080, 8443] */
  readonly listenerPorts?: number[];
  /**
   * Whether Ambassador's container has `HOST_IP` (`status.hostIP`) in its environment.
   * @default false
   */
  readonly setsHostIp?: boolean;
  /**
   * Whether your install owns the `ambassador` Module. Then this app writes none, and a pattern
   * that needs a Module key tells you which to merge into yours.
   * @default false
   */
  readonly ownsModule?: boolean;
}
