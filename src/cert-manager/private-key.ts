import * as certmanager from '../../imports/cert-manager.io-v1';
import { at, propError } from '../core/errors';

const ECDSA_SIZES = [256, 384, 521];
const RSA_SIZES = [2048, 4096, 8192];

/**
 * The private key cert-manager generates for a certificate, and the key usages that key type
 * needs in TLS: an ECDSA key only signs the handshake (`digital signature`); an RSA key may also
 * encrypt the key exchange (`key encipherment`), which TLS 1.2 RSA key exchange uses.
 */
export class CertManagerPrivateKey {
  /** ECDSA on the curve of `size` bits (256: P-256, 384: P-384, 521: P-521). */
  public static ecdsa(size: number = 256): CertManagerPrivateKey {
    if (!ECDSA_SIZES.includes(size)) {
      throw propError(at('CertManagerPrivateKey.ecdsa()'), 'size', size, 'is not an ECDSA curve size cert-manager knows', `use one of ${ECDSA_SIZES.join(', ')}`);
    }
    return new CertManagerPrivateKey(certmanager.CertificateSpecPrivateKeyAlgorithm.ECDSA, size);
  }

  /** RSA of `size` bits. */
  public static rsa(size: number = 2048): CertManagerPrivateKey {
    if (!RSA_SIZES.includes(size)) {
      throw propError(at('CertManagerPrivateKey.rsa()'), 'size', size, 'is not an RSA key size cert-manager knows', `use one of ${RSA_SIZES.join(', ')}`);
    }
    return new CertManagerPrivateKey(certmanager.CertificateSpecPrivateKeyAlgorithm.RSA, size);
  }

  private constructor(
    /** The algorithm. */
    public readonly algorithm: certmanager.CertificateSpecPrivateKeyAlgorithm,
    /** The key size in bits. */
    public readonly size: number,
  ) {}

  /** The key usages a TLS certificate with this key needs, besides `client auth` or `server auth`. */
  public get keyUsages(): certmanager.CertificateSpecUsages[] {
    return this.algorithm === certmanager.CertificateSpecPrivateKeyAlgorithm.RSA
      ? [certmanager.CertificateSpecUsages.DIGITAL_SIGNATURE, certmanager.CertificateSpecUsages.KEY_ENCIPHERMENT]
      : [certmanager.CertificateSpecUsages.DIGITAL_SIGNATURE];
  }

  /**
   * The Certificate's `privateKey`: a new key at each renewal (`rotationPolicy: Always`), stated
   * because cert-manager's default changed from `Never` to `Always` in v1.18.
   */
  public get spec(): certmanager.CertificateSpecPrivateKey {
    return { algorithm: this.algorithm, size: this.size, rotationPolicy: certmanager.CertificateSpecPrivateKeyRotationPolicy.ALWAYS };
  }
}
