import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkPinnedImage } from '../core/container-image';
import { propError } from '../core/errors';
import { checkNamespace, checkPort, isServiceName } from '../core/names';
import { AmbassadorApiVersion } from '../resources/api-version';
import { ConsulResolver, ConsulResolverProps } from '../resources/consul-resolver';
import { Mapping, MappingProps } from '../resources/mapping';
import { TlsContext } from '../resources/tls-context';

/** A Consul ACL token, read from a key of a Kubernetes Secret. */
export interface ConsulAclToken {
  /** The Secret holding the token. */
  readonly secret: kplus.ISecret;
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
  readonly securityContext?: kplus.ContainerSecurityContextProps;
  /**
   * The connector container's resources.
   * @default - upstream's: requests 100m CPU / 50Mi, limits 200m CPU / 200Mi
   */
  readonly resources?: kplus.ContainerResources;
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
  /** The connector Deployment. */
  public readonly deployment: kplus.Deployment;
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
    if (props.aclToken !== undefined) this.checkAclToken(props.aclToken, explicitNamespace ?? Chart.of(this).namespace);
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

    const labels = { 'app': 'ambassador', 'component': 'consul-connect', 'app.kubernetes.io/instance': base };
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: `${base}-connect`, namespace } });
    this.addRbac(`${base}-connect`, serviceAccount.name, namespace, rbacNamespace, props.clusterWideRbac ?? false);

    const { EnvValue, EnvFieldPaths } = kplus;
    const env: Record<string, kplus.EnvValue> = {
      _CONSUL_HOST: props.consulHost !== undefined ? EnvValue.fromValue(props.consulHost) : EnvValue.fromFieldRef(EnvFieldPaths.NODE_IP),
      _CONSUL_PORT: EnvValue.fromValue(String(consulPort)),
      _AMBASSADOR_TLS_SECRET_NAME: EnvValue.fromValue(this.secretName),
      _AMBASSADOR_TLS_SECRET_NAMESPACE: secretNamespace !== undefined
        ? EnvValue.fromValue(secretNamespace) : EnvValue.fromFieldRef(EnvFieldPaths.POD_NAMESPACE),
      ...(props.ambassadorId !== undefined && { _AMBASSADOR_ID: EnvValue.fromValue(props.ambassadorId) }),
      ...(props.aclToken !== undefined && {
        CONSUL_HTTP_TOKEN: EnvValue.fromSecretValue({ secret: props.aclToken.secret, key: props.aclToken.key }),
      }),
    };
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: `${base}-connect-integration`, namespace, labels },
      replicas: 1,
      select: false,
      podMetadata: { labels, annotations: { 'consul.hashicorp.com/connect-inject': 'false' } },
      serviceAccount,
      automountServiceAccountToken: true, // it writes the Secret through the API server
      terminationGracePeriod: Duration.seconds(0),
      securityContext: { ensureNonRoot: true, user: 8888, group: 8888 },
      containers: [{
        name: 'consul-connect-integration',
        image,
        command: ['consul_connect_integration'],
        envVariables: { ...env, HOME: EnvValue.fromValue('/tmp') },
        // The connector applies the Secret with kubectl, which caches API discovery under $HOME.
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp') }],
        resources: props.resources ?? {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(50), limit: Size.mebibytes(200) },
        },
        securityContext: {
          ensureNonRoot: true,
          user: 8888,
          group: 8888,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          ...props.securityContext,
          // Capabilities merge: adding one keeps the others dropped unless `drop` is given.
          capabilities: { drop: ['ALL' as kplus.Capability], ...props.securityContext?.capabilities }, // the enum has no ALL
        },
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels }));
    this.node.defaultChild = ApiObject.of(this.deployment);
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));

    new kplus.Service(this, 'Service', {
      metadata: { name: `${base}-connector`, namespace },
      selector: kplus.Pods.select(this, 'Pods', { labels }),
      ports: [{ name: `${base}-connector`, port: 80 }],
    });

    this.tlsContext = new TlsContext(this, 'TlsContext', {
      name: props.tlsContextName ?? base,
      namespace,
      hosts: [],
      secret: kplus.Secret.fromSecretName(this, 'ConnectSecret', this.secretName),
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

  private checkAclToken(token: ConsulAclToken, podNamespace: string | undefined) {
    if (!token.secret || typeof token.secret.name !== 'string') {
      throw propError(this, 'aclToken.secret', token.secret, 'is not a Secret', 'give the Secret holding the token, for example kplus.Secret.fromSecretName(this, id, name)');
    }
    if (typeof token.key !== 'string' || token.key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(token.key)) {
      throw propError(this, 'aclToken.key', token.key, 'is not a Secret key', `name the key of Secret "${token.secret.name}" that holds the Consul ACL token`);
    }
    const secretNamespace = token.secret instanceof kplus.Secret ? token.secret.metadata.namespace ?? Chart.of(token.secret).namespace : undefined;
    if (secretNamespace !== undefined && podNamespace !== undefined && secretNamespace !== podNamespace) {
      throw propError(this, 'aclToken.secret', `${token.secret.name} (namespace ${secretNamespace})`, `is not in the connector's namespace "${podNamespace}": a pod reads env Secrets from its own namespace only`,
        `copy the token into a Secret in "${podNamespace}" and reference that one`);
    }
  }

  private addRbac(name: string, account: string, accountNamespace: string, rbacNamespace: string, clusterWide: boolean) {
    const rules = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'delete', 'patch'] }];
    const subjects = [{ kind: 'ServiceAccount', name: account, namespace: accountNamespace }];
    if (clusterWide) {
      // Cluster-scoped: the namespace keeps connectors of other namespaces from sharing the name.
      const clusterName = `${name}-${accountNamespace}`;
      new kplus.k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name: clusterName }, rules });
      new kplus.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: clusterName }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName }, subjects,
      });
    } else {
      new kplus.k8s.KubeRole(this, 'Role', { metadata: { name, namespace: rbacNamespace }, rules });
      new kplus.k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: { name, namespace: rbacNamespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects,
      });
    }
  }
}
