import { IConstruct } from 'constructs';
import { MountedSecret } from './ambassador-secret';
import { EnvVar } from './connector-workload';
import { at, propError } from '../core/errors';
import { IKubeObject, isConstruct, namespaceOf } from '../core/kube-object';
import { checkOptions, checkPort, isDnsLabel, isDnsSubdomain } from '../core/validators';
import { PodVolume, PodVolumeMount } from '../pod-wiring/pod-patch';

/** Options for `ConsulAddress.serverService()`. */
export interface ConsulServerServiceOptions {
  /** The Consul servers' Service (consul-k8s names it `<release fullname>-server`). @default "consul-server" */
  readonly service?: string;
  /** Its namespace. @default "consul" */
  readonly namespace?: string;
  /** The HTTP port. @default 8500 */
  readonly port?: number;
}

/** Options for `ConsulAddress.https()`. */
export interface ConsulHttpsOptions {
  /** The host of the Consul HTTPS API, for example `consul-server.consul.svc`. */
  readonly host: string;
  /** The HTTPS port. @default 8501 */
  readonly port?: number;
  /**
   * The Secret holding the Consul CA certificate, in the connector's namespace and in
   * Ambassador's (a pod mounts Secrets from its own namespace only; consul-k8s writes it as
   * `<release fullname>-ca-cert` in Consul's namespace, so copy it): its name, or the Secret
   * object, whose namespace is then checked.
   */
  readonly caSecret: string | IKubeObject;
  /** The key of the CA certificate in that Secret. @default "tls.crt" */
  readonly caKey?: string;
  /**
   * The name to verify the server certificate against (`CONSUL_TLS_SERVER_NAME`), when `host`
   * is not one of its names: consul-k8s server certificates name `server.<datacenter>.<domain>`
   * and `*.<fullname>-server.<namespace>.svc`, for example "server.dc1.consul".
   * @default - `host`
   */
  readonly serverName?: string;
}

/** Options for `ConsulAddress.nodeAgent()`. */
export interface ConsulNodeAgentOptions {
  /** The agent's HTTP port. @default 8500 */
  readonly port?: number;
}

/** Where the CA for the Consul HTTPS API is mounted, in the connector and in Ambassador alike. */
export const CONSUL_CA_DIR = '/etc/consul-ca';

/**
 * Where the connector (and a ConsulResolver) reach the Consul HTTP API: an explicit choice,
 * because the right one depends on how Consul is installed and the wrong one crash-loops.
 *
 * The connector talks to Consul with the Consul API client's defaults (`api.DefaultConfig()`,
 * so `CONSUL_HTTP_SSL`, `CONSUL_CACERT`, `CONSUL_TLS_SERVER_NAME` and `CONSUL_HTTP_TOKEN` apply)
 * and only replaces the address with `_CONSUL_HOST:_CONSUL_PORT`
 * (cmd/consul_connect_integration/main.go in emissary-ingress/emissary).
 */
export class ConsulAddress {
  /**
   * The Consul servers' Service over plain HTTP, as consul-k8s 1.0 and later needs: it runs no
   * client agent on the nodes by default (consul-dataplane), so nothing listens on the node's IP.
   */
  public static serverService(options: ConsulServerServiceOptions = {}): ConsulAddress {
    return new ConsulAddress('serverService', checkOptions(at('ConsulAddress.serverService()'), 'options', options, ['service', 'namespace', 'port']));
  }

  /**
   * The Consul HTTPS API (consul-k8s with `global.tls.enabled`: port 8501, and with
   * `httpsOnly`, the default, no plain port at all), verified against the CA in a Secret.
   */
  public static https(options: ConsulHttpsOptions): ConsulAddress {
    return new ConsulAddress('https', checkOptions(at('ConsulAddress.https()'), 'options', options, ['host', 'port', 'caSecret', 'caKey', 'serverName']));
  }

  /**
   * The Consul client agent on each node (`status.hostIP`), as upstream's connector manifest
   * assumes: only for clusters that still run client agents (consul-k8s before 1.0, or
   * `client.enabled: true`).
   */
  public static nodeAgent(options: ConsulNodeAgentOptions = {}): ConsulAddress {
    return new ConsulAddress('nodeAgent', checkOptions(at('ConsulAddress.nodeAgent()'), 'options', options, ['port']));
  }

  private constructor(
    /** Which choice. */
    public readonly kind: 'serverService' | 'https' | 'nodeAgent',
    private readonly options: ConsulServerServiceOptions & Partial<ConsulHttpsOptions> & ConsulNodeAgentOptions,
  ) {}

  /** The address, checked, as the connector and a ConsulResolver need it; throws naming `scope`. */
  public resolve(scope: IConstruct): ResolvedConsulAddress {
    const o = this.options ?? {};
    if (this.kind === 'nodeAgent') {
      const port = checkPort(scope, 'consul port', o.port ?? 8500);
      return {
        env: [{ name: '_CONSUL_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }, { name: '_CONSUL_PORT', value: String(port) }],
        // Emissary's own pod has HOST_IP (status.hostIP) in its Helm chart and static YAML alike,
        // and its Go side expands ${VAR} in a ConsulResolver address (os.ExpandEnv).
        resolverAddress: `\${HOST_IP}:${port}`,
      };
    }
    if (this.kind === 'serverService') {
      const service = o.service ?? 'consul-server';
      const namespace = o.namespace ?? 'consul';
      if (!isDnsLabel(service)) throw propError(scope, 'consul service', service, 'is not a Service name', 'give the name of the Consul servers\' Service, for example "consul-server"');
      if (!isDnsLabel(namespace)) throw propError(scope, 'consul namespace', namespace, 'is not a namespace name', 'give the namespace Consul runs in, for example "consul"');
      const port = checkPort(scope, 'consul port', o.port ?? 8500);
      const host = `${service}.${namespace}.svc`;
      return { env: [{ name: '_CONSUL_HOST', value: host }, { name: '_CONSUL_PORT', value: String(port) }], resolverAddress: `${host}:${port}` };
    }
    if (typeof o.host !== 'string' || !isDnsSubdomain(o.host.toLowerCase())) {
      throw propError(scope, 'consul host', o.host, 'is not a host name', 'give the host of the Consul HTTPS API, for example "consul-server.consul.svc"');
    }
    const port = checkPort(scope, 'consul port', o.port ?? 8501);
    const caSecret = typeof o.caSecret === 'string' ? o.caSecret : isConstruct(o.caSecret) ? (o.caSecret as IKubeObject).name : undefined;
    const caSecretNamespace = isConstruct(o.caSecret) ? namespaceOf(o.caSecret) : undefined;
    if (caSecret === undefined || !isDnsSubdomain(caSecret)) {
      throw propError(scope, 'consul caSecret', o.caSecret, 'is not a Secret', 'give the Secret holding the Consul CA, by name or as an object (consul-k8s writes it as <fullname>-ca-cert)');
    }
    const caKey = o.caKey ?? 'tls.crt';
    if (typeof caKey !== 'string' || !/^[-._a-zA-Z0-9]{1,253}$/.test(caKey)) {
      throw propError(scope, 'consul caKey', caKey, 'is not a Secret key', 'give the key of the CA certificate in the Secret, for example "tls.crt"');
    }
    if (o.serverName !== undefined && !(typeof o.serverName === 'string' && isDnsSubdomain(o.serverName.toLowerCase()))) {
      throw propError(scope, 'consul serverName', o.serverName, 'is not a host name', 'give a name the Consul server certificate holds, for example "server.dc1.consul"');
    }
    const trust: EnvVar[] = [
      { name: 'CONSUL_CACERT', value: `${CONSUL_CA_DIR}/${caKey}` },
      ...(o.serverName !== undefined ? [{ name: 'CONSUL_TLS_SERVER_NAME', value: o.serverName }] : []),
    ];
    return {
      env: [{ name: '_CONSUL_HOST', value: o.host }, { name: '_CONSUL_PORT', value: String(port) }, { name: 'CONSUL_HTTP_SSL', value: 'true' }, ...trust],
      resolverAddress: `https://${o.host}:${port}`,
      ca: {
        secret: { name: caSecret, namespace: caSecretNamespace },
        trustEnv: trust,
        volume: { name: 'consul-ca', secret: { secretName: caSecret } },
        mount: { name: 'consul-ca', mountPath: CONSUL_CA_DIR, readOnly: true },
      },
    };
  }
}

/** A `ConsulAddress`, resolved. */
export interface ResolvedConsulAddress {
  /** The connector's environment: `_CONSUL_HOST`, `_CONSUL_PORT` and the TLS settings. */
  readonly env: EnvVar[];
  /** What a ConsulResolver's `address` should say for Emissary to reach the same Consul. */
  readonly resolverAddress: string;
  /** For HTTPS: the CA to mount, and the environment that makes the Consul client trust it. */
  readonly ca?: { readonly secret: MountedSecret; readonly trustEnv: EnvVar[]; readonly volume: PodVolume; readonly mount: PodVolumeMount };
}
