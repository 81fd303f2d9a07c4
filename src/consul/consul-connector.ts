import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { addConnectorRbac } from './connector-rbac';
import { addConnectorWorkload, CONNECTOR_USER, EnvVar } from './connector-workload';
import { checkResources, ContainerResources, ContainerSecurityContext, restrictedSecurityContext } from '../core/container';
import { checkPinnedImage } from '../core/container-image';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { IKubeObject, isConstruct, namespaceOf } from '../core/kube-object';
import { checkNamespace, checkPort, isDnsSubdomain, isServiceName } from '../core/names';
import { AmbassadorApiVersion } from '../resources/api-version';
import { ConsulResolver, ConsulResolverProps } from '../resources/consul-resolver';
import { Mapping, MappingProps } from '../resources/mapping';
import { TlsContext } from '../resources/tls-context';

/** A Consul ACL token, read from a key of a Kubernetes Secret. */
export interface ConsulAclToken {
  /**
   * The Secret holding the token, in the connector's namespace: its name, or the Secret itself
   * (cdk8s-plus of any version, or an `ApiObject` of kind Secret).
   */
  readonly secret: string | IKubeObject;
  /** The key of the token in the Secret. */
  readonly key: string;
}

/** Props for `ConsulConnector`. */
export interface ConsulConnectorProps {
  /** The connector image, with an explicit tag or digest (never untagged or `latest`). */
  readonly image: string;
  /**
   * The namespace the connector runs in (RBAC bindings must name it).
   * @default - the chart's namespace; one of the two is required
   */
  readonly namespace?: string;
  /**
   * `_AMBASSADOR_ID`: the Ambassador this connector serves; also the `ambassador_id` of its
   * TLSContext and resolvers, and the prefix of every name, so two connectors never collide.
   * @default - none (Ambassador's default id)
   */
  readonly ambassadorId?: string;
  /**
   * `_CONSUL_HOST`: the Consul HTTP API host. A DNS name for Consul without node agents.
   * @default - the node's IP (`status.hostIP`), where the Consul client agent listens
   */
  readonly consulHost?: string;
  /**
   * `_CONSUL_PORT`: the Consul HTTP API port.
   * @default 8500
   */
  readonly consulPort?: number;
  /**
   * `_AMBASSADOR_TLS_SECRET_NAME`: the Secret the connector writes the Consul CA certificate to.
   * @default "<ambassadorId>-consul-connect", or "ambassador-consul-connect" without an id
   */
  readonly secretName?: string;
  /**
   * `_AMBASSADOR_TLS_SECRET_NAMESPACE`: the namespace of that Secret.
   * @default - the connector pod's own namespace (`metadata.namespace`)
   */
  readonly secretNamespace?: string;
  /**
   * `CONSUL_HTTP_TOKEN`, from a Secret key, for a Consul with ACLs enabled.
   * @default - no token
   */
  readonly aclToken?: ConsulAclToken;
  /**
   * Grant the secret permissions cluster-wide (a ClusterRole, as upstream does) instead of a
   * Role in the secret's namespace only.
   * @default false
   */
  readonly clusterWideRbac?: boolean;
  /**
   * The TLSContext's name, which Mappings reference as `tls`.
   * @default "ambassador-consul", or "<ambassadorId>-consul" with an id
   */
  readonly tlsContextName?: string;
  /**
   * Overrides of the connector container's security context, merged field by field over the
   * restricted default (user 8888, non-root, no privilege escalation, read-only root filesystem
   * with a writable /tmp, all capabilities dropped; `capabilities.add` keeps the others dropped).
   * The pod keeps non-root and the RuntimeDefault seccomp profile (use the JSON-patch escape
   * hatch on `node.defaultChild` to change those). Relax only what the image needs, for example
   * `{ readOnlyRootFilesystem: false }`.
   * @default - the restricted default
   */
  readonly securityContext?: ContainerSecurityContext;
  /**
   * The connector container's resources.
   * @default - upstream's: requests 100m CPU / 50Mi, limits 200m CPU / 200Mi
   */
  readonly resources?: ContainerResources;
  /**
   * The getambassador.io API version of the TLSContext and resolvers.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
}

/**
 * The Ambassador Consul Connector and what reads its output: it copies the Consul Connect CA
 * certificate into a Secret, and `tlsContext` loads that very Secret, so Mappings using it
 * speak mTLS to Connect sidecars. Emits a ServiceAccount, least-privilege RBAC, a Service, the
 * Deployment and the TLSContext, every name derived from the one `ambassadorId`.
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
  private readonly consulAddress?: string;
  /** The `ambassadorId`, if any. */
  public readonly ambassadorId?: string;
  /** The connector's namespace, inherited by `addResolver` and `addMapping`. */
  public readonly namespace: string;
  private readonly apiVersion?: AmbassadorApiVersion;

  constructor(scope: Construct, id: string, props: ConsulConnectorProps) {
    super(scope, id);
    guardAgainstDuplicates(this);
    const image = checkPinnedImage(this, 'image', props.image);
    // The id prefixes every name, the longest being the Service "<id>-consul-connector" (an RFC 1035 label).
    if (props.ambassadorId !== undefined && !(isServiceName(props.ambassadorId) && props.ambassadorId.length <= 46)) {
      throw propError(this, 'ambassadorId', props.ambassadorId, 'cannot prefix the connector\'s names (a Service name must be an RFC 1035 label of at most 63 characters)',
        'use at most 46 lowercase letters, digits and "-", starting with a letter');
    }
    this.ambassadorId = props.ambassadorId;
    this.apiVersion = props.apiVersion;
    const explicitNamespace = props.namespace === undefined ? undefined : checkNamespace(this, 'namespace', props.namespace);
    const base = `${props.ambassadorId ?? 'ambassador'}-consul`;
    // Emissary reads a dotted TLSContext secret as name.namespace: the name must have no dot.
    this.secretName = checkNamespace(this, 'secretName', props.secretName ?? `${base}-connect`);
    const secretNamespace = props.secretNamespace === undefined ? undefined : checkNamespace(this, 'secretNamespace', props.secretNamespace);
    const consulPort = checkPort(this, 'consulPort', props.consulPort ?? 8500);
    if (props.consulHost !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(props.consulHost)) {
      throw propError(this, 'consulHost', props.consulHost, props.consulHost.trim() === '' ? 'is empty' : 'is not a host name or IP address',
        'leave it unset to use the node\'s agent (status.hostIP), or give a DNS name such as consul-server.consul');
    }
    const podNamespace = explicitNamespace ?? Chart.of(this).namespace;
    const aclTokenSecret = props.aclToken === undefined ? undefined : this.checkAclToken(props.aclToken, podNamespace);
    // A ServiceAccount subject of a (Cluster)RoleBinding must name its namespace, and the Role
    // lives where the secret is written: without the connector's namespace neither is known.
    const namespace = explicitNamespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      throw propError(this, 'namespace', undefined, `and the chart's namespace are both unset: the RoleBinding could not name the ServiceAccount, so the RBAC would not cover ${secretNamespace ? `the secret in "${secretNamespace}"` : 'the secret'}`,
        'set `namespace` for the connector, or give the chart a namespace');
    }
    const rbacNamespace = secretNamespace ?? namespace;
    this.namespace = namespace;
    this.consulAddress = props.consulHost !== undefined ? `${props.consulHost}:${consulPort}` : undefined;
    for (const other of Chart.of(this).node.findAll()) {
      if (other !== this && other instanceof ConsulConnector && other.namePrefix === base && other.namespace === namespace) {
        throw propError(this, 'ambassadorId', props.ambassadorId, `gives the same names (${base}-...) as ${other.node.path} in namespace "${namespace}"`,
          'give each connector its own ambassadorId, or put them in different namespaces');
      }
    }
    this.namePrefix = base;

    addConnectorRbac(this, {
      name: `${base}-connect`, serviceAccount: `${base}-connect`, serviceAccountNamespace: namespace, secretNamespace: rbacNamespace, clusterWide: props.clusterWideRbac ?? false,
    });
    const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });
    const env: EnvVar[] = [
      props.consulHost !== undefined ? { name: '_CONSUL_HOST', value: props.consulHost } : { name: '_CONSUL_HOST', valueFrom: fieldRef('status.hostIP') },
      { name: '_CONSUL_PORT', value: String(consulPort) },
      { name: '_AMBASSADOR_TLS_SECRET_NAME', value: this.secretName },
      secretNamespace !== undefined
        ? { name: '_AMBASSADOR_TLS_SECRET_NAMESPACE', value: secretNamespace }
        : { name: '_AMBASSADOR_TLS_SECRET_NAMESPACE', valueFrom: fieldRef('metadata.namespace') },
      ...(props.ambassadorId !== undefined ? [{ name: '_AMBASSADOR_ID', value: props.ambassadorId }] : []),
      ...(props.aclToken !== undefined ? [{ name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { name: aclTokenSecret!, key: props.aclToken.key } } }] : []),
    ];
    this.deployment = addConnectorWorkload(this, {
      base,
      namespace,
      serviceAccount: `${base}-connect`,
      image,
      env,
      securityContext: restrictedSecurityContext(this, 'securityContext', CONNECTOR_USER, props.securityContext),
      resources: props.resources === undefined ? UPSTREAM_RESOURCES : checkResources(this, 'resources', props.resources),
    });
    this.node.defaultChild = this.deployment;

    this.tlsContext = new TlsContext(this, 'TlsContext', {
      name: props.tlsContextName ?? base,
      namespace,
      hosts: [],
      secret: this.secretName,
      // Qualify the secret only when it lives outside the TLSContext's namespace.
      secretNamespace: secretNamespace !== undefined && secretNamespace !== namespace ? secretNamespace : undefined,
      ambassadorId: props.ambassadorId,
      apiVersion: props.apiVersion,
    });
  }

  /**
   * Adds a ConsulResolver with this connector's `ambassadorId` and namespace; its `address`
   * defaults to the connector's `consulHost:consulPort` when a host was given.
   */
  public addResolver(id: string, props: Omit<ConsulResolverProps, 'ambassadorId' | 'address'> & { address?: string } = {}): ConsulResolver {
    const address = props.address ?? this.consulAddress;
    if (address === undefined) {
      throw propError(this, 'addResolver address', undefined, 'is needed: the connector talks to the node agent (status.hostIP), which a resolver cannot name',
        'give the resolver an address such as consul-server.consul:8500, or give the connector a consulHost');
    }
    return new ConsulResolver(this, id, {
      apiVersion: this.apiVersion, namespace: this.namespace, ...props, address, ambassadorId: this.ambassadorId,
    });
  }

  /** Adds a Mapping that originates mTLS with the connector's TLSContext. */
  public addMapping(id: string, props: Omit<MappingProps, 'tls'>): Mapping {
    return new Mapping(this, id, { apiVersion: this.apiVersion, namespace: this.namespace, ...props, tls: this.tlsContext });
  }

  /** Checks the token source; returns the Secret's name. */
  private checkAclToken(token: ConsulAclToken, podNamespace: string | undefined): string {
    const secret = token?.secret;
    const name = typeof secret === 'string' ? secret : isConstruct(secret) && typeof secret.name === 'string' ? secret.name : undefined;
    if (name === undefined || !isDnsSubdomain(name)) {
      throw propError(this, 'aclToken.secret', isConstruct(secret) ? secret.node.path : secret, 'is not a Secret', 'give the Secret holding the token, by name or as an object (for example kplus.Secret.fromSecretName(this, id, name))');
    }
    if (typeof token.key !== 'string' || token.key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(token.key)) {
      throw propError(this, 'aclToken.key', token.key, 'is not a Secret key', `name the key of Secret "${name}" that holds the Consul ACL token`);
    }
    const secretNamespace = typeof secret === 'string' ? undefined : namespaceOf(secret);
    if (secretNamespace !== undefined && podNamespace !== undefined && secretNamespace !== podNamespace) {
      throw propError(this, 'aclToken.secret', `${name} (namespace ${secretNamespace})`, `is not in the connector's namespace "${podNamespace}": a pod reads env Secrets from its own namespace only`,
        `copy the token into a Secret in "${podNamespace}" and reference that one`);
    }
    return name;
  }
}

/** Upstream's requests and limits for the connector. */
const UPSTREAM_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '200m', memory: '200Mi' } };
