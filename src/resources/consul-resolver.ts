import { Construct } from 'constructs';
import { normaliseAmbassadorId } from './ambassador-id';
import { AmbassadorResource } from './ambassador-resource';
import { AmbassadorApiVersion } from './api-version';
import { IResolver } from './resolver';
import * as v2 from '../../imports/getambassador.io-v2';
import * as v3alpha1 from '../../imports/getambassador.io-v3alpha1';
import { propError } from '../core/errors';
import { checkNamespace, checkObjectName, checkPort } from '../core/names';

/** Props for `ConsulResolver`. */
export interface ConsulResolverProps {
  /**
   * `metadata.name`, which Mappings reference as `resolver`.
   * @default "consul-<datacenter>"
   */
  readonly name?: string;
  /**
   * `metadata.namespace`.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * `address`: the Consul HTTP API, `host:port`, `http://host:port` or `https://host:port`; the
   * host may be `$VAR` or `${VAR}` from Emissary's environment, for example `${HOST_IP}:8500`.
   */
  readonly address: string;
  /**
   * `datacenter`: the Consul datacenter to resolve services in.
   * @default "dc1"
   */
  readonly datacenter?: string;
  /**
   * `ambassador_id`.
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
}

/**
 * A `ConsulResolver`: Mappings that name it resolve their service through Consul's catalog and
 * route to the endpoints directly (so they get a `load_balancer`, round robin unless given).
 */
export class ConsulResolver extends AmbassadorResource implements IResolver {
  /** The Consul service of a workload's Connect sidecar, which mTLS Mappings target. */
  public static sidecarService(service: string): string {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(service)) {
      throw new Error(`ConsulResolver.sidecarService(${JSON.stringify(service)}): not a Consul service name. Fix: use lowercase letters, digits and "-"`);
    }
    return `${service}-sidecar-proxy`;
  }

  public readonly ambassadorIds?: readonly string[];
  public readonly routesToEndpoints = true;

  constructor(scope: Construct, id: string, props: ConsulResolverProps) {
    const datacenter = props.datacenter ?? 'dc1';
    const name = props.name ?? `consul-${String(datacenter).toLowerCase().replace(/_/g, '-')}`;
    super(scope, id, { kind: 'ConsulResolver', name, namespace: props.namespace, apiVersion: props.apiVersion });
    const apiVersion = this.ambassadorApiVersion;
    this.ambassadorIds = normaliseAmbassadorId(this, props.ambassadorId);
    if (typeof datacenter !== 'string' || !/^[A-Za-z0-9][-A-Za-z0-9_]*$/.test(datacenter)) {
      throw propError(this, 'datacenter', datacenter, 'is not a Consul datacenter name', 'use letters, digits, "-" and "_", for example "dc1"');
    }
    checkObjectName(this, 'name', this.name);
    if (props.namespace !== undefined) checkNamespace(this, 'namespace', props.namespace);
    this.checkAddress(props.address);
    const spec: v3alpha1.ConsulResolverSpec = { address: props.address, datacenter, ambassadorId: this.ambassadorIds && [...this.ambassadorIds] };
    this.setSpec(apiVersion.isV2 ? v2.toJson_ConsulResolverSpec(spec) : v3alpha1.toJson_ConsulResolverSpec(spec));
  }

  /**
   * Emissary hands `address` to the Consul API client (cmd/entrypoint/consul.go sets
   * `Config.Address`), which takes `host:port`, `http://host:port` or `https://host:port`, after
   * expanding `$VAR` and `${VAR}` from Emissary's environment (os.ExpandEnv in its watcher), as in
   * `${HOST_IP}:8500`.
   */
  private checkAddress(address: string) {
    const variable = '\\$(?:[A-Za-z_][A-Za-z0-9_]*|\\{[A-Za-z_][A-Za-z0-9_]*\\})';
    const host = `(?:[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?|${variable})`;
    const match = typeof address === 'string' ? new RegExp(`^(?:(https?)://)?(${host}):(\\d+|${variable})$`).exec(address) : null;
    if (!match) {
      throw propError(this, 'address', address, 'is not a Consul HTTP API address Emissary can use',
        'write host:port, http://host:port or https://host:port (host may be $VAR or ${VAR} from Emissary\'s environment), for example "consul-server.consul.svc:8500" or "${HOST_IP}:8500"');
    }
    if (/^\d+$/.test(match[3])) checkPort(this, 'address port', Number(match[3]));
  }
}
