import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbassadorListenerPorts, LinkerdHeaders } from './linkerd-options';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { IKubeObject, isConstruct } from '../core/kube-object';
import { checkClusterDomain, checkNamespace, checkOptions } from '../core/validators';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';
import { AmbassadorModule } from '../resources/ambassador-module';
import { AmbassadorApiVersion } from '../resources/api-version';
import { Mapping, MappingProps } from '../resources/mapping';
import { parseUpstream, UpstreamService, upstreamOfService } from '../resources/upstream-service';

/** Props for `LinkerdMtls`. */
export interface LinkerdMtlsProps {
  /**
   * The ports Ambassador's container listens on, which Linkerd's proxy skips.
   * @default AmbassadorListenerPorts.EMISSARY (8080 and 8443)
   */
  readonly listenerPorts?: AmbassadorListenerPorts;
  /**
   * Where `add_linkerd_headers` goes.
   * @default LinkerdHeaders.PER_MAPPING
   */
  readonly headers?: LinkerdHeaders;
  /**
   * The cluster's DNS domain: Mappings name their Service by its fully qualified name, which
   * Linkerd's proxy resolves from `l5d-dst-override`.
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
   * @default "ambassador"
   */
  readonly ambassadorContainer?: string;
}

/** Props for `LinkerdMtls.addMapping()`. */
export type LinkerdMappingProps = Omit<MappingProps, 'tls' | 'addLinkerdHeaders'>;

const LINKERD_PROPS = propKeys<LinkerdMtlsProps>()('listenerPorts', 'headers', 'clusterDomain', 'namespace', 'ambassadorId', 'apiVersion',
  'ambassadorDeployment', 'ambassadorContainer');

/**
 * Mutual TLS from Ambassador to Linkerd-meshed services. Linkerd does the mTLS itself, in the
 * proxy it injects into Ambassador's pod, so there is no TLSContext: the pod is meshed
 * (`linkerd.io/inject: enabled`) with Ambassador's own listener ports skipped
 * (`config.linkerd.io/skip-inbound-ports`), and each Mapping sends plain HTTP to the Service's
 * fully qualified name with `add_linkerd_headers`, so the proxy knows where to route and
 * upgrades the connection to mTLS (Emissary's Linkerd guide, howtos/linkerd2; Linkerd's
 * proxy-configuration reference for the annotations).
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
    checkConstructArgs('LinkerdMtls', scope, id, props, LINKERD_PROPS);
    super(scope, id);
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
    this.podPatch = {
      podLabels: {},
      podAnnotations: {
        'linkerd.io/inject': 'enabled',
        'config.linkerd.io/skip-inbound-ports': (props.listenerPorts ?? AmbassadorListenerPorts.EMISSARY).toString(),
      },
      volumes: [],
      volumeMounts: [],
      env: {},
    };
    if (props.headers === LinkerdHeaders.MODULE) {
      AmbassadorModule.of(this, props.ambassadorId, props.namespace).setConfig('add_linkerd_headers', true, this);
    }
    if (props.ambassadorDeployment) this.wire(props.ambassadorDeployment, props.ambassadorContainer);
  }

  /**
   * Adds a Mapping to a Linkerd-meshed Service: plain `http` (Linkerd's proxy upgrades it to
   * mTLS), to the Service's fully qualified name and port, with `add_linkerd_headers` (unless the
   * Module sends it). The service must name its port; `https://` and `tls` are errors (TLS inside
   * the mesh's own would hide the request from the proxy).
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
    return new Mapping(this, id, {
      apiVersion: this.props.apiVersion,
      namespace: this.props.namespace,
      ambassadorId: this.props.ambassadorId,
      ...given,
      service: `${upstream.host}:${upstream.port}`,
      servicePort: undefined,
      serviceScheme: undefined,
      addLinkerdHeaders: this.props.headers === LinkerdHeaders.MODULE ? undefined : true,
    });
  }

  /** The Service's fully qualified name and port, as `l5d-dst-override` must carry them. */
  private upstreamOf(id: string, props: LinkerdMappingProps, namespace: string | undefined): Required<Pick<UpstreamService, 'host' | 'port'>> {
    const where = { node: { path: `${this.node.path}/${id}` } };
    const upstream = isConstruct(props.service)
      ? upstreamOfService(where as any, props.service as IKubeObject, props.servicePort, props.serviceScheme)
      : parseUpstream(where, props.service);
    if (upstream.scheme === 'https') {
      throw propError(where, 'service', props.service, 'is https://, but Linkerd\'s proxy already encrypts with mTLS: TLS inside it would hide the request from the proxy',
        'write the service without a scheme (or http://): Linkerd upgrades the connection');
    }
    if (upstream.port === undefined) {
      throw propError(where, 'service', props.service, 'names no port, and l5d-dst-override must name the Service port Linkerd routes to', 'name the port, for example web.apps:8080');
    }
    const labels = upstream.host.replace(/\.$/, '').split('.');
    if (/^\d+$/.test(labels[labels.length - 1]) || upstream.host.startsWith('[')) {
      throw propError(where, 'service', props.service, 'is an IP address, but Linkerd routes by Service name', 'name the Service, for example web.apps:8080');
    }
    // name, name.ns, name.ns.svc or name.ns.svc.<clusterDomain>: anything else is no Service of the cluster.
    const suffix = labels.slice(2).join('.');
    if (labels.length > 2 && suffix !== 'svc' && suffix !== `svc.${this.clusterDomain}`) {
      throw propError(where, 'service', props.service, `is not a Service of the cluster (name, name.namespace or name.namespace.svc.${this.clusterDomain}): Linkerd routes by Service name`,
        'name the Service the proxy should route to, for example web.apps:8080 (an external host needs no Linkerd header)');
    }
    const ns = labels[1] ?? namespace;
    if (ns === undefined) {
      throw propError(where, 'service', props.service, 'names no namespace, and neither the Mapping nor its chart has one to qualify it', 'write name.namespace:port');
    }
    return { host: `${labels[0]}.${ns}.svc.${this.clusterDomain}`, port: upstream.port };
  }
}
