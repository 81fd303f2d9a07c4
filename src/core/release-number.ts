/**
 * A release number as users write it: `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, an optional leading
 * "v", digits only (no pre-release), each part at most four digits without a leading zero. Shared
 * by the install target (`AmbassadorRelease`) and the checks' `--emissary-version`
 * (`EmissaryRelease`), so both read `3.10`, `v3.10.0` and reject `3.1O` the same way.
 */
export interface ReleaseNumber {
  /** The major version. */
  readonly major: number;
  /** The minor version. */
  readonly minor: number;
  /** The patch version; `undefined` when the text gave none. */
  readonly patch?: number;
}

const RELEASE = /^v?(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,3}))?$/;

/** Parses `text` as a release number; `undefined` when it is not one. */
export function parseReleaseNumber(text: string): ReleaseNumber | undefined {
  const match = RELEASE.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: match[3] === undefined ? undefined : Number(match[3]) };
}

/** True when `release` is `major.minor.patch` or later (a release without a patch counts as its `.0`). */
export function releaseAtLeast(release: ReleaseNumber, major: number, minor: number, patch = 0): boolean {
  const own = [release.major, release.minor, release.patch ?? 0];
  const other = [major, minor, patch];
  for (let i = 0; i < 3; i++) if (own[i] !== other[i]) return own[i] > other[i];
  return true;
}
