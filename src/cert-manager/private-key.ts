import * as certmanager from '../../imports/cert-manager.io-v1';
import { ECDSA_KEY_BITS, RSA_KEY_BITS } from '../core/cert-manager-limits';
import { at, propError } from '../core/errors';


/**
 * The private key cert-manager generates for a certificate, and the key usages that key type
 * needs in TLS: an ECDSA key only signs the handshake (`digital signature`); an RSA key may also
 * encrypt the key exchange (`key encipherment`), which TLS 1.2 RSA key exchange uses.
 */
export class CertManagerPrivateKey {
  /** ECDSA on the curve of `size` bits (256: P-256, 384: P-384, 521: P-521). */
  public static ecdsa(size: number = 256): CertManagerPrivateKey {
    if (!ECDSA_KEY_BITS.includes(size)) {
      throw propError(at('CertManagerPrivateKey.ecdsa()'), 'size', size, 'is not an ECDSA curve size cert-manager knows', `use one of ${ECDSA_KEY_BITS.join(', ')}`);
    }
    return new CertManagerPrivateKey(certmanager.CertificateSpecPrivateKeyAlgorithm.ECDSA, size);
  }

  /** RSA of `size` bits: 2048 to 8192, as cert-manager's webhook accepts (3072 is common). */
  public static rsa(size: number = 2048): CertManagerPrivateKey {
    // internal/apis/certmanager/validation/certificate.go: "must be between 2048 & 8192 for rsa keyAlgorithm".
    if (!Number.isInteger(size) || size < RSA_KEY_BITS.min || size > RSA_KEY_BITS.max) {
      throw propError(at('CertManagerPrivateKey.rsa()'), 'size', size, 'is not an RSA key size cert-manager accepts', 'use a whole number of bits from 2048 to 8192, for example 2048, 3072 or 4096');
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
