import { IConstruct } from 'constructs';

/**
 * A resolver a Mapping can name in `resolver` (for example a `ConsulResolver`).
 */
export interface IResolver extends IConstruct {
  /** The resolver's name, which a Mapping's `resolver` field holds. */
  readonly name: string;
  /** The `ambassador_id`s of the resolver, or `undefined` for Ambassador's default. */
  readonly ambassadorIds?: readonly string[];
  /**
   * True when Ambassador routes to the endpoints this resolver returns directly, so a Mapping
   * using it needs a `load_balancer` (Consul, Kubernetes endpoints).
   */
  readonly routesToEndpoints: boolean;
}
