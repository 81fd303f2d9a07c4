import { at } from '../core/errors';
import { checkOptions } from '../core/validators';

/** Options for `IstioCertificates.mountedSecret()`. */
export interface IstioMountedSecretOptions {
  /** The Secret Istio wrote the certificates to. @default "istio.default" */
  readonly secretName?: string;
  /** Where the Ambassador container mounts it (absolute). @default "/etc/istiocerts/" */
  readonly mountPath?: string;
  /** The pod volume's name. @default "istio-certs" */
  readonly volumeName?: string;
}

/** Options for `IstioCertificates.sidecar()`. */
export interface IstioSidecarOptions {
  /** The in-memory directory the sidecar writes the certificates to (absolute). @default "/etc/istio-certs/" */
  readonly certDir?: string;
  /** The pod volume's name. @default "istio-certs" */
  readonly volumeName?: string;
}

/**
 * Where Ambassador gets the Istio mesh certificates from.
 * - `mountedSecret()`: Istio before 1.5, which stored them in the `istio.default` Secret.
 * - `sidecar()`: Istio 1.10 and later: an Istio sidecar in the Ambassador pod writes them to
 *   an in-memory volume, and Ambassador turns them into the `istio-certs` secret.
 */
export class IstioCertificates {
  /** The `istio.default` Secret mounted read-only into the Ambassador container. */
  public static mountedSecret(options: IstioMountedSecretOptions = {}): IstioCertificates {
    options = checkOptions(at('IstioCertificates.mountedSecret()'), 'options', options, ['secretName', 'mountPath', 'volumeName']);
    return new IstioCertificates('mountedSecret', {
      secretName: options.secretName ?? 'istio.default',
      path: options.mountPath ?? '/etc/istiocerts/',
      volumeName: options.volumeName ?? 'istio-certs',
    });
  }

  /** Certificates written by the Istio sidecar to an in-memory volume (Istio 1.10+). */
  public static sidecar(options: IstioSidecarOptions = {}): IstioCertificates {
    options = checkOptions(at('IstioCertificates.sidecar()'), 'options', options, ['certDir', 'volumeName']);
    return new IstioCertificates('sidecar', {
      path: options.certDir ?? '/etc/istio-certs/',
      volumeName: options.volumeName ?? 'istio-certs',
    });
  }

  private constructor(
    /** Which source. */
    public readonly kind: 'mountedSecret' | 'sidecar',
    /** The resolved options. */
    public readonly options: { readonly secretName?: string; readonly path: string; readonly volumeName: string },
  ) {}
}
