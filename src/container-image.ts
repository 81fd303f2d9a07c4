import { IConstruct } from 'constructs';
import { propError } from './errors';

/**
 * Throws unless `image` names an explicit tag (not `latest`) or a digest, so a rollout is
 * reproducible and a GitOps diff shows every upgrade.
 */
export function checkPinnedImage(scope: IConstruct, prop: string, image: string): string {
  const example = 'for example docker.io/datawire/aes:1.14.4, or a digest @sha256:...';
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    throw propError(scope, prop, image, 'is not an image reference', `name the image with a tag, ${example}`);
  }
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return image;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
  if (tag === undefined || tag === '') {
    throw propError(scope, prop, image, 'has no tag (it would float to :latest)', `pin a version, ${example}`);
  }
  if (tag === 'latest') {
    throw propError(scope, prop, image, 'uses the floating tag "latest"', `pin a version, ${example}`);
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw propError(scope, prop, image, `has the invalid tag "${tag}"`, `pin a version, ${example}`);
  }
  return image;
}
