import { Construct } from 'constructs';
import { normaliseAmbassadorId } from './ambassador-id';
import { AmbassadorResource } from './ambassador-resource';
import { AmbassadorApiVersion } from './api-version';
import { IResolver } from './resolver';
import * as v2 from '../../imports/getambassador.io-v2';
import * as v3alpha1 from '../../imports/getambassador.io-v3alpha1';
import { propKeys } from '../core/construct-args';
import { consulAddressProblem, consulDatacenterProblem } from '../core/emissary-syntax';
import { formatValue, propError } from '../core/errors';
import { isServiceName } from '../core/validators';
import { AmbassadorInstall, installFor } from '../install/ambassador-install';
import { hostIpGap } from '../install/release-facts';

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
  /**
   * Where Ambassador runs: an `address` with `${HOST_IP}` is refused when that install sets no
   * `HOST_IP` in Ambassador's pod (use `ConsulConnector.addResolver()`, whose connector wires it).
   * @default - `AmbassadorInstall.of(this)`: the one declared for the chart or app, if any
   */
  readonly install?: AmbassadorInstall;
}

/** True when a resolver address expands `HOST_IP` from Emissary's environment (`$HOST_IP` or `${HOST_IP}`). */
export function usesHostIp(address: string): boolean {
  return /\$(?:HOST_IP(?![A-Za-z0-9_])|\{HOST_IP\})/.test(address);
}

const CONSUL_RESOLVER_PROPS = propKeys<ConsulResolverProps>()('name', 'namespace', 'address', 'datacenter', 'ambassadorId', 'apiVersion', 'install');

/**
 * A `ConsulResolver`: Mappings that name it resolve their service through Consul's catalog and
 * route to the endpoints directly (so they get a `load_balancer`, round robin unless given).
 */
export class ConsulResolver extends AmbassadorResource implements IResolver {
  /** The Consul service of a workload's Connect sidecar, which mTLS Mappings target. */
  public static sidecarService(service: string): string {
    // The result is a Mapping's service: an RFC 1035 label, so at most 49 characters before the suffix.
    if (!isServiceName(`${service}-sidecar-proxy`)) {
      throw new Error(`ConsulResolver.sidecarService(${formatValue(service)}): not a Consul service name. Fix: use at most 49 lowercase letters, digits and "-", starting with a letter`);
    }
    return `${service}-sidecar-proxy`;
  }

  public readonly ambassadorIds?: readonly string[];
  public readonly routesToEndpoints = true;
  /** `address`: the Consul HTTP API, as Emissary reaches it. */
  public readonly address: string;

  constructor(scope: Construct, id: string, props: ConsulResolverProps) {
    const datacenter = props?.datacenter ?? 'dc1';
    const validDatacenter = consulDatacenterProblem(datacenter) === undefined;
    // The default name comes from a valid datacenter only: a bad one is reported as itself below.
    const name = props?.name ?? (validDatacenter ? `consul-${datacenter.toLowerCase().replace(/_/g, '-')}` : undefined);
    super(scope, id, { kind: 'ConsulResolver', props, knownProps: CONSUL_RESOLVER_PROPS, name, namespace: props?.namespace, apiVersion: props?.apiVersion });
    props = props ?? ({} as ConsulResolverProps); // untyped callers may pass none: each required prop then says so
    const apiVersion = this.ambassadorApiVersion;
    this.ambassadorIds = normaliseAmbassadorId(this, props.ambassadorId);
    if (!validDatacenter) {
      throw propError(this, 'datacenter', datacenter, 'is not a Consul datacenter name', 'use at most 63 letters, digits, "-" and "_", starting and ending with a letter or digit, for example "dc1"');
    }
    this.checkAddress(props.address);
    this.address = props.address;
    this.checkHostIp(props.address, installFor(this, this, props.install));
    const ambassadorId = this.ambassadorIds && [...this.ambassadorIds];
    const spec: v3alpha1.ConsulResolverSpec = { address: props.address as string, datacenter, ambassadorId };
    this.setSpec(apiVersion.isV2 ? v2.toJson_ConsulResolverSpec(spec) : v3alpha1.toJson_ConsulResolverSpec(spec));
  }

  /**
   * `${HOST_IP}` needs HOST_IP in Ambassador's environment, which some installs lack; a resolver
   * made by a ConsulConnector whose `hostIp` wiring adds it is checked at synth instead.
   */
  private checkHostIp(address: string, install: AmbassadorInstall | undefined): void {
    if (install === undefined || install.setsHostIp || !usesHostIp(address)) return;
    if ((this.node.scope as { _providesHostIp?: boolean } | undefined)?._providesHostIp === true) return;
    throw propError(this, 'address', address, `expands HOST_IP from Ambassador's environment, which ${install.description} does not set (${hostIpGap(install.product)}): `
      + 'Emissary\'s watcher expands it to "" and the Mappings resolved through Consul get no endpoints',
    'make the resolver with ConsulConnector.addResolver() and ConsulAddress.nodeAgent(), whose connector.hostIp adds HOST_IP to Ambassador\'s pod, '
      + 'or use the Consul servers\' Service (ConsulAddress.serverService(), consul-k8s 1.0 and later)');
  }

  /** See `consulAddressProblem`, which the rule engine applies to YAML too. */
  private checkAddress(address: unknown) {
    const problem = consulAddressProblem(address);
    if (problem) throw propError(this, problem.part?.name ?? 'address', problem.part ? problem.part.value : address, problem.message, problem.fix);
  }
}
