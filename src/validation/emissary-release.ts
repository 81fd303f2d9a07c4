import { parseReleaseNumber, releaseAtLeast } from '../core/release-number';

/**
 * The Emissary-ingress (or Ambassador Edge Stack) release a check targets, for the rules whose
 * verdict differs between releases: `check --emissary-version 3.10`, the plugin property
 * `emissaryVersion`. Deliberately small: major and minor are all the rules read.
 */
export class EmissaryRelease {
  /** The release the checks assume when none is given: 3.10, the last of the 3.x line. */
  public static readonly DEFAULT = new EmissaryRelease(3, 10);

  /**
   * Parses `3.10`, `v3.10`, `3.10.0` (a patch is accepted and ignored). Throws, with the fix,
   * on anything else or a release outside 1.14 to 4.x.
   */
  public static parse(text: unknown): EmissaryRelease {
    if (text instanceof EmissaryRelease) return text;
    const parsed = typeof text === 'string' ? parseReleaseNumber(text.trim()) : undefined;
    const major = parsed?.major ?? NaN;
    const minor = parsed?.minor ?? NaN;
    if (!parsed || major < 1 || major > 4 || (major === 1 && minor < 14)) {
      throw new Error(`Emissary version ${JSON.stringify(text)} is not a release these checks know. Fix: give major.minor from 1.14 to 4.x, for example 3.10 (Edge Stack releases share Emissary's numbers)`);
    }
    return new EmissaryRelease(major, minor);
  }

  private constructor(
    /** The major version. */
    public readonly major: number,
    /** The minor version. */
    public readonly minor: number,
  ) {}

  /** True for this release or a later one than `major.minor`. */
  public atLeast(major: number, minor = 0): boolean {
    return releaseAtLeast(this, major, minor);
  }

  /** `3.10`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}
