import { AmbassadorProduct } from './ambassador-product';
import { ErrorScope, propError } from '../core/errors';
import { parseReleaseNumber, releaseAtLeast } from '../core/release-number';

/** The releases each product is supported at, as errors state them. */
const SUPPORTED: Record<AmbassadorProduct['id'], string> = {
  'emissary': '1.14, 2.x, 3.x or 4.x',
  'edge-stack': '3.x',
};

/**
 * A release of Ambassador, `MAJOR.MINOR` or `MAJOR.MINOR.PATCH` (a leading "v" is allowed), parsed
 * and checked against the releases this library derives facts for: Emissary-ingress 1.14
 * (Ambassador API Gateway), 2.x, 3.x and 4.x; Edge Stack 3.x.
 */
export class AmbassadorRelease {
  /**
   * Parses `version` for `product`; throws, naming `where`, the value and the fix, when it is
   * malformed or outside the supported releases.
   */
  public static parse(where: ErrorScope, product: AmbassadorProduct, version: unknown): AmbassadorRelease {
    if (typeof version !== 'string') {
      throw propError(where, 'version', version, 'is not a release string',
        'write the release as a string, MAJOR.MINOR.PATCH, for example "3.10.0" (the number 3.10 would read as 3.1)');
    }
    const parsed = parseReleaseNumber(version);
    if (!parsed) {
      throw propError(where, 'version', version, `is not a release of ${product}`,
        'write it as MAJOR.MINOR.PATCH (or MAJOR.MINOR), digits only, for example "3.10.0"; pre-releases are not supported');
    }
    const release = new AmbassadorRelease(parsed.major, parsed.minor, parsed.patch);
    const supported = product === AmbassadorProduct.EMISSARY
      ? (release.major === 1 && release.minor === 14) || (release.major >= 2 && release.major <= 4)
      : release.major === 3;
    if (!supported) {
      const fix = product === AmbassadorProduct.EMISSARY && release.major === 1
        ? 'upgrade to Ambassador 1.14 (1.14.4, the last 1.x) or later: the releases before it are not supported'
        : product === AmbassadorProduct.EDGE_STACK
          ? 'Edge Stack is supported at 3.x (its charts and static YAML before 3.0 are not ones this library was checked against); for another release describe the install with AmbassadorInstall.userManaged()'
          : `use a supported release (${SUPPORTED[product.id]})`;
      throw propError(where, 'version', version, `is not a release of ${product} this library supports (${SUPPORTED[product.id]})`, fix);
    }
    return release;
  }

  private constructor(
    /** The major version. */
    public readonly major: number,
    /** The minor version. */
    public readonly minor: number,
    /** The patch version, when given. */
    public readonly patch: number | undefined,
  ) {}

  /** True when this release is `major.minor[.patch]` or later (a release given without a patch counts as its `.0`). */
  public atLeast(major: number, minor: number, patch: number = 0): boolean {
    return releaseAtLeast(this, major, minor, patch);
  }

  /** True when this release is within `from` (inclusive) and `to` (exclusive), each `[major, minor]`. */
  public within(from: readonly [number, number], to: readonly [number, number]): boolean {
    return this.atLeast(from[0], from[1]) && !this.atLeast(to[0], to[1]);
  }

  /** The release as given, without a "v": `3.10.0` or `3.10`. */
  public toString(): string {
    return this.patch === undefined ? `${this.major}.${this.minor}` : `${this.major}.${this.minor}.${this.patch}`;
  }
}
