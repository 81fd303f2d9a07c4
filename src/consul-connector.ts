import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AmbassadorApiVersion } from './api-version';
import { ConsulResolver, ConsulResolverProps } from './consul-resolver';
import { checkPinnedImage } from './container-image';
import { propError } from './errors';
import { Mapping, MappingProps } from './mapping';
import { checkNamespace, checkObjectName, checkPort } from './names';
import { TlsContext } from './tls-context';

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
   * Overrides of the connector container's security context, merged over the restricted
   * default (user 8888, non-root, no privilege escalation, read-only root filesystem, all
   * capabilities dropped; the pod uses the RuntimeDefault seccomp profile). Relax only what the
   * image needs, for example `{ readOnlyRootFilesystem: false }`.
   * @default - the restricted default
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;
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
  /** The `ambassadorId`, if any. */
  public readonly ambassadorId?: string;
  /** The connector's namespace, inherited by `addResolver` and `addMapping`. */
  public readonly namespace: string;
  private readonly apiVersion?: AmbassadorApiVersion;

  constructor(scope: Construct, id: string, props: ConsulConnectorProps) {
    super(scope, id);
    const image = checkPinnedImage(this, 'image', props.image);
    if (props.ambassadorId !== undefined) checkObjectName(this, 'ambassadorId', props.ambassadorId);
    this.ambassadorId = props.ambassadorId;
    this.apiVersion = props.apiVersion;
    const explicitNamespace = props.namespace === undefined ? undefined : checkNamespace(this, 'namespace', props.namespace);
    const base = `${props.ambassadorId ?? 'ambassador'}-consul`;
    this.secretName = checkObjectName(this, 'secretName', props.secretName ?? `${base}-connect`);
    const secretNamespace = props.secretNamespace === undefined ? undefined : checkNamespace(this, 'secretNamespace', props.secretNamespace);
    const consulPort = checkPort(this, 'consulPort', props.consulPort ?? 8500);
    if (props.consulHost !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(props.consulHost)) {
      throw propError(this, 'consulHost', props.consulHost, props.consulHost.trim() === '' ? 'is empty' : 'is not a host name or IP address',
        'leave it unset to use the node\'s agent (status.hostIP), or give a DNS name such as consul-server.consul');
    }
    if (props.aclToken !== undefined && (typeof props.aclToken.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(props.aclToken.key))) {
      throw propError(this, 'aclToken.key', props.aclToken.key, 'is not a Secret key', `name the key of Secret "${props.aclToken.secret.name}" that holds the Consul ACL token`);
    }
    // A ServiceAccount subject of a (Cluster)RoleBinding must name its namespace, and the Role
    // lives where the secret is written: without the connector's namespace neither is known.
    const namespace = explicitNamespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      throw propError(this, 'namespace', undefined, `and the chart's namespace are both unset: the RoleBinding could not name the ServiceAccount, so the RBAC would not cover ${secretNamespace ? `the secret in "${secretNamespace}"` : 'the secret'}`,
        'set `namespace` for the connector, or give the chart a namespace');
    }
    const rbacNamespace = secretNamespace ?? namespace;
    this.namespace = namespace;

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
        envVariables: env,
        resources: {
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
          capabilities: { drop: ['ALL' as kplus.Capability] }, // cdk8s-plus-27's enum has no ALL
          ...props.securityContext,
        },
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels }));
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

  /** Adds a ConsulResolver with this connector's `ambassadorId`. */
  public addResolver(id: string, props: Omit<ConsulResolverProps, 'ambassadorId'>): ConsulResolver {
    return new ConsulResolver(this, id, { apiVersion: this.apiVersion, namespace: this.namespace, ...props, ambassadorId: this.ambassadorId });
  }

  /** Adds a Mapping that originates mTLS with the connector's TLSContext. */
  public addMapping(id: string, props: Omit<MappingProps, 'tls'>): Mapping {
    return new Mapping(this, id, { apiVersion: this.apiVersion, namespace: this.namespace, ...props, tls: this.tlsContext });
  }

  private addRbac(name: string, account: string, accountNamespace: string, rbacNamespace: string, clusterWide: boolean) {
    const rules = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'delete', 'patch'] }];
    const subjects = [{ kind: 'ServiceAccount', name: account, namespace: accountNamespace }];
    if (clusterWide) {
      new kplus.k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name }, rules });
      new kplus.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects,
      });
    } else {
      new kplus.k8s.KubeRole(this, 'Role', { metadata: { name, namespace: rbacNamespace }, rules });
      new kplus.k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: { name, namespace: rbacNamespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects,
      });
    }
  }
}
