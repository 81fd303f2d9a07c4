import { at, propError } from '../core/errors';
import { checkBoolean, checkOptions } from '../core/validators';

/** Where `ring_hash` and `maglev` take the key that pins a client to an endpoint. */
export interface HashOn {
  /** Hash on this request header. @default - not used */
  readonly header?: string;
  /** Hash on this cookie (Ambassador sets it when missing). @default - not used */
  readonly cookie?: string;
  /** Hash on the client's source IP. @default false */
  readonly sourceIp?: boolean;
}

/** A `load_balancer.policy`. */
export type LoadBalancerPolicy = 'round_robin' | 'least_request' | 'ring_hash' | 'maglev';

/**
 * A Mapping's `load_balancer`: how Ambassador picks an endpoint when it routes to endpoints
 * directly (with a Consul or Kubernetes-endpoint resolver).
 */
export class LoadBalancer {
  /** Every endpoint in turn. */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer({ policy: 'round_robin' });
  }

  /** The endpoint with the fewest active requests. */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer({ policy: 'least_request' });
  }

  /** Consistent hashing on one key (sticky sessions). */
  public static ringHash(on: HashOn): LoadBalancer {
    return new LoadBalancer({ policy: 'ring_hash', ...LoadBalancer.hashKey('ringHash', on) });
  }

  /** Maglev consistent hashing on one key. */
  public static maglev(on: HashOn): LoadBalancer {
    return new LoadBalancer({ policy: 'maglev', ...LoadBalancer.hashKey('maglev', on) });
  }

  private static hashKey(method: string, given: HashOn): HashOn {
    const where = at(`LoadBalancer.${method}()`);
    const on = checkOptions(where, 'hash key', given, ['header', 'cookie', 'sourceIp']);
    if (on.sourceIp !== undefined) checkBoolean(where, 'sourceIp', on.sourceIp);
    const keys = [on.header !== undefined, on.cookie !== undefined, on.sourceIp === true].filter(Boolean).length;
    if (keys !== 1) {
      throw propError(where, 'hash key', given, 'needs exactly one key', 'give one of header, cookie or sourceIp: true');
    }
    for (const [field, value] of [['header', on.header], ['cookie', on.cookie]] as const) {
      // An HTTP token (RFC 9110), as header and cookie names are.
      if (value !== undefined && (typeof value !== 'string' || !/^[!#-'*+.0-9A-Z^-z|~-]{1,256}$/.test(value))) {
        throw propError(where, field, value, `is not a valid ${field} name`, 'use letters, digits and -_.');
      }
    }
    return { header: on.header, cookie: on.cookie, sourceIp: on.sourceIp === true ? true : undefined };
  }

  /** `policy`. */
  public readonly policy: LoadBalancerPolicy;
  /** `header`, for the hashing policies. */
  public readonly header?: string;
  /** `cookie.name`, for the hashing policies. */
  public readonly cookie?: string;
  /** `source_ip`, for the hashing policies. */
  public readonly sourceIp?: boolean;

  private constructor(spec: HashOn & { policy: LoadBalancerPolicy }) {
    this.policy = spec.policy;
    this.header = spec.header;
    this.cookie = spec.cookie;
    this.sourceIp = spec.sourceIp;
  }
}
