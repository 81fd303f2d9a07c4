/**
 * Which Ambassador product runs at the edge: the open-source Emissary-ingress (called Ambassador
 * API Gateway up to 1.14) or Ambassador Edge Stack, which runs the same compiler with its own
 * chart, static YAML and container names.
 */
export class AmbassadorProduct {
  /** Emissary-ingress 2.x to 4.x, and its predecessor Ambassador API Gateway 1.14. */
  public static readonly EMISSARY = new AmbassadorProduct('emissary', 'Emissary-ingress');
  /** Ambassador Edge Stack 3.x. */
  public static readonly EDGE_STACK = new AmbassadorProduct('edge-stack', 'Edge Stack');

  private constructor(
    /** A short id: `emissary` or `edge-stack`. */
    public readonly id: 'emissary' | 'edge-stack',
    /** The name errors and docs use. */
    public readonly displayName: string,
  ) {}

  /** The display name. */
  public toString(): string {
    return this.displayName;
  }
}
