import { ErrorScope, propError } from '../core/errors';
import { checkObjectName, checkPort, isDnsSubdomain } from '../core/validators';

/** The protocols a listener of the Gateway takes HTTPRoutes on. */
export type GatewayListenerProtocol = 'HTTP' | 'HTTPS';

/** One listener of the Gateway (`spec.listeners[]`), where clients connect. */
export interface GatewayListener {
  /** `name`: unique within the Gateway; HTTPRoutes may attach to it by this name. */
  readonly name: string;
  /** `port`. */
  readonly port: number;
  /** `protocol`: `HTTP`, or `HTTPS` with the Gateway terminating TLS. */
  readonly protocol: GatewayListenerProtocol;
  /**
   * `hostname`: the requests it takes (a name, or `*.` and a domain).
   * @default - every host
   */
  readonly hostname?: string;
  /**
   * For HTTPS, the `kubernetes.io/tls` Secret (in the Gateway's namespace) whose certificate the
   * listener serves (`tls.certificateRefs`). Required for HTTPS.
   * @default - none (HTTP)
   */
  readonly certificateSecret?: string;
}

const PROTOCOLS: readonly string[] = ['HTTP', 'HTTPS'];

/** Checks the listeners (as the Gateway's CEL rules would, with the fix) and renders them. */
export function renderListeners(scope: ErrorScope, listeners: unknown, allowedRoutes: () => unknown): unknown[] {
  if (!Array.isArray(listeners) || listeners.length === 0 || listeners.length > 64) {
    throw propError(scope, 'listeners', listeners, 'is not a list of 1 to 64 listeners', 'give for example [{ name: "http", port: 80, protocol: "HTTP" }]');
  }
  const seen = new Set<string>();
  return listeners.map((listener: GatewayListener, i) => {
    const prop = `listeners[${i}]`;
    if (listener === null || typeof listener !== 'object') throw propError(scope, prop, listener, 'is not a listener', 'give { name, port, protocol }');
    const name = checkObjectName(scope, `${prop}.name`, listener.name);
    if (seen.has(name)) throw propError(scope, `${prop}.name`, name, 'is used by another listener (the Gateway refuses two listeners of one name)', 'give each listener its own name');
    seen.add(name);
    const port = checkPort(scope, `${prop}.port`, listener.port);
    if (!PROTOCOLS.includes(listener.protocol)) throw propError(scope, `${prop}.protocol`, listener.protocol, 'is not a protocol HTTPRoutes attach to', 'use "HTTP" or "HTTPS"');
    if (listener.hostname !== undefined && !(typeof listener.hostname === 'string' && isDnsSubdomain(listener.hostname.replace(/^\*\./, '')))) {
      throw propError(scope, `${prop}.hostname`, listener.hostname, 'is not a host name (or "*." and a domain)', 'give for example "shop.example.com" or "*.example.com", or leave it out for every host');
    }
    if (listener.protocol === 'HTTPS' && listener.certificateSecret === undefined) {
      throw propError(scope, `${prop}.certificateSecret`, undefined, 'is missing: an HTTPS listener terminates TLS with a certificate', 'name the kubernetes.io/tls Secret it serves (for example one cert-manager issues)');
    }
    if (listener.protocol === 'HTTP' && listener.certificateSecret !== undefined) {
      throw propError(scope, `${prop}.certificateSecret`, listener.certificateSecret, 'is set on an HTTP listener, which the Gateway refuses (tls on HTTP)', 'use protocol "HTTPS", or leave certificateSecret out');
    }
    const secret = listener.certificateSecret === undefined ? undefined : checkObjectName(scope, `${prop}.certificateSecret`, listener.certificateSecret);
    return {
      name,
      port,
      protocol: listener.protocol,
      ...(listener.hostname !== undefined && { hostname: listener.hostname }),
      ...(secret !== undefined && { tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: secret }] } }),
      allowedRoutes: allowedRoutes(),
    };
  });
}
