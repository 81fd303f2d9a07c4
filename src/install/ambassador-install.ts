import { Construct, IConstruct } from 'constructs';
import { AmbassadorProduct } from './ambassador-product';
import { AmbassadorRelease } from './ambassador-release';
import { chartFullname, chartServiceAccountName } from './chart-naming';
import { AmbassadorHelmChart } from './helm-chart';
import { EdgeStackChartOptions, EmissaryIngressChartOptions, StaticYamlInstallOptions, UserManagedInstallOptions } from './install-options';
import { checkListenerPorts, checkNotChartVersion, checkProduct, checkReleaseName, checkStaticYamlPublished, DEFAULT_LISTENER_PORTS } from './install-validators';
import { defaultModuleApiVersion, setsHostIp, staticYamlFacts } from './release-facts';
import { at, ErrorScope, propError } from '../core/errors';
import { checkBoolean, checkLabel, checkNamespace, checkObjectName, checkOptions } from '../core/validators';

const CONTEXT_KEY = 'cdk8s-ambassador-mtls:install';
/** The install each scope declared with `use()` (context is inherited, so it cannot tell). */
const DECLARED = new WeakMap<IConstruct, AmbassadorInstall>();

/** How Ambassador is installed. */
export type AmbassadorInstallMethod = 'static-yaml' | 'emissary-ingress-chart' | 'edge-stack-chart' | 'user-managed';

/**
 * Who writes the `ambassador` Module, Ambassador's one global configuration object:
 * - `app`: nobody but this app (Ambassador 1.14's static YAML, or a user-managed install that
 *   owns none): patterns merge their keys into the app's `AmbassadorModule`;
 * - `install-manifests`: the static YAML ships one, which the kustomize Component patches;
 * - `helm-values`: the chart renders it from its `module:` values, which the Helm values carry;
 * - `user`: a user-managed install owns one: you merge the keys a pattern names.
 */
export type AmbassadorModuleOwner = 'app' | 'install-manifests' | 'helm-values' | 'user';

/** The fields of an `AmbassadorInstall`. */
interface InstallFields {
  readonly method: AmbassadorInstallMethod;
  readonly product: AmbassadorProduct;
  readonly release: AmbassadorRelease;
  readonly namespace: string;
  readonly manifestNamespace?: string;
  readonly deploymentName: string;
  readonly containerName: string;
  readonly serviceAccountName?: string;
  readonly listenerPorts: readonly number[];
  readonly setsHostIp: boolean;
  readonly moduleOwner: AmbassadorModuleOwner;
  readonly moduleApiVersion?: string;
  readonly helmChart?: AmbassadorHelmChart;
  readonly releaseName?: string;
  readonly description: string;
}

/** The values a chart has by default, which the options override. */
interface ChartDefaults {
  readonly releaseName: string;
  readonly namespace: string;
  readonly nameOverride?: string;
}

const CHART_OPTIONS = ['version', 'releaseName', 'namespace', 'nameOverride', 'fullnameOverride', 'deploymentNameOverride', 'containerNameOverride',
  'serviceAccountName', 'createServiceAccount', 'listenerPorts'] as const;

/**
 * Where Ambassador runs: product, release, install method, namespace and the names that install
 * gives its Deployment, container and ServiceAccount. Declared once, per app or chart
 * (`AmbassadorInstall.use(chart, ...)`) or per pattern (the `install` prop), and read by every
 * pattern: the pod wiring patches the right container, Istio's AuthorizationPolicy names the
 * right account, Module keys go where that install keeps its Module, Linkerd skips the right
 * ports, and a Consul resolver that needs `HOST_IP` gets it or an error.
 *
 * Without one, the library keeps its earlier assumptions (see docs/install-targets.md).
 */
export class AmbassadorInstall {
  /**
   * Installed from the release's static YAML (with kubectl or a kustomization listing it):
   * Ambassador 1.14, Emissary-ingress 2.x and 3.x, Edge Stack 3.x (Emissary-ingress 4.x publishes
   * none: describe its chart, also for the output of `helm template`).
   */
  public static staticYaml(options: StaticYamlInstallOptions): AmbassadorInstall {
    const where = at('AmbassadorInstall.staticYaml()');
    const o = checkOptions(where, 'options', options, ['version', 'product', 'namespace']);
    const product = checkProduct(where, o.product);
    const release = AmbassadorRelease.parse(where, product, o.version);
    checkStaticYamlPublished(where, product, release);
    const facts = staticYamlFacts(product, release);
    const namespace = o.namespace === undefined ? facts.namespaces[0] : checkNamespace(where, 'namespace', o.namespace);
    if (!facts.namespaces.includes(namespace)) {
      throw propError(where, 'namespace', namespace, `is not a namespace ${product} ${release}'s static YAML installs into (${facts.manifest}: ${facts.namespaces.join(' or ')})`,
        `use ${facts.namespaces.map((n) => `"${n}"`).join(' or ')}; a static install moved elsewhere by your own kustomization is AmbassadorInstall.userManaged({ namespace, ... })`);
    }
    return new AmbassadorInstall({
      method: 'static-yaml',
      product,
      release,
      namespace,
      manifestNamespace: namespace,
      deploymentName: facts.deploymentName,
      containerName: facts.containerName,
      serviceAccountName: facts.serviceAccountName,
      listenerPorts: DEFAULT_LISTENER_PORTS,
      setsHostIp: setsHostIp(product, release),
      moduleOwner: facts.moduleApiVersion ? 'install-manifests' : 'app',
      moduleApiVersion: facts.moduleApiVersion,
      description: `${product} ${release} installed from static YAML (${facts.manifest}, namespace "${namespace}")`,
    });
  }

  /**
   * Installed by the emissary-ingress Helm chart (7.x for Emissary-ingress 2.x, 8.x for 3.x, the
   * chart published with 4.x), as `helm install <releaseName> -n <namespace>`.
   */
  public static emissaryIngressChart(options: EmissaryIngressChartOptions): AmbassadorInstall {
    const where = at('AmbassadorInstall.emissaryIngressChart()');
    const o = checkOptions(where, 'options', options, [...CHART_OPTIONS]);
    checkNotChartVersion(where, 'emissary-ingress', o.version);
    const release = AmbassadorRelease.parse(where, AmbassadorProduct.EMISSARY, o.version);
    if (release.major === 1) {
      throw propError(where, 'version', o.version, 'is not installed by the emissary-ingress chart, which starts at Emissary-ingress 2.0 (chart 7.0)',
        'for Ambassador 1.14 installed by its own `ambassador` chart (6.x), describe it with AmbassadorInstall.userManaged()');
    }
    return AmbassadorInstall.chart(where, 'emissary-ingress-chart', AmbassadorProduct.EMISSARY, release, o, { releaseName: 'emissary-ingress', namespace: 'emissary', nameOverride: undefined });
  }

  /**
   * Installed by the edge-stack Helm chart (datawire/edge-stack 8.x, Edge Stack 3.x), which
   * installs the emissary-ingress chart as its subchart with `nameOverride: edge-stack`.
   */
  public static edgeStackChart(options: EdgeStackChartOptions): AmbassadorInstall {
    const where = at('AmbassadorInstall.edgeStackChart()');
    const o = checkOptions(where, 'options', options, [...CHART_OPTIONS]);
    checkNotChartVersion(where, 'edge-stack', o.version);
    const release = AmbassadorRelease.parse(where, AmbassadorProduct.EDGE_STACK, o.version);
    return AmbassadorInstall.chart(where, 'edge-stack-chart', AmbassadorProduct.EDGE_STACK, release, o, { releaseName: 'edge-stack', namespace: 'ambassador', nameOverride: 'edge-stack' });
  }

  /**
   * Installed some other way (your own manifests, an operator, a Deployment of this app): what
   * the library would otherwise derive, you state.
   */
  public static userManaged(options: UserManagedInstallOptions): AmbassadorInstall {
    const where = at('AmbassadorInstall.userManaged()');
    const o = checkOptions(where, 'options', options, ['version', 'product', 'namespace', 'deploymentName', 'containerName', 'serviceAccountName', 'listenerPorts',
      'setsHostIp', 'ownsModule']);
    const product = checkProduct(where, o.product);
    const release = AmbassadorRelease.parse(where, product, o.version);
    if (o.namespace === undefined) {
      throw propError(where, 'namespace', undefined, 'is required for a user-managed install', 'give the namespace Ambassador runs in, for example "emissary"');
    }
    const namespace = checkNamespace(where, 'namespace', o.namespace);
    return new AmbassadorInstall({
      method: 'user-managed',
      product,
      release,
      namespace,
      manifestNamespace: namespace,
      deploymentName: o.deploymentName === undefined ? 'ambassador' : checkObjectName(where, 'deploymentName', o.deploymentName),
      containerName: o.containerName === undefined ? 'ambassador' : checkLabel(where, 'containerName', o.containerName, 'container name'),
      serviceAccountName: o.serviceAccountName === undefined ? undefined : checkObjectName(where, 'serviceAccountName', o.serviceAccountName),
      listenerPorts: checkListenerPorts(where, o.listenerPorts),
      setsHostIp: o.setsHostIp === undefined ? false : checkBoolean(where, 'setsHostIp', o.setsHostIp),
      moduleOwner: o.ownsModule === undefined || !checkBoolean(where, 'ownsModule', o.ownsModule) ? 'app' : 'user',
      description: `${product} ${release} (user-managed, namespace "${namespace}")`,
    });
  }

  /**
   * Makes `install` the install target of every construct added below `scope` afterwards (an App
   * or a Chart). Call it right after creating the scope, before adding constructs to it.
   */
  public static use(scope: IConstruct, install: AmbassadorInstall): void {
    if (!Construct.isConstruct(scope)) {
      throw propError(at('AmbassadorInstall.use()'), 'scope', scope, 'is not a construct', 'pass the App or Chart, right after creating it');
    }
    const where = at(`${scope.node.path || '(the app)'}: AmbassadorInstall.use()`);
    checkInstall(where, 'install', install);
    if (scope.node.children.length > 0) {
      throw new Error(`${scope.node.path || '(the app)'}: AmbassadorInstall.use(${install.description}) comes after constructs were added `
        + `(${scope.node.children.map((c) => c.node.id).join(', ')}). Fix: call it right after creating the App or Chart, or pass \`install\` to each pattern`);
    }
    const earlier = DECLARED.get(scope);
    if (earlier !== undefined && earlier !== install) {
      throw new Error(`${scope.node.path || '(the app)'}: AmbassadorInstall.use(${install.description}) comes after use(${earlier.description}) on the same scope, which would silently replace it. `
        + 'Fix: declare one install per App or Chart (another Ambassador gets a Chart of its own, or the `install` prop of its patterns)');
    }
    DECLARED.set(scope, install);
    scope.node.setContext(CONTEXT_KEY, install);
  }

  /** The install target in force at `scope` (the nearest `use()` above it), if any. */
  public static of(scope: IConstruct): AmbassadorInstall | undefined {
    const found = scope.node.tryGetContext(CONTEXT_KEY);
    return found instanceof AmbassadorInstall ? found : undefined;
  }

  /**
   * A chart install: names as charts/emissary-ingress/templates computes them (_helpers.tpl for the
   * full name and the ServiceAccount; deployment.yaml for the Deployment, `deploymentNameOverride`
   * else the full name, and the container, `containerNameOverride` else `emissary-ingress`, the
   * chart's name, which is also the subchart's name under Edge Stack; ports from the `targetPort`s
   * of `service.ports`).
   */
  private static chart(where: ErrorScope, method: 'emissary-ingress-chart' | 'edge-stack-chart', product: AmbassadorProduct, release: AmbassadorRelease,
    o: EmissaryIngressChartOptions | EdgeStackChartOptions, defaults: ChartDefaults): AmbassadorInstall {
    const releaseName = o.releaseName === undefined ? defaults.releaseName : checkReleaseName(where, o.releaseName);
    const namespace = o.namespace === undefined ? defaults.namespace : checkNamespace(where, 'namespace', o.namespace);
    const nameOverride = o.nameOverride === undefined ? defaults.nameOverride : checkLabel(where, 'nameOverride', o.nameOverride, 'chart name');
    const fullnameOverride = o.fullnameOverride === undefined ? undefined : checkLabel(where, 'fullnameOverride', o.fullnameOverride, 'name');
    const naming = { releaseName, chartName: 'emissary-ingress', nameOverride, fullnameOverride };
    const fullname = chartFullname(naming);
    const create = o.createServiceAccount === undefined ? true : checkBoolean(where, 'createServiceAccount', o.createServiceAccount);
    const saName = o.serviceAccountName === undefined ? undefined : checkObjectName(where, 'serviceAccountName', o.serviceAccountName);
    const helmChart = method === 'edge-stack-chart' ? AmbassadorHelmChart.EDGE_STACK : AmbassadorHelmChart.EMISSARY_INGRESS;
    return new AmbassadorInstall({
      method,
      product,
      release,
      namespace,
      manifestNamespace: namespace,
      deploymentName: o.deploymentNameOverride === undefined ? fullname : checkObjectName(where, 'deploymentNameOverride', o.deploymentNameOverride),
      containerName: o.containerNameOverride === undefined ? 'emissary-ingress' : checkLabel(where, 'containerNameOverride', o.containerNameOverride, 'container name'),
      serviceAccountName: chartServiceAccountName(naming, create, saName),
      listenerPorts: checkListenerPorts(where, o.listenerPorts),
      setsHostIp: setsHostIp(product, release),
      moduleOwner: 'helm-values',
      moduleApiVersion: defaultModuleApiVersion(release),
      helmChart,
      releaseName,
      description: `${product} ${release} installed by the ${helmChart.chartName} chart (release "${releaseName}", namespace "${namespace}")`,
    });
  }

  /** How it is installed. */
  public readonly method: AmbassadorInstallMethod;
  /** The product. */
  public readonly product: AmbassadorProduct;
  /** The release. */
  public readonly release: AmbassadorRelease;
  /** The namespace Ambassador runs in (`AMBASSADOR_NAMESPACE`, where it makes `istio-certs`). */
  public readonly namespace: string;
  /** The namespace its manifests write on the Deployment, which a kustomize patch must name. */
  public readonly manifestNamespace?: string;
  /** Its Deployment. */
  public readonly deploymentName: string;
  /** Its Ambassador container. */
  public readonly containerName: string;
  /** The ServiceAccount its pods run as (the identity in Istio's certificate), when known. */
  public readonly serviceAccountName?: string;
  /** The ports Ambassador's container listens on. */
  public readonly listenerPorts: readonly number[];
  /** Whether Ambassador's container has `HOST_IP` in its environment. */
  public readonly setsHostIp: boolean;
  /** Who writes the `ambassador` Module. */
  public readonly moduleOwner: AmbassadorModuleOwner;
  /**
   * The apiVersion of the `ambassador` Module the install renders by default (its static YAML, or
   * the chart with its default `module:` values), which a kustomize patch must name; none when it
   * renders none (1.14, 2.x).
   */
  public readonly moduleApiVersion?: string;
  /** The Helm chart, for a Helm install: where the values go. */
  public readonly helmChart?: AmbassadorHelmChart;
  /** The Helm release name, for a Helm install. */
  public readonly releaseName?: string;
  /** The install in words, as errors name it. */
  public readonly description: string;

  private constructor(fields: InstallFields) {
    this.method = fields.method;
    this.product = fields.product;
    this.release = fields.release;
    this.namespace = fields.namespace;
    this.manifestNamespace = fields.manifestNamespace;
    this.deploymentName = fields.deploymentName;
    this.containerName = fields.containerName;
    this.serviceAccountName = fields.serviceAccountName;
    this.listenerPorts = fields.listenerPorts;
    this.setsHostIp = fields.setsHostIp;
    this.moduleOwner = fields.moduleOwner;
    this.moduleApiVersion = fields.moduleApiVersion;
    this.helmChart = fields.helmChart;
    this.releaseName = fields.releaseName;
    this.description = fields.description;
  }

  /** True for the two Helm charts. */
  public get isHelm(): boolean {
    return this.helmChart !== undefined;
  }

  /** The description. */
  public toString(): string {
    return this.description;
  }
}

/** Throws unless `value` is an `AmbassadorInstall` (untyped callers pass strings or options). */
export function checkInstall(where: ErrorScope, prop: string, value: unknown): AmbassadorInstall {
  if (!(value instanceof AmbassadorInstall)) {
    throw propError(where, prop, value, 'is not an AmbassadorInstall',
      'use AmbassadorInstall.staticYaml(), emissaryIngressChart(), edgeStackChart() or userManaged()');
  }
  return value;
}

/**
 * The install a construct uses: its `install` prop when given (checked, errors naming `where`),
 * else the one `AmbassadorInstall.use()` put in force at `scope`.
 */
export function installFor(where: ErrorScope, scope: IConstruct, given: unknown): AmbassadorInstall | undefined {
  return given === undefined ? AmbassadorInstall.of(scope) : checkInstall(where, 'install', given);
}
