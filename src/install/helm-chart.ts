/**
 * Which Helm chart installs Ambassador, and so where its values go.
 *
 * The Edge Stack chart (datawire/edge-stack `charts/edge-stack`) installs Emissary-ingress as a
 * subchart (its Chart.yaml `dependencies`), so every Emissary-ingress value sits under an
 * `emissary-ingress:` key there; top-level keys would be silently ignored.
 */
export class AmbassadorHelmChart {
  /** The `emissary-ingress` chart (datawire/emissary-ingress): values at the top level. */
  public static readonly EMISSARY_INGRESS = new AmbassadorHelmChart('emissary-ingress', undefined);
  /** The `edge-stack` chart (datawire/edge-stack): values under `emissary-ingress:`. */
  public static readonly EDGE_STACK = new AmbassadorHelmChart('edge-stack', 'emissary-ingress');

  private constructor(
    /** The chart's name. */
    public readonly chartName: string,
    /** The key the Emissary-ingress values sit under, if any. */
    public readonly valuesKey: string | undefined,
  ) {}
}
