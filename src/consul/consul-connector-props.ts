import { ConsulAddress } from './consul-address';
import { ContainerResources, ContainerSecurityContext } from '../core/container';
import { IKubeObject } from '../core/kube-object';
import { AmbassadorInstall } from '../install/ambassador-install';
import { AmbassadorApiVersion } from '../resources/api-version';

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
   * Where the connector reaches the Consul HTTP API (`_CONSUL_HOST`, `_CONSUL_PORT`, and for
   * HTTPS `CONSUL_HTTP_SSL`, `CONSUL_CACERT`): the Consul servers' Service
   * (`ConsulAddress.serverService()`, consul-k8s 1.0 and later), the HTTPS API with its CA
   * (`ConsulAddress.https()`), or the agent on each node (`ConsulAddress.nodeAgent()`, clusters
   * that still run client agents). No default: the wrong choice crash-loops the connector.
   */
  readonly consul: ConsulAddress;
  /**
   * The namespace the connector runs in (RBAC bindings must name it).
   * @default - the chart's namespace; one of the two is required
   */
  readonly namespace?: string;
  /**
   * `_AMBASSADOR_ID`: the Ambassador this connector serves; also the `ambassador_id` of its
   * TLSContext and resolvers, and the prefix of every name, so two connectors never collide.
   * The connector's Consul identity becomes `ambassador-<id>`.
   * @default - none (Ambassador's default id; the Consul identity is `ambassador`)
   */
  readonly ambassadorId?: string;
  /**
   * `_AMBASSADOR_TLS_SECRET_NAME`: the Secret the connector writes the Consul certificate to
   * (always set, so the TLSContext reads exactly that one).
   * @default "<ambassadorId>-consul-connect", or "ambassador-consul-connect" without an id
   */
  readonly secretName?: string;
  /**
   * `_AMBASSADOR_TLS_SECRET_NAMESPACE`: the namespace of that Secret.
   * @default - the connector pod's own namespace (`metadata.namespace`)
   */
  readonly secretNamespace?: string;
  /**
   * `CONSUL_HTTP_TOKEN`, from a Secret key, for a Consul with ACLs enabled. Its policy needs
   * `service "<consulServiceName>" { policy = "write" }` for the leaf certificate.
   * @default - no token
   */
  readonly aclToken?: ConsulAclToken;
  /**
   * Verify the Connect sidecars' certificates: the connector writes `tls.crt` as Ambassador's
   * leaf followed by the active Consul CA root (createCertificateChain in
   * cmd/consul_connect_integration/main.go), so the TLSContext names that same Secret as
   * `ca_secret` and Envoy checks each sidecar's chain up to the Consul root. During a Consul CA
   * rotation, sidecars still holding a certificate of the old root fail verification until
   * Consul reissues theirs. Emissary checks no SAN: any Connect certificate of that root passes.
   * @default true
   */
  readonly verifyUpstream?: boolean;
  /**
   * The ACL token Emissary's Consul watcher sends when a ConsulResolver of this connector looks
   * up endpoints, from a Secret key in Ambassador's namespace. Emissary builds its Consul client
   * from the API's defaults (cmd/entrypoint/consul.go: `api.DefaultConfig()`, only the address
   * set), which read `CONSUL_HTTP_TOKEN_FILE`: `resolverToken` mounts the key into Ambassador's
   * pod and sets that variable (apply it with `wire()`, `addHelmValues()` or
   * `addKustomizeComponent()`; synth fails while resolvers exist and nothing applies it). Its
   * policy needs `service_prefix "" { policy = "read" }` and `node_prefix "" { policy = "read" }`.
   * @default - none: with ACLs enabled, Emissary's watcher reads Consul's catalog with the
   * anonymous token, which sees nothing under a default-deny policy
   */
  readonly resolverAclToken?: ConsulAclToken;
  /**
   * Write a `ServiceIntentions` (consul.hashicorp.com/v1alpha1) per Consul service the
   * connector's Mappings reach, allowing the connector's Consul identity in. Set it to false
   * when you manage the intentions of those services yourself: Consul takes one
   * ServiceIntentions per destination, and consul-k8s rejects a second.
   * @default true
   */
  readonly serviceIntentions?: boolean;
  /**
   * Grant the secret permissions cluster-wide (a ClusterRole, as upstream does) instead of a
   * Role in the secret's namespace only.
   * @default false
   */
  readonly clusterWideRbac?: boolean;
  /**
   * The TLSContext's name, which Mappings reference as `tls`. TLSContext names are global in
   * Emissary, whatever the namespace.
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
  /**
   * Where Ambassador runs: whether its pod has `HOST_IP` for a `ConsulAddress.nodeAgent()`
   * resolver (when it has not, `hostIp` wires it), and how `caTrust` and `hostIp` are rendered.
   * @default - `AmbassadorInstall.of(this)`: the one declared for the chart or app, if any
   */
  readonly install?: AmbassadorInstall;
}
