/** A pod volume, in Kubernetes' own JSON shape (as Helm values and kustomize patches want it). */
export interface PodVolume {
  /** `name`. */
  readonly name: string;
  /** `secret`, for a Secret volume. @default - not a Secret volume */
  readonly secret?: {
    readonly secretName: string;
    readonly optional?: boolean;
    /** Only these keys of the Secret, each at its own path in the volume. */
    readonly items?: ReadonlyArray<{ readonly key: string; readonly path: string }>;
  };
  /** `emptyDir`, for an in-memory or node-disk scratch volume. @default - not an emptyDir */
  readonly emptyDir?: { readonly medium?: string };
}

/** A container volume mount, in Kubernetes' JSON shape. */
export interface PodVolumeMount {
  /** `name` of the volume. */
  readonly name: string;
  /** `mountPath`. */
  readonly mountPath: string;
  /** `readOnly`. */
  readonly readOnly: boolean;
}

/**
 * What a mesh pattern adds to the Ambassador pod: one description, rendered three ways (a
 * Deployment of this app, Helm values, a kustomize patch) so the three cannot disagree.
 */
export interface AmbassadorPodPatch {
  /** Labels for the pod template. */
  readonly podLabels: Record<string, string>;
  /** Annotations for the pod template. */
  readonly podAnnotations: Record<string, string>;
  /** Pod volumes. */
  readonly volumes: PodVolume[];
  /** Mounts in the Ambassador container. */
  readonly volumeMounts: PodVolumeMount[];
  /** Environment variables of the Ambassador container. */
  readonly env: Record<string, string>;
  /**
   * Environment variables of the Ambassador container from the pod's own fields (the downward
   * API), by name: the field path, for example `{ HOST_IP: 'status.hostIP' }`.
   * @default - none
   */
  readonly fieldEnv?: Record<string, string>;
  /**
   * Keys for the `config` of the `ambassador` Module, when the install owns the Module (static
   * YAML of Emissary-ingress 2.x and later or Edge Stack, the Helm charts): rendered into the
   * chart's `module:` values or a patch of the install's Module, never as a second Module.
   * @default - none
   */
  readonly moduleConfig?: Record<string, unknown>;
}
