import { ErrorScope, propError } from '../core/errors';
import { checkList, isDnsSubdomain } from '../core/validators';

/** Who a certificate says its holder is: the subject's common name and the subject alternative names. */
export interface CertificateIdentity {
  /**
   * `commonName` (at most 64 characters). TLS peers that find any SAN ignore it.
   * @default - none
   */
  readonly commonName?: string;
  /**
   * `dnsNames`: DNS subject alternative names.
   * @default - none
   */
  readonly dnsNames?: string[];
  /**
   * `uris`: URI subject alternative names, for example a SPIFFE id
   * `spiffe://cluster.local/ns/emissary/sa/emissary-ingress`.
   * @default - none
   */
  readonly uris?: string[];
}

/** Checks an identity: a SAN at least (cert-manager needs one of them, and clients read SANs, not the CN). */
export function checkIdentity(scope: ErrorScope, prop: string, identity: unknown): CertificateIdentity {
  if (identity === null || typeof identity !== 'object' || Array.isArray(identity)) {
    throw propError(scope, prop, identity, 'is not an object', 'give { commonName?, dnsNames?, uris? }');
  }
  const { commonName, dnsNames, uris, ...unknown } = identity as CertificateIdentity;
  for (const key of Object.keys(unknown)) {
    throw propError(scope, `${prop}.${key}`, (unknown as Record<string, unknown>)[key], 'is not an identity field', 'use commonName, dnsNames or uris');
  }
  if (commonName !== undefined && (typeof commonName !== 'string' || commonName.length === 0 || commonName.length > 64 || /[\x00-\x1f]/.test(commonName))) {
    throw propError(scope, `${prop}.commonName`, commonName, 'is not a common name of 1 to 64 printable characters', 'shorten it, or leave it out and rely on dnsNames or uris');
  }
  const dns = dnsNames === undefined ? [] : checkList(scope, `${prop}.dnsNames`, dnsNames, 'list DNS names, for example ["ambassador.emissary.svc"]');
  for (const name of dns) {
    if (!isDnsSubdomain(typeof name === 'string' ? name.replace(/^\*\./, '') : name)) {
      throw propError(scope, `${prop}.dnsNames`, name, 'is not a DNS name', 'give lowercase DNS names, for example "ambassador.emissary.svc"');
    }
  }
  const uriList = uris === undefined ? [] : checkList(scope, `${prop}.uris`, uris, 'list URIs, for example ["spiffe://cluster.local/ns/emissary/sa/emissary-ingress"]');
  for (const uri of uriList) {
    if (typeof uri !== 'string' || !/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(uri)) {
      throw propError(scope, `${prop}.uris`, uri, 'is not a URI', 'give absolute URIs, for example "spiffe://cluster.local/ns/emissary/sa/emissary-ingress"');
    }
  }
  if (dns.length === 0 && uriList.length === 0) {
    throw propError(scope, prop, identity, 'has no subject alternative name: TLS peers check SANs, and most ignore the common name',
      'add dnsNames or uris, for example dnsNames: ["ambassador.emissary.svc"]');
  }
  return { commonName, dnsNames: dns.length ? dns as string[] : undefined, uris: uriList.length ? uriList as string[] : undefined };
}
