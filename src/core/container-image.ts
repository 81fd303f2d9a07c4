import { IConstruct } from 'constructs';
import { propError } from './errors';

// [registry[:port]/]path[:tag][@sha256:digest], as the container runtime parses it.
const REGISTRY = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(${REGISTRY}?${COMPONENT}(?:/${COMPONENT})*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

/**
 * Throws unless `image` is a valid reference with an explicit tag (not `latest`) or a digest,
 * so a rollout is reproducible and a GitOps diff shows every upgrade.
 */
export function checkPinnedImage(scope: IConstruct, prop: string, image: string): string {
  const example = 'for example docker.io/datawire/aes:1.14.4, or a digest @sha256:<64 hex digits>';
  const match = typeof image === 'string' ? REFERENCE.exec(image) : null;
  if (!match) {
    throw propError(scope, prop, image, 'is not a valid image reference (lowercase repository, tag, or sha256 digest)', `name the image with a tag, ${example}`);
  }
  const [, , tag, digest] = match;
  if (digest !== undefined) return image;
  if (tag === undefined) {
    throw propError(scope, prop, image, 'has no tag (it would float to :latest)', `pin a version, ${example}`);
  }
  if (tag === 'latest') {
    throw propError(scope, prop, image, 'uses the floating tag "latest"', `pin a version, ${example}`);
  }
  return image;
}
