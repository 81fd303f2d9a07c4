import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScopedObject } from '../core/kube-object';

/** Where the connector's ServiceAccount lives and where it writes its Secret. */
export interface ConnectorRbacProps {
  /** Name of the Role (or base of the ClusterRole's name) and of the binding. */
  readonly name: string;
  /** The connector's ServiceAccount. */
  readonly serviceAccount: string;
  /** The ServiceAccount's namespace. */
  readonly serviceAccountNamespace: string;
  /** The namespace of the Secret the connector writes. */
  readonly secretNamespace: string;
  /** A ClusterRole over every Secret (upstream's choice) instead of a Role in one namespace. */
  readonly clusterWide: boolean;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * The connector's identity: its ServiceAccount, and the RBAC that lets it write its Secret (a
 * Role and RoleBinding, or cluster-wide).
 */
export function addConnectorRbac(scope: Construct, props: ConnectorRbacProps): void {
  new ApiObject(scope, 'ServiceAccount', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: props.serviceAccount, namespace: props.serviceAccountNamespace },
    // Only the connector pod uses it, and that pod asks for the token itself.
    automountServiceAccountToken: false,
  });
  // The connector writes its Secret with `kubectl apply -f -` (applySecret in
  // cmd/consul_connect_integration/main.go): a get, then a create or a patch. Nothing else.
  const rules = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] }];
  const subjects = [{ kind: 'ServiceAccount', name: props.serviceAccount, namespace: props.serviceAccountNamespace }];
  if (props.clusterWide) {
    // Cluster-scoped: the namespace keeps connectors of other namespaces from sharing the name.
    const name = `${props.name}-${props.serviceAccountNamespace}`;
    clusterScopedObject(scope, 'ClusterRole', { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name }, rules });
    clusterScopedObject(scope, 'ClusterRoleBinding', {
      apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name }, subjects,
    });
  } else {
    const metadata = { name: props.name, namespace: props.secretNamespace };
    new ApiObject(scope, 'Role', { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata, rules });
    new ApiObject(scope, 'RoleBinding', {
      apiVersion: `${RBAC_GROUP}/v1`, kind: 'RoleBinding', metadata, roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: props.name }, subjects,
    });
  }
}
