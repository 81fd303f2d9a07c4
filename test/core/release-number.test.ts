import { Chart, Testing } from 'cdk8s';
import { parseReleaseNumber, releaseAtLeast } from '../../src/core/release-number';
import { AmbassadorProduct } from '../../src/install/ambassador-product';
import { AmbassadorRelease } from '../../src/install/ambassador-release';
import { EmissaryRelease } from '../../src/validation/emissary-release';

describe('release numbers', () => {
  test.each([
    ['3.10', { major: 3, minor: 10, patch: undefined }],
    ['v3.10.0', { major: 3, minor: 10, patch: 0 }],
    ['1.14.4', { major: 1, minor: 14, patch: 4 }],
  ])('%s is a release number', (text, parsed) => {
    expect(parseReleaseNumber(text)).toEqual(parsed);
  });

  test.each(['3', '3.1O', '03.10', '3.10.0-rc.1', '3.10.0.1', ' 3.10', '3.10 ', 'v', '12345.0'])('%j is not', (text) => {
    expect(parseReleaseNumber(text)).toBeUndefined();
  });

  test('a release without a patch counts as its .0', () => {
    expect(releaseAtLeast({ major: 3, minor: 10 }, 3, 10, 0)).toBe(true);
    expect(releaseAtLeast({ major: 3, minor: 10 }, 3, 10, 1)).toBe(false);
    expect(releaseAtLeast({ major: 3, minor: 9, patch: 1 }, 3, 10)).toBe(false);
    expect(releaseAtLeast({ major: 4, minor: 0 }, 3, 10)).toBe(true);
  });

  // The install target and the checks' --emissary-version read the same strings alike.
  test.each(['3.10', 'v3.10.0', '2.5.1', '1.14', '03.10', '3.1O', '3.10.0-rc.1'])('AmbassadorRelease and EmissaryRelease agree on %j', (text) => {
    const scope = new Chart(Testing.app(), 'c');
    const install = (() => { try { return AmbassadorRelease.parse(scope, AmbassadorProduct.EMISSARY, text).toString().split('.').slice(0, 2).join('.'); } catch { return 'refused'; } })();
    const check = (() => { try { return EmissaryRelease.parse(text).toString(); } catch { return 'refused'; } })();
    expect(check).toBe(install);
  });
});
