import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MountedSecret } from './ambassador-secret';
import { addConnectorRbac } from './connector-rbac';
import { addConnectorWorkload, CONNECTOR_USER, EnvVar } from './connector-workload';
import { ConsulAddress, ResolvedConsulAddress } from './consul-address';
import { ConsulCaTrust } from './consul-ca-trust';
import { ConsulAclToken, ConsulConnectorProps } from './consul-connector-props';
import { ConsulHostIp } from './consul-host-ip';
import { ConsulIntentions } from './consul-intentions';
import { ConsulResolverToken } from './consul-resolver-token';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { checkResources, ContainerResources, restrictedSecurityContext } from '../core/container';
import { checkPinnedImage } from '../core/container-image';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { isConstruct, namespaceOf } from '../core/kube-object';
import { checkBoolean, checkNamespace, checkObjectName, checkOptions, isDnsSubdomain, isServiceName } from '../core/validators';
import { AmbassadorInstall, installFor } from '../install/ambassador-install';
import { hostIpGap } from '../install/release-facts';
import { AmbassadorApiVersion } from '../resources/api-version';
import { ConsulResolver, ConsulResolverProps, usesHostIp } from '../resources/consul-resolver';
import { Mapping, MappingProps } from '../resources/mapping';
import { TlsContext } from '../resources/tls-context';

/** Upstream's requests and limits for the connector. */
const UPSTREAM_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '200m', memory: '200Mi' } };

/** Props for `ConsulConnector.addResolver()`: a ConsulResolver of the connector's Consul. */
export type ConnectorResolverProps = Omit<ConsulResolverProps, 'ambassadorId' | 'address' | 'install'> & {
  /** `address`. @default - the connector's Consul, as Emissary reaches it */
  readonly address?: string;
};

const CONNECTOR_PROPS = propKeys<ConsulConnectorProps>()('image', 'consul', 'namespace', 'ambassadorId', 'secretName', 'secretNamespace', 'aclToken',
  'verifyUpstream', 'resolverAclToken', 'serviceIntentions', 'clusterWideRbac', 'tlsContextName', 'securityContext', 'resources', 'apiVersion', 'install');

/**
 * The Ambassador Consul Connector and what reads its output: it copies the Consul Connect
 * certificate for its Consul identity into a Secret, and `tlsContext` loads that very Secret, so
 * Mappings using it speak mTLS to Connect sidecars. Emits a ServiceAccount, least-privilege RBAC,
 * a Service, the Deployment, the TLSContext and, for each Consul service its Mappings reach, a
 * ServiceIntentions allowing the connector's identity; every name derived from one `ambassadorId`.
 */
export class ConsulConnector extends Construct {
  /** The TLSContext loading the connector's Secret; pass it as a Mapping's `tls`. */
  public readonly tlsContext: TlsContext;
  /** The connector Deployment (also `node.defaultChild`, for JSON patches). */
  public readonly deployment: ApiObject;
  /** The Secret the connector writes (name). */
  public readonly secretName: string;
  /** The prefix of every name: `<ambassadorId>-consul`, or `ambassador-consul`. */
  public readonly namePrefix: string;
  /**
   * The connector's Consul identity: the service its leaf certificate is issued for, which
   * intentions must allow (`ambassador`, or `ambassador-<ambassadorId>`, as the connector's
   * NewAgent names it).
   */
  public readonly consulServiceName: string;
  /** The `ambassadorId`, if any. */
  public readonly ambassadorId?: string;
  /** The connector's namespace, inherited by `addResolver` and `addMapping`. */
  public readonly namespace: string;
  /**
   * With `ConsulAddress.https()`: what Ambassador's pod needs for resolvers that reach Consul
   * over HTTPS (the CA, trusted through `CONSUL_CACERT`); apply it with `wire()`,
   * `addHelmValues()` or `addKustomizeComponent()`.
   */
  public readonly caTrust?: ConsulCaTrust;
  /**
   * With `ConsulAddress.nodeAgent()` and an install whose pod has no `HOST_IP` (Emissary-ingress
   * 3.8.0 to 3.9.1, Edge Stack 3.8 and later): `HOST_IP` for Ambassador's pod, which the
   * resolvers' `${HOST_IP}` address needs; apply it with `addKustomizeComponent()`,
   * `addHelmValues()` or `wire()` (synth fails while a resolver needs it and nothing applies it).
   */
  public readonly hostIp?: ConsulHostIp;
  /**
   * With `resolverAclToken`: the token Emissary's Consul watcher sends for the resolvers' lookups,
   * for Ambassador's pod; apply it with `wire()`, `addHelmValues()` or `addKustomizeComponent()`
   * (synth fails while resolvers exist and nothing applies it).
   */
  public readonly resolverToken?: ConsulResolverToken;
  /** The install target, if one was declared. */
  public readonly install?: AmbassadorInstall;
  private readonly apiVersion?: AmbassadorApiVersion;
  private readonly address: ResolvedConsulAddress;
  /** `name.namespace` of the Secret the connector writes. */
  private readonly writesSecret: string;
  /** The resolvers whose address expands `HOST_IP`. */
  private readonly hostIpResolvers: string[] = [];
  /** Every resolver made with `addResolver()`. */
  private readonly resolvers: string[] = [];

  constructor(scope: Construct, id: string, props: ConsulConnectorProps) {
    const { where } = checkConstructArgs('ConsulConnector', scope, id, props, CONNECTOR_PROPS);
    const install = installFor(where, scope, props?.install);
    super(scope, id);
    this.install = install;
    guardAgainstDuplicates(this);
    for (const flag of ['serviceIntentions', 'clusterWideRbac', 'verifyUpstream'] as const) {
      if (props[flag] !== undefined) checkBoolean(this, flag, props[flag]);
    }
    if (props.tlsContextName !== undefined) checkObjectName(this, 'tlsContextName', props.tlsContextName);
    const image = checkPinnedImage(this, 'image', props.image);
    // The id prefixes every name, the longest being the Service "<id>-consul-connector" (an RFC 1035 label).
    if (props.ambassadorId !== undefined && !(isServiceName(props.ambassadorId) && props.ambassadorId.length <= 46)) {
      throw propError(this, 'ambassadorId', props.ambassadorId, 'cannot prefix the connector\'s names (a Service name must be an RFC 1035 label of at most 63 characters)',
        'use at most 46 lowercase letters, digits and "-", starting with a letter');
    }
    if (!(props.consul instanceof ConsulAddress)) {
      throw propError(this, 'consul', props.consul, 'is not a ConsulAddress',
        'choose where Consul is: ConsulAddress.serverService() (consul-k8s 1.0+), ConsulAddress.https({ host, caSecret }), or ConsulAddress.nodeAgent() (client agents on the nodes)');
    }
    this.address = props.consul.resolve(this);
    this.ambassadorId = props.ambassadorId;
    this.apiVersion = props.apiVersion;
    this.consulServiceName = props.ambassadorId === undefined ? 'ambassador' : `ambassador-${props.ambassadorId}`;
    const explicitNamespace = props.namespace === undefined ? undefined : checkNamespace(this, 'namespace', props.namespace);
    const base = `${props.ambassadorId ?? 'ambassador'}-consul`;
    // Emissary reads a dotted TLSContext secret as name.namespace: the name must have no dot.
    this.secretName = checkNamespace(this, 'secretName', props.secretName ?? `${base}-connect`);
    const secretNamespace = props.secretNamespace === undefined ? undefined : checkNamespace(this, 'secretNamespace', props.secretNamespace);
    // A ServiceAccount subject of a (Cluster)RoleBinding must name its namespace, and the Role
    // lives where the secret is written: without the connector's namespace neither is known.
    const namespace = explicitNamespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      throw propError(this, 'namespace', undefined, `and the chart's namespace are both unset: the RoleBinding could not name the ServiceAccount, so the RBAC would not cover ${secretNamespace ? `the secret in "${secretNamespace}"` : 'the secret'}`,
        'set `namespace` for the connector, or give the chart a namespace');
    }
    const aclTokenSecret = props.aclToken === undefined ? undefined : this.checkAclToken('aclToken', props.aclToken, namespace);
    const resolverToken = props.resolverAclToken === undefined ? undefined : this.checkAclToken('resolverAclToken', props.resolverAclToken, install?.namespace);
    if (this.address.ca?.secret.namespace !== undefined && this.address.ca.secret.namespace !== namespace) {
      throw propError(this, 'consul caSecret', `${this.address.ca.secret.name} (namespace ${this.address.ca.secret.namespace})`,
        `is not in the connector's namespace "${namespace}": a pod mounts Secrets from its own namespace only, so the connector would never start (FailedMount)`,
        `copy the Consul CA into a Secret in "${namespace}" (and in Ambassador's namespace, for the resolvers) and give that one`);
    }
    const resources = props.resources === undefined ? UPSTREAM_RESOURCES : checkResources(this, 'resources', props.resources);
    const securityContext = restrictedSecurityContext(this, 'securityContext', CONNECTOR_USER, props.securityContext);
    this.namespace = namespace;
    const writes = `${this.secretName}.${secretNamespace ?? namespace}`;
    for (const other of this.node.root.node.findAll()) {
      if (other === this || !(other instanceof ConsulConnector)) continue;
      if (Chart.of(other) === Chart.of(this) && other.namePrefix === base && other.namespace === namespace) {
        throw propError(this, 'ambassadorId', props.ambassadorId, `gives the same names (${base}-...) as ${other.node.path} in namespace "${namespace}"`,
          'give each connector its own ambassadorId, or put them in different namespaces');
      }
      if (other.writesSecret === writes) {
        throw propError(this, 'secretName', this.secretName, `in namespace "${secretNamespace ?? namespace}" is also the Secret ${other.node.path} writes: each would overwrite the other's certificate`,
          'give each connector its own secretName (or ambassadorId)');
      }
    }
    this.namePrefix = base;
    this.writesSecret = writes;

    addConnectorRbac(this, {
      name: `${base}-connect`, serviceAccount: `${base}-connect`, serviceAccountNamespace: namespace, secretNamespace: secretNamespace ?? namespace, clusterWide: props.clusterWideRbac ?? false,
    });
    const env: EnvVar[] = [
      ...this.address.env,
      { name: '_AMBASSADOR_TLS_SECRET_NAME', value: this.secretName },
      secretNamespace !== undefined
        ? { name: '_AMBASSADOR_TLS_SECRET_NAMESPACE', value: secretNamespace }
        : { name: '_AMBASSADOR_TLS_SECRET_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      ...(props.ambassadorId !== undefined ? [{ name: '_AMBASSADOR_ID', value: props.ambassadorId }] : []),
      ...(props.aclToken !== undefined ? [{ name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { name: aclTokenSecret!.name, key: props.aclToken.key } } }] : []),
    ];
    this.deployment = addConnectorWorkload(this, {
      base,
      namespace,
      serviceAccount: `${base}-connect`,
      image,
      env,
      volumes: this.address.ca ? [this.address.ca.volume] : [],
      volumeMounts: this.address.ca ? [this.address.ca.mount] : [],
      securityContext,
      resources,
    });
    this.node.defaultChild = this.deployment;

    this.tlsContext = new TlsContext(this, 'TlsContext', {
      name: props.tlsContextName ?? base,
      namespace,
      hosts: [],
      secret: this.secretName,
      // Qualify the secret only when it lives outside the TLSContext's namespace.
      secretNamespace: secretNamespace !== undefined && secretNamespace !== namespace ? secretNamespace : undefined,
      // The connector writes tls.crt as the leaf followed by the active Consul root
      // (createCertificateChain in cmd/consul_connect_integration/main.go): as ca_secret, that
      // chain verifies each Connect sidecar against the Consul root.
      trustClientChain: props.verifyUpstream !== false,
      ambassadorId: props.ambassadorId,
      apiVersion: props.apiVersion,
      requiresEndpointResolver: true,
    });
    if (props.serviceIntentions !== false) {
      const intentions = new ConsulIntentions(this, this.consulServiceName, namespace);
      this.tlsContext._mappingListeners.push((use) => intentions.allow(use.mapping, use.upstream));
    }
    if (this.address.ca) this.caTrust = new ConsulCaTrust(this, 'CaTrust', this.address.ca, install);
    if (resolverToken) {
      const token = new ConsulResolverToken(this, 'ResolverToken', resolverToken, props.resolverAclToken!.key, install);
      this.resolverToken = token;
      this.node.addValidation({
        validate: () => (this.resolvers.length === 0 || token.applied ? [] : [
          `${this.node.path}: resolverAclToken is for the ConsulResolvers ${this.resolvers.join(', ')}, but nothing applies connector.resolverToken to Ambassador's pod, `
          + 'so Emissary\'s watcher reads Consul\'s catalog with the anonymous token. Fix: apply it with addKustomizeComponent(), addHelmValues() or wire()',
        ]),
      });
    }
    if (props.consul.kind === 'nodeAgent' && install !== undefined && !install.setsHostIp) {
      const hostIp = new ConsulHostIp(this, 'HostIp', install);
      this.hostIp = hostIp;
      const resolvers = this.hostIpResolvers;
      this.node.addValidation({
        validate: () => (resolvers.length === 0 || hostIp.applied ? [] : [
          `${this.node.path}: ConsulResolver ${resolvers.join(', ')} reaches Consul at \${HOST_IP}, but ${install.description} sets no HOST_IP in Ambassador's pod `
          + `(${hostIpGap(install.product)}), so Emissary's watcher expands it to "" and the Mappings it resolves get no endpoints. `
          + 'Fix: apply connector.hostIp to Ambassador\'s pod (addKustomizeComponent(), addHelmValues() or wire()), or use ConsulAddress.serverService() (consul-k8s 1.0 and later)',
        ]),
      });
    }
  }

  /**
   * Whether this connector adds `HOST_IP` to Ambassador's pod (`hostIp`), for the resolvers it makes.
   * @internal
   */
  public get _providesHostIp(): boolean {
    return this.hostIp !== undefined;
  }

  /**
   * Adds a ConsulResolver with this connector's `ambassadorId` and namespace; its `address` is
   * the connector's Consul as Emissary reaches it (over HTTPS, apply `caTrust` to Ambassador).
   */
  public addResolver(id: string, props: ConnectorResolverProps = {}): ConsulResolver {
    props = checkOptions(this, 'addResolver props', props, ['name', 'namespace', 'datacenter', 'apiVersion', 'address']);
    const resolver = new ConsulResolver(this, id, {
      apiVersion: this.apiVersion,
      namespace: this.namespace,
      ...props,
      address: props.address ?? this.address.resolverAddress,
      ambassadorId: this.ambassadorId,
      install: this.install,
    });
    if (usesHostIp(resolver.address)) this.hostIpResolvers.push(resolver.name);
    this.resolvers.push(resolver.name);
    return resolver;
  }

  /**
   * Adds a Mapping that originates mTLS with the connector's TLSContext: give it the connector's
   * resolver and the Consul sidecar service (`ConsulResolver.sidecarService('qotm')`).
   */
  public addMapping(id: string, props: Omit<MappingProps, 'tls'>): Mapping {
    if (props !== null && typeof props === 'object' && 'tls' in props) {
      throw propError(this, 'addMapping tls', (props as MappingProps).tls, 'is set, but addMapping presents the connector\'s certificate', 'leave tls out, or create a Mapping yourself');
    }
    return new Mapping(this, id, { apiVersion: this.apiVersion, namespace: this.namespace, ...props, tls: this.tlsContext });
  }

  /**
   * Checks a token source (`aclToken` for the connector's pod, `resolverAclToken` for
   * Ambassador's); returns the Secret's name and its namespace when the app knows it.
   */
  private checkAclToken(prop: 'aclToken' | 'resolverAclToken', given: ConsulAclToken, podNamespace: string | undefined): MountedSecret {
    const token = checkOptions(this, prop, given, ['secret', 'key']);
    const secret = token.secret;
    const name = typeof secret === 'string' ? secret : isConstruct(secret) && typeof secret.name === 'string' ? secret.name : undefined;
    if (name === undefined || !isDnsSubdomain(name)) {
      throw propError(this, `${prop}.secret`, isConstruct(secret) ? secret.node.path : secret, 'is not a Secret',
        'give the Secret holding the token, by name or as an object (for example kplus.Secret.fromSecretName(this, id, name))');
    }
    if (typeof token.key !== 'string' || token.key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(token.key)) {
      throw propError(this, `${prop}.key`, token.key, 'is not a Secret key', `name the key of Secret "${name}" that holds the Consul ACL token`);
    }
    const secretNamespace = typeof secret === 'string' ? undefined : namespaceOf(secret);
    if (secretNamespace !== undefined && podNamespace !== undefined && secretNamespace !== podNamespace) {
      const whose = prop === 'aclToken' ? 'the connector\'s namespace' : 'Ambassador\'s namespace';
      throw propError(this, `${prop}.secret`, `${name} (namespace ${secretNamespace})`, `is not in ${whose} "${podNamespace}": a pod reads Secrets from its own namespace only`,
        `copy the token into a Secret in "${podNamespace}" and reference that one`);
    }
    return { name, namespace: secretNamespace };
  }
}
