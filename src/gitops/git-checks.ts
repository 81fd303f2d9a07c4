import { ErrorScope, propError } from '../core/errors';

/**
 * Checks of the Git coordinates that GitOpsApp writes into committed Argo CD and Flux objects:
 * the repository URL, the revision and the output folder's path in the repository.
 */

const CREDENTIALS_FIX = 'give the URL without them, and keep the credentials in the cluster: an Argo CD repository Secret '
  + '(label argocd.argoproj.io/secret-type: repository) and the Secret named by the Flux GitRepository\'s spec.secretRef';

/**
 * A Git URL Argo CD and Flux can clone, holding no credentials: `https://`, `http://`, `ssh://`
 * or the scp-like `git@host:org/repo.git`. The URL is committed in plain text in every delivery
 * file, so a user name or password (`https://user:token@host/...`) or a query string (where
 * some hosts take `private_token=`) is refused; `ssh://git@host/...` and `git@host:...` name the
 * SSH user only, the key staying in the cluster, and are accepted.
 */
export function checkRepoUrl(scope: ErrorScope, prop: string, value: unknown): string {
  const notUrl = () => propError(scope, prop, value, 'is not a Git repository URL', 'give the URL Argo CD and Flux clone, for example "https://github.com/acme/gitops.git"');
  if (typeof value !== 'string' || !/^[^\s'"`{}\\<>]{1,2048}$/.test(value)) throw notUrl();
  const scpLike = /^([A-Za-z0-9._~-]+(:[^@/]*)?)@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(value);
  if (scpLike && !/^[a-z]+:\/\//i.test(value)) {
    if (scpLike[2] !== undefined) throw propError(scope, prop, value, 'holds a password (user:password@)', CREDENTIALS_FIX);
    return value;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw notUrl();
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!['https', 'http', 'ssh'].includes(scheme) || url.hostname === '' || url.pathname.length <= 1) throw notUrl();
  if (url.password !== '' || (scheme !== 'ssh' && url.username !== '')) {
    throw propError(scope, prop, value, 'holds credentials (user or token before "@"), which would be committed in plain text in every delivery file', CREDENTIALS_FIX);
  }
  if (url.search !== '' || url.hash !== '') {
    throw propError(scope, prop, value, 'has a query string or fragment (where tokens are passed), which would be committed in plain text', CREDENTIALS_FIX);
  }
  return value;
}

/**
 * A revision Argo CD and Flux can resolve: `HEAD`, a commit SHA, or a branch or tag name that
 * `git check-ref-format --allow-onelevel` accepts (no "..", "@{", "//", control characters,
 * spaces or any of `~^:?*[\`, no component starting with "." or ending with ".lock", no leading
 * or trailing "/" and no trailing "."), at most 255 characters. Argo CD's semver ranges for tags
 * ("1.2.*") are not refs and are refused too.
 */
export function checkGitRef(scope: ErrorScope, prop: string, value: unknown): string {
  const problem = gitRefProblem(value);
  if (problem !== undefined) {
    throw propError(scope, prop, value, `is not a Git branch, tag or commit: ${problem}`, 'give for example "main", "v1.4.0", "refs/heads/release-1" or "HEAD"');
  }
  return value as string;
}

function gitRefProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'it is not a string';
  if (value.length === 0 || value.length > 255) return 'it must have 1 to 255 characters';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what git refuses
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(value)) return 'git refuses spaces, control characters and any of ~ ^ : ? * [ \\';
  if (value.includes('..')) return 'git refuses ".."';
  if (value.includes('@{') || value === '@') return 'git refuses "@{" and "@" alone';
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//')) return 'git refuses a leading or trailing "/" and "//"';
  if (value.endsWith('.')) return 'git refuses a trailing "."';
  if (value.startsWith('-')) return 'a leading "-" would be read as a command-line option';
  for (const component of value.split('/')) {
    if (component.startsWith('.')) return `git refuses a component starting with "." (${component})`;
    if (component.endsWith('.lock')) return `git refuses a component ending with ".lock" (${component})`;
  }
  return undefined;
}

// One folder name: letters, digits, "-", "_" and "."; not starting with "." (".", "..", ".git").
const REPO_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/;

/**
 * The output folder's path inside the repository, as Argo CD and Flux take it: relative, each
 * folder a plain name. "..", an absolute path, a hidden folder (".git") or a glob character would
 * point the generators and Kustomizations outside the output, or outside the repository.
 * Returns it without a leading "./" or trailing "/".
 */
export function checkRepoPath(scope: ErrorScope, prop: string, value: unknown): string {
  const path = typeof value === 'string' ? value.replace(/^\.\//, '').replace(/\/+$/, '') : value;
  if (typeof path !== 'string' || path === '' || !path.split('/').every((s) => REPO_SEGMENT.test(s))) {
    throw propError(scope, prop, value, 'is not a relative folder path inside the repository',
      'give the output folder as committed, for example "dist" or "clusters/prod/edge": folder names of letters, digits, "-", "_" and ".", none starting with "."');
  }
  return path;
}
