import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorListenerPorts, LinkerdHeaders } from './linkerd-options';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';
import { checkClusterDomain, checkNamespace, checkOptions } from '../core/validators';
import { AmbassadorInstall, installFor } from '../install/ambassador-install';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';
import { AmbassadorModule } from '../resources/ambassador-module';
import { AmbassadorApiVersion } from '../resources/api-version';
import { Mapping, MappingProps } from '../resources/mapping';
import { parseUpstream, UpstreamService, upstreamOfService } from '../resources/upstream-service';

/** Props for `LinkerdMtls`. */
export interface LinkerdMtlsProps {
  /**
   * The ports Ambassador's container listens on, which Linkerd's proxy skips. With an install
   * target, they must be its listener ports.
   * @default - the install target's listener ports, else AmbassadorListenerPorts.EMISSARY (8080 and 8443)
   */
  readonly listenerPorts?: AmbassadorListenerPorts;
  /**
   * Where `add_linkerd_headers` goes.
   * @default LinkerdHeaders.PER_MAPPING
   */
  readonly headers?: LinkerdHeaders;
  /**
   * The cluster's DNS domain: Mappings name their Service by its fully qualified name
   * (`name.namespace.svc.<clusterDomain>`), as `l5d-dst-override` must carry it. Written as
   * Kubernetes spells it: lower case, without a trailing dot, and without a leading `svc.`
   * (`svc.cluster.local` is taken for `cluster.local`).
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * The namespace of the Mappings made with `addMapping()` (and of the Module).
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * `ambassador_id` of the Mappings (and of the Module).
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
  /**
   * An Ambassador Deployment of this app to mesh (pod annotations): cdk8s-plus of any version
   * 27 to 33, or an `ApiObject` of kind Deployment. Ambassador installed otherwise: use
   * `addHelmValues()` or `addKustomizeComponent()`.
   * @default - none wired here
   */
  readonly ambassadorDeployment?: IKubeObject;
  /**
   * The name of the Ambassador container in `ambassadorDeployment`.
   * @default - the install target's container, else "ambassador"
   */
  readonly ambassadorContainer?: string;
  /**
   * Where Ambassador runs: the ports to skip, the Deployment and container the pod wiring
   * patches, and who owns the `ambassador` Module (with `LinkerdHeaders.MODULE`, the key goes
   * into that chart's `module:` values or a patch of the static install's Module).
   * @default - `AmbassadorInstall.of(this)`: the one declared for the chart or app, if any
   */
  readonly install?: AmbassadorInstall;
}

/** Props for `LinkerdMtls.addMapping()`. */
export type LinkerdMappingProps = Omit<MappingProps, 'tls' | 'addLinkerdHeaders'>;

const LINKERD_PROPS = propKeys<LinkerdMtlsProps>()('listenerPorts', 'headers', 'clusterDomain', 'namespace', 'ambassadorId', 'apiVersion',
  'ambassadorDeployment', 'ambassadorContainer', 'install');

/**
 * Mutual TLS from Ambassador to Linkerd-meshed services. Linkerd does the mTLS itself, in the
 * proxy it injects into Ambassador's pod, so there is no TLSContext: the pod is meshed
 * (`linkerd.io/inject: enabled`) with Ambassador's own listener ports skipped
 * (`config.linkerd.io/skip-inbound-ports`), and each Mapping sends plain HTTP to the Service's
 * fully qualified name; the proxy takes the connection Emissary opens to the Service and, since
 * the pod behind it is meshed, upgrades it to mTLS (Emissary's Linkerd guide, howtos/linkerd2;
 * Linkerd's proxy-configuration reference for the annotations).
 *
 * The proxy routes by the connection's original destination: from Linkerd 2.9 on, in this
 * default mode it honours the load balancing Emissary did and reads no header (linkerd.io
 * "Ingress traffic", Default Mode). `l5d-dst-override` (`add_linkerd_headers`) only decides the
 * route in ingress mode (`linkerd.io/inject: ingress`), which requires it as a name
 * (linkerd2-proxy#992), and in Linkerd 2.8 and before; it is sent so those work too. Each
 * Mapping also removes a client's own `l5d-dst-override` (`remove_request_headers`, which Envoy
 * applies before adding Emissary's): in ingress mode a client's header would otherwise choose the
 * destination, an open relay (linkerd.io, "Ingress traffic").
 */
export class LinkerdMtls extends AmbassadorPodWiring {
  /** What the Ambassador pod needs, whichever way Ambassador is installed. */
  public readonly podPatch: AmbassadorPodPatch;
  protected readonly fileNames: PodWiringFileNames = {
    helmValues: 'helm/ambassador-linkerd-values.yaml', componentDir: 'kustomize/linkerd-mtls', patchFile: 'ambassador-linkerd-patch.yaml',
  };
  private readonly props: LinkerdMtlsProps;
  private readonly clusterDomain: string;

  constructor(scope: Construct, id: string, props: LinkerdMtlsProps = {}) {
    const { where } = checkConstructArgs('LinkerdMtls', scope, id, props, LINKERD_PROPS);
    super(scope, id, installFor(where, scope, props?.install));
    guardAgainstDuplicates(this);
    props = props ?? {};
    if (props.listenerPorts !== undefined && !(props.listenerPorts instanceof AmbassadorListenerPorts)) {
      throw propError(this, 'listenerPorts', props.listenerPorts, 'is not an AmbassadorListenerPorts', 'use AmbassadorListenerPorts.EMISSARY, AMBASSADOR_1_PRIVILEGED or custom(...ports)');
    }
    if (props.headers !== undefined && !(props.headers instanceof LinkerdHeaders)) {
      throw propError(this, 'headers', props.headers, 'is not a LinkerdHeaders', 'use LinkerdHeaders.PER_MAPPING or LinkerdHeaders.MODULE');
    }
    this.clusterDomain = checkClusterDomain(this, 'clusterDomain', props.clusterDomain);
    if (props.namespace !== undefined) checkNamespace(this, 'namespace', props.namespace);
    this.checkContainerProp(props.ambassadorDeployment, props.ambassadorContainer);
    this.props = props;
    const install = this.install;
    const listenerPorts = this.listenerPortsFor(props.listenerPorts);
    // Where add_linkerd_headers goes when the Module carries it: the app's own Module, unless the
    // install owns it (the chart's `module:` values, or the static YAML's Module, patched).
    const moduleOwner = props.headers === LinkerdHeaders.MODULE ? install?.moduleOwner ?? 'app' : undefined;
    if (moduleOwner === 'user') {
      throw propError(this, 'headers', 'LinkerdHeaders.MODULE', `needs add_linkerd_headers in the ambassador Module, which the install target, ${install!.description}, owns`,
        'add `add_linkerd_headers: true` to the spec.config of your install\'s ambassador Module yourself, or use LinkerdHeaders.PER_MAPPING');
    }
    this.podPatch = {
      podLabels: {},
      podAnnotations: {
        'linkerd.io/inject': 'enabled',
        'config.linkerd.io/skip-inbound-ports': listenerPorts.toString(),
      },
      volumes: [],
      volumeMounts: [],
      env: {},
      ...(moduleOwner === 'install-manifests' || moduleOwner === 'helm-values' ? { moduleConfig: { add_linkerd_headers: true } } : {}),
    };
    if (moduleOwner === 'app') {
      AmbassadorModule.of(this, props.ambassadorId, props.namespace).setConfig('add_linkerd_headers', true, this);
    } else if (moduleOwner !== undefined) {
      this.node.addValidation({
        validate: () => (this.applied ? [] : [
          `${this.node.path}: headers LinkerdHeaders.MODULE puts add_linkerd_headers into the ambassador Module of the install target, ${install!.description}, `
          + `but nothing writes it there. Fix: write ${moduleOwner === 'helm-values' ? 'addHelmValues() (the key goes under the chart\'s module: values)' : 'addKustomizeComponent() (it patches the install\'s Module)'}, `
          + 'or use LinkerdHeaders.PER_MAPPING',
        ]),
      });
    }
    if (props.ambassadorDeployment) this.wire(props.ambassadorDeployment, props.ambassadorContainer);
  }

  /**
   * Meshes an Ambassador Deployment of this app. When its Ambassador container declares ports,
   * skipping ports it does not declare while leaving out ones it does (its admin port aside) is
   * an error: the proxy would sit in front of Ambassador's own listeners.
   */
  public wire(deployment: IKubeObject, containerName?: string): void {
    const container = containerName ?? this.install?.containerName ?? 'ambassador';
    const declared = isConstruct(deployment) ? containerPorts(deployment, container) : [];
    const skipped = this.podPatch.podAnnotations['config.linkerd.io/skip-inbound-ports'].split(',').map(Number);
    const undeclared = skipped.filter((p) => !declared.some((d) => d.port === p));
    // The admin port (8877, named "admin" in Emissary's manifests) serves probes and diagnostics, not clients.
    const unskipped = declared.filter((d) => !skipped.includes(d.port) && d.name !== 'admin' && d.port !== 8877).map((d) => d.port);
    if (undeclared.length > 0 && unskipped.length > 0) {
      throw propError(this, 'listenerPorts', skipped.join(','), `skip ${undeclared.join(', ')}, which container "${container}" of Deployment ${deployment.node.path} does not declare, `
        + `and not ${unskipped.join(', ')}, which it does: Linkerd's proxy would sit in front of Ambassador's own listeners there`,
      `skip the ports Ambassador listens on, for example AmbassadorListenerPorts.custom(${unskipped.join(', ')})${unskipped.join(',') === '8080,8443' ? ' (AmbassadorListenerPorts.EMISSARY)' : ''}`);
    }
    super.wire(deployment, containerName);
  }

  /** The ports to skip: given, or the install target's; given ones must be the install's. */
  private listenerPortsFor(given: AmbassadorListenerPorts | undefined): AmbassadorListenerPorts {
    const install = this.install;
    if (install === undefined) return given ?? AmbassadorListenerPorts.EMISSARY;
    const own = AmbassadorListenerPorts.custom(...install.listenerPorts);
    if (given !== undefined && given.toString() !== own.toString()) {
      throw propError(this, 'listenerPorts', given.toString(), `are not the ports Ambassador listens on in the install target, ${install.description} (${own.toString()})`,
        'leave listenerPorts unset: they come from the install target (which takes listenerPorts if you changed them)');
    }
    return own;
  }

  /**
   * Adds a Mapping to a Linkerd-meshed workload: to the Service's fully qualified name and port
   * (80 when none is given, as Emissary dials for plain HTTP), with `add_linkerd_headers` (unless
   * the Module sends it) and a client's `l5d-dst-override` removed. Plain HTTP lets the proxy
   * balance, retry and measure each request; `https://` is kept (the proxy then carries the TLS
   * as opaque TCP, still inside mTLS). An IP address (a pod or ClusterIP) is routed as written,
   * without the header, which must be a name. A host outside the cluster is an error: Linkerd
   * has no identity for it, so the request would leave the pod unencrypted.
   */
  public addMapping(id: string, props: LinkerdMappingProps): Mapping {
    const given = checkOptions(this, 'addMapping props', props, [...Object.keys(props ?? {})]);
    for (const key of ['tls', 'addLinkerdHeaders'] as const) {
      if (key in given) {
        throw propError(this, `addMapping ${key}`, (given as any)[key], 'is set, but Linkerd does the mTLS and LinkerdMtls sets the header', `leave ${key} out`);
      }
    }
    const namespace = given.namespace ?? this.props.namespace ?? Chart.of(this).namespace;
    const upstream = this.upstreamOf(id, given, namespace);
    const mapping = new Mapping(this, id, {
      apiVersion: this.props.apiVersion,
      namespace: this.props.namespace,
      ambassadorId: this.props.ambassadorId,
      ...given,
      service: `${upstream.scheme === 'https' ? 'https://' : ''}${upstream.host}:${upstream.port}`,
      servicePort: undefined,
      serviceScheme: undefined,
      // An IP gets no header (ingress mode takes names only); the Module's default is overridden.
      addLinkerdHeaders: upstream.isIp ? false : this.props.headers === LinkerdHeaders.MODULE ? undefined : true,
    });
    // Envoy removes before it adds (HeaderParser::evaluateHeaders in envoyproxy/envoy): a client's
    // l5d-dst-override never reaches the proxy, Emissary's own does.
    mapping.addJsonPatch(JsonPatch.add('/spec/remove_request_headers', ['l5d-dst-override']));
    return mapping;
  }

  /**
   * The Service's fully qualified name (as `l5d-dst-override` must carry it) or the IP, and the
   * port: the one given, else 80 or 443 as Emissary dials without one (utils.py, Service).
   */
  private upstreamOf(id: string, props: LinkerdMappingProps, namespace: string | undefined): LinkerdUpstream {
    const where = { node: { path: `${this.node.path}/${id}` } };
    const upstream: UpstreamService = isConstruct(props.service)
      ? upstreamOfService(where as any, props.service as IKubeObject, props.servicePort, props.serviceScheme)
      : parseUpstream(where, props.service);
    const port = upstream.port ?? (upstream.scheme === 'https' ? 443 : 80);
    const labels = upstream.host.replace(/\.$/, '').split('.');
    if (/^\d+$/.test(labels[labels.length - 1]) || upstream.host.startsWith('[')) {
      // The proxy routes by the original destination: a pod IP or ClusterIP is meshed as it is.
      return { scheme: upstream.scheme, host: upstream.host, port, isIp: true };
    }
    // name, name.ns, name.ns.svc or name.ns.svc.<clusterDomain>: anything else is no Service of the cluster.
    const suffix = labels.slice(2).join('.').toLowerCase();
    if (labels.length > 2 && suffix !== 'svc' && suffix !== `svc.${this.clusterDomain}`) {
      throw propError(where, 'service', props.service, `is not a Service of the cluster (name, name.namespace or name.namespace.svc.${this.clusterDomain}): `
        + 'Linkerd has no mesh identity for a host outside it, so its proxy would send the request unencrypted',
      'name a meshed Service of the cluster, for example web.apps:8080; route to an external host with a Mapping of its own (with tls, if it takes TLS)');
    }
    const ns = labels[1] ?? namespace;
    if (ns === undefined) {
      throw propError(where, 'service', props.service, 'names no namespace, and neither the Mapping nor its chart has one to qualify it', 'write name.namespace:port');
    }
    return { scheme: upstream.scheme, host: `${labels[0]}.${ns}.svc.${this.clusterDomain}`, port, isIp: false };
  }
}

/** Where a Linkerd Mapping goes: the scheme as written, the host (a Service's full name, or an IP) and the port. */
interface LinkerdUpstream {
  readonly scheme?: string;
  readonly host: string;
  readonly port: number;
  readonly isIp: boolean;
}

/** The ports `container` of `deployment` declares (none known: an empty list). */
function containerPorts(deployment: IKubeObject, container: string): Array<{ port: number; name?: string }> {
  let json: any;
  try {
    json = apiObjectOf(deployment)?.toJson();
  } catch {
    return [];
  }
  const found = (json?.spec?.template?.spec?.containers ?? []).find((c: any) => c?.name === container);
  return (found?.ports ?? []).filter((p: any) => typeof p?.containerPort === 'number').map((p: any) => ({ port: p.containerPort, name: p.name }));
}
