import { ConsulRoute, CONNECTOR_IMAGE, CONSUL_DATACENTER, CONSUL_HOST, consulRoutes, IstioRoute, istioRoutes, NAMESPACE } from './routes';

/**
 * The benchmark's documents as plain objects, written by hand the way cdk8s renders them
 * (keys sorted below the top level). The floor serialises these; the l1 way passes the
 * connector's built-in kinds to plain `ApiObject`s.
 */

const AMBASSADOR = 'getambassador.io/v3alpha1';
const metadata = (name: string) => ({ name, namespace: NAMESPACE });
// A function, not a shared object: `yaml` would write a repeated object as an anchor and alias.
const connectorLabels = () => ({ 'app': 'ambassador', 'app.kubernetes.io/instance': 'ambassador-consul', 'component': 'consul-connect' });

/** A plain Kubernetes document: apiVersion, kind, metadata and the rest. */
export interface PlainDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** The Istio TLSContext: the sidecar-written certificates, with Istio's ALPN. */
export function istioTlsContextDocument(): PlainDocument {
  return {
    apiVersion: AMBASSADOR,
    kind: 'TLSContext',
    metadata: metadata('istio-upstream'),
    spec: { alpn_protocols: 'istio', cacert_chain_file: '/etc/istio-certs/root-cert.pem', secret: 'istio-certs' },
  };
}

/** One Istio route's Mapping. */
export function istioMappingDocument(route: IstioRoute): PlainDocument {
  return {
    apiVersion: AMBASSADOR,
    kind: 'Mapping',
    metadata: metadata(route.name),
    spec: { hostname: '*', prefix: route.prefix, service: `https://${route.service}`, tls: 'istio-upstream' },
  };
}

/** The Ambassador Consul Connector's built-in resources, in the order the construct emits them. */
export function connectorDocuments(): PlainDocument[] {
  const name = 'ambassador-consul-connect';
  const rules = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] }];
  const runAs = { runAsGroup: 8888, runAsNonRoot: true, runAsUser: 8888 };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(name), automountServiceAccountToken: false },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(name), rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: NAMESPACE }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { labels: connectorLabels(), name: `${name}-integration`, namespace: NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: connectorLabels() },
        strategy: { type: 'RollingUpdate' },
        template: {
          metadata: {
            annotations: { 'consul.hashicorp.com/connect-inject': 'false' },
            labels: connectorLabels(),
          },
          spec: {
            automountServiceAccountToken: true,
            containers: [{
              command: ['consul_connect_integration'],
              env: [
                { name: '_CONSUL_HOST', value: CONSUL_HOST },
                { name: '_CONSUL_PORT', value: '8500' },
                { name: '_AMBASSADOR_TLS_SECRET_NAME', value: name },
                { name: '_AMBASSADOR_TLS_SECRET_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'HOME', value: '/tmp' },
              ],
              image: CONNECTOR_IMAGE,
              name: 'consul-connect-integration',
              resources: { limits: { cpu: '200m', memory: '200Mi' }, requests: { cpu: '100m', memory: '50Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
                ...runAs,
              },
              volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }],
            }],
            securityContext: { ...runAs, seccompProfile: { type: 'RuntimeDefault' } },
            serviceAccountName: name,
            terminationGracePeriodSeconds: 0,
            volumes: [{ emptyDir: {}, name: 'tmp' }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('ambassador-consul-connector'),
      spec: {
        ports: [{ name: 'ambassador-consul-connector', port: 80 }],
        selector: connectorLabels(),
      },
    },
  ];
}

/** The Consul TLSContext: the secret the connector writes. */
export function consulTlsContextDocument(): PlainDocument {
  return { apiVersion: AMBASSADOR, kind: 'TLSContext', metadata: metadata('ambassador-consul'), spec: { ca_secret: 'ambassador-consul-connect', hosts: [], secret: 'ambassador-consul-connect' } };
}

/** The ConsulResolver of the Consul routes. */
export function consulResolverDocument(): PlainDocument {
  return {
    apiVersion: AMBASSADOR,
    kind: 'ConsulResolver',
    metadata: metadata(`consul-${CONSUL_DATACENTER}`),
    spec: { address: `${CONSUL_HOST}:8500`, datacenter: CONSUL_DATACENTER },
  };
}

/** One Consul route's Mapping: round robin over the endpoints of the service's Connect sidecar. */
export function consulMappingDocument(route: ConsulRoute): PlainDocument {
  return {
    apiVersion: AMBASSADOR,
    kind: 'Mapping',
    metadata: metadata(route.name),
    spec: {
      hostname: '*',
      load_balancer: { policy: 'round_robin' },
      prefix: route.prefix,
      resolver: `consul-${CONSUL_DATACENTER}`,
      service: `${route.consulService}-sidecar-proxy`,
      tls: 'ambassador-consul',
    },
  };
}

/** The ServiceIntentions letting the connector's Consul identity into one route's service. */
export function consulIntentionsDocument(route: ConsulRoute): PlainDocument {
  return {
    apiVersion: 'consul.hashicorp.com/v1alpha1',
    kind: 'ServiceIntentions',
    metadata: metadata(route.consulService),
    spec: { destination: { name: route.consulService }, sources: [{ action: 'allow', name: 'ambassador' }] },
  };
}

/** Every document of `n` routes, in synth order. */
export function allDocuments(n: number): PlainDocument[] {
  return [
    istioTlsContextDocument(),
    ...istioRoutes(n).map(istioMappingDocument),
    ...connectorDocuments(),
    consulTlsContextDocument(),
    consulResolverDocument(),
    ...consulRoutes(n).flatMap((route) => [consulMappingDocument(route), consulIntentionsDocument(route)]),
  ];
}
