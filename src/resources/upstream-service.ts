import { IConstruct } from 'constructs';
import { isServiceAddress, parseServiceAddress, SERVICE_FORMAT_HINT } from '../core/emissary-syntax';
import { ErrorScope, propError } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct } from '../core/kube-object';
import { checkPort } from '../core/validators';

/** A URL scheme Ambassador accepts in a Mapping's `service`. */
export type UpstreamScheme = 'http' | 'https';

const SCHEMES: readonly UpstreamScheme[] = ['http', 'https'];

/** A Mapping's upstream, parsed: `[scheme://]host[:port]`. */
export interface UpstreamService {
  /** `http` or `https`; `undefined` when not written. */
  readonly scheme?: UpstreamScheme;
  /** `name`, `name.namespace`, or a fully qualified host name. */
  readonly host: string;
  /** The port; `undefined` when not written. */
  readonly port?: number;
  /**
   * The port the workload behind a Service object of the app receives on (its `targetPort`),
   * when the Service names it as a number.
   * @default - unknown (a service string, or a named targetPort)
   */
  readonly targetPort?: number;
  /**
   * The `targetPort` of a Service object of the app when it names a container port (`http`):
   * the number is the pod's to know.
   * @default - none
   */
  readonly targetPortName?: string;
}

/** A Mapping as the constructs that follow its TLSContext see it. */
export interface MappingUse {
  /** The Mapping. */
  readonly mapping: IConstruct;
  /** Its namespace (the chart's when unset). */
  readonly namespace?: string;
  /** Its upstream as written. */
  readonly upstream: UpstreamService;
  /** The Service object it was given as `service`, if any (a string names none). */
  readonly service?: IKubeObject;
}

const FORMAT_HINT = SERVICE_FORMAT_HINT;

/**
 * Parses and checks a Mapping's `service` string (`[scheme://]host[:port]`; see
 * `parseServiceAddress`, which the rule engine applies to YAML too). Throws an error naming
 * `scope` on anything Ambassador would not route to.
 */
export function parseUpstream(scope: ErrorScope, value: unknown): UpstreamService {
  const parsed = parseServiceAddress(value);
  if (!isServiceAddress(parsed)) throw propError(scope, parsed.part?.name ?? 'service', parsed.part ? parsed.part.value : value, parsed.message, parsed.fix);
  return parsed;
}

/**
 * Builds the upstream of a Service of this app (a cdk8s-plus `Service` of any version, or an
 * `ApiObject` of kind Service): `name[.namespace]:port`. The port must be one the Service
 * exposes; it may be left out when it exposes exactly one.
 */
export function upstreamOfService(scope: IConstruct, service: IKubeObject, port?: number, scheme?: UpstreamScheme): UpstreamService {
  const apiObject = isConstruct(service) ? apiObjectOf(service) : undefined;
  if (apiObject?.kind !== 'Service') {
    throw propError(scope, 'service', isConstruct(service) ? service.node.path : service,
      !isConstruct(service) ? 'is neither a service string nor a Service' : apiObject ? `is a ${apiObject.kind}, not a Service` : 'is a reference to a Service outside the app',
      `pass a Service of this app (cdk8s-plus Service or ApiObject of kind Service), or write the upstream as a string, ${FORMAT_HINT.replace(/^write the service as /, '')}`);
  }
  const ports = servicePorts(service, apiObject);
  if (port !== undefined) checkPort(scope, 'servicePort', port);
  if (port === undefined) {
    if (ports.length !== 1) {
      throw propError(scope, 'servicePort', port, `must be given: Service "${apiObject.name}" exposes ${ports.length === 0 ? 'no ports' : `ports ${ports.join(', ')}`}`,
        ports.length === 0 ? 'bind a port on the Service first (service.bind(port))' : `set servicePort to one of ${ports.join(', ')}`);
    }
    port = ports[0];
  } else if (!ports.includes(port)) {
    throw propError(scope, 'servicePort', port, `is not a port of Service "${apiObject.name}" (it exposes ${ports.join(', ') || 'none'})`,
      `use one of its ports, or bind ${port} on the Service`);
  }
  if (scheme !== undefined && !SCHEMES.includes(scheme)) {
    throw propError(scope, 'serviceScheme', scheme, 'is not a scheme Ambassador knows', 'use "https" or "http"');
  }
  const namespace = apiObject.metadata.namespace;
  const target = targetPortOf(service, apiObject, port!);
  return {
    scheme,
    host: namespace ? `${apiObject.name}.${namespace}` : apiObject.name,
    port,
    ...(typeof target === 'string' ? { targetPortName: target } : { targetPort: target }),
  };
}

/**
 * The `targetPort` of a Service's `port`: a number, a container port's name, or the port
 * itself when the Service states none.
 */
function targetPortOf(service: IKubeObject, apiObject: { toJson(): any }, port: number): number | string | undefined {
  const plusPorts = (service as { ports?: Array<{ port?: number; targetPort?: unknown }> }).ports;
  const ports: Array<{ port?: unknown; targetPort?: unknown }> = Array.isArray(plusPorts) ? plusPorts : apiObject.toJson()?.spec?.ports ?? [];
  const given = ports.find((p) => p.port === port)?.targetPort;
  // An imported IntOrString holds its value in `value`.
  const target = given !== null && typeof given === 'object' && 'value' in given ? (given as { value: unknown }).value : given;
  if (target === undefined) return port;
  if (typeof target === 'number') return target;
  if (typeof target === 'string') return /^\d+$/.test(target) ? Number(target) : target;
  return undefined;
}

/**
 * The ports a Service exposes: from cdk8s-plus's `ports` (any version has it), else from the
 * manifest of a plain ApiObject.
 */
function servicePorts(service: IKubeObject, apiObject: { toJson(): any }): number[] {
  const plusPorts = (service as { ports?: unknown }).ports;
  const ports: Array<{ port?: unknown }> = Array.isArray(plusPorts) ? plusPorts : apiObject.toJson()?.spec?.ports ?? [];
  return ports.map((p) => p.port).filter((p): p is number => typeof p === 'number');
}

/** Formats an upstream back to Ambassador's `service` syntax. */
export function formatUpstream(upstream: UpstreamService): string {
  const scheme = upstream.scheme ? `${upstream.scheme}://` : '';
  const port = upstream.port !== undefined ? `:${upstream.port}` : '';
  return `${scheme}${upstream.host}${port}`;
}
