import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ContainerResources } from '../core/container';
import { PodVolume, PodVolumeMount } from '../pod-wiring/pod-patch';

/** An environment variable of the connector container, in Kubernetes' JSON shape. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: Record<string, unknown>;
}

/** What the connector's ServiceAccount, Deployment and Service are made of. */
export interface ConnectorWorkloadProps {
  /** The prefix of every name (`ambassador-consul`, `<id>-consul`). */
  readonly base: string;
  readonly namespace: string;
  /** The ServiceAccount the pod runs as (connector-rbac.ts makes it). */
  readonly serviceAccount: string;
  readonly image: string;
  readonly env: EnvVar[];
  /** Volumes besides /tmp (the Consul CA, for HTTPS). */
  readonly volumes: PodVolume[];
  /** Their mounts in the connector container. */
  readonly volumeMounts: PodVolumeMount[];
  readonly securityContext: Record<string, unknown>;
  readonly resources: ContainerResources;
}

/** The user the connector runs as, as upstream's image expects. */
export const CONNECTOR_USER = 8888;

/**
 * The connector's Deployment and Service, as upstream's manifest (docs/yaml/consul/
 * ambassador-consul-connector.yaml in emissary-ingress/emissary) has them, with a restricted pod.
 * Returns the Deployment.
 */
export function addConnectorWorkload(scope: Construct, props: ConnectorWorkloadProps): ApiObject {
  const { base, namespace } = props;
  const labels = { 'app': 'ambassador', 'app.kubernetes.io/instance': base, 'component': 'consul-connect' };
  const deployment = new ApiObject(scope, 'Deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${base}-connect-integration`, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels, annotations: { 'consul.hashicorp.com/connect-inject': 'false' } },
        spec: {
          serviceAccountName: props.serviceAccount,
          automountServiceAccountToken: true, // it writes the Secret through the API server
          terminationGracePeriodSeconds: 0,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: CONNECTOR_USER,
            runAsGroup: CONNECTOR_USER,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [{
            name: 'consul-connect-integration',
            image: props.image,
            command: ['consul_connect_integration'],
            // The connector applies the Secret with kubectl, which caches API discovery under $HOME.
            env: [...props.env, { name: 'HOME', value: '/tmp' }],
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...props.volumeMounts],
            resources: props.resources,
            securityContext: props.securityContext,
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }, ...props.volumes],
        },
      },
    },
  });
  new ApiObject(scope, 'Service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${base}-connector`, namespace },
    spec: { selector: labels, ports: [{ name: `${base}-connector`, port: 80 }] },
  });
  return deployment;
}
