import { at, propError } from '../core/errors';
import { checkPort } from '../core/validators';

/**
 * The ports Ambassador's own container listens on, which Linkerd's proxy must leave alone
 * (`config.linkerd.io/skip-inbound-ports`): the proxy would otherwise sit in front of
 * Ambassador's listeners, hiding client addresses and terminating nothing it can see into.
 * Linkerd skips by the port the pod receives on, not the Service port.
 */
export class AmbassadorListenerPorts {
  /**
   * 8080 and 8443: Emissary-ingress and Edge Stack 2.x/3.x (their Listeners), and Ambassador
   * 1.x as its Helm chart installs it (Service ports 80/443 to target ports 8080/8443).
   */
  public static readonly EMISSARY = new AmbassadorListenerPorts([8080, 8443]);
  /** 80 and 443: Ambassador 1.x configured to listen on the privileged ports itself (`service_port: 80`). */
  public static readonly AMBASSADOR_1_PRIVILEGED = new AmbassadorListenerPorts([80, 443]);

  /** Other ports, as your Listeners (or `service_port`) say. */
  public static custom(...ports: number[]): AmbassadorListenerPorts {
    const where = at('AmbassadorListenerPorts.custom()');
    if (ports.length === 0) throw propError(where, 'ports', ports, 'names no port', 'list the ports your Listeners use, for example custom(8080, 8443)');
    return new AmbassadorListenerPorts(ports.map((p) => checkPort(where, 'port', p)));
  }

  private constructor(
    /** The ports, as written in the annotation. */
    public readonly ports: readonly number[],
  ) {}

  /** The annotation value: the ports, comma-separated. */
  public toString(): string {
    return [...new Set(this.ports)].sort((a, b) => a - b).join(',');
  }
}

/**
 * Where Ambassador is told to send `l5d-dst-override` (the Service Linkerd's proxy routes to in
 * ingress mode, and in Linkerd 2.8 and before): on each Mapping, or once in the `ambassador`
 * Module for every Mapping.
 */
export class LinkerdHeaders {
  /** `add_linkerd_headers: true` on each Mapping made with `addMapping()` (touches nothing global). */
  public static readonly PER_MAPPING = new LinkerdHeaders('mapping');
  /**
   * `add_linkerd_headers: true` in the `ambassador` Module, merged into the chart's
   * `AmbassadorModule` (the Module is a singleton: Emissary reads one). Every Mapping of that
   * Ambassador then sends it, as Emissary's Linkerd guide sets it up.
   */
  public static readonly MODULE = new LinkerdHeaders('module');

  private constructor(
    /** Which. */
    public readonly where: 'mapping' | 'module',
  ) {}
}
