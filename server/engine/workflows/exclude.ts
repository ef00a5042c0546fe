/**
 * Which files a workflow never reads: version-control and dependency trees, build output, caches,
 * and secret material. Pure string tests over POSIX paths relative to the base directory.
 */

/** Directories pruned when globbing (build output, dependencies, caches). */
const SKIPPED_DIRS = new Set([
  'node_modules', 'dist', 'build', 'out', 'target', 'coverage', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache',
  '.tox', '.nox', '.venv', 'venv', '.next', '.nuxt', '.turbo', '.cache', '.gradle', '.idea', '.vscode',
]);

/** Directories never read, even when named as a target: history, credentials, the orchestrator's own state. */
const NEVER_DIRS = new Set(['.git', '.hg', '.svn', '.ssh', '.gnupg', '.aws', '.task-orchestrator']);

const ENV_SAFE_SUFFIX = /\.(example|sample|template|dist|defaults?|schema|tpl|md)$/i;
const SECRET_BASENAME =
  /^(id_(rsa|dsa|ecdsa|ed25519)(_sk)?|.*_(rsa|ed25519|ecdsa|dsa)|privkey.*|.*private[-_]?key.*|master\.key|credentials(\.json|\.toml|\.db)?|service[-_]?account.*\.json|\.git-credentials|\.netrc|\.pgpass|\.my\.cnf|\.vault-token|\.htpasswd|\.pypirc|\.npmrc|\.dockercfg|secrets?\.(json|ya?ml|toml))$/i;
const SECRET_EXT = /\.(pem|key|p12|pfx|jks|keystore|kdbx|gpg|asc|age|tfstate)$/i;

/** Why a directory is pruned while globbing, or null to descend into it. */
export function skippedDirReason(relDir: string): string | null {
  const name = relDir.split('/').pop() ?? '';
  if (NEVER_DIRS.has(name)) return `${name}/ is never read`;
  if (SKIPPED_DIRS.has(name)) return `${name}/ is build output, dependencies or a cache`;
  return null;
}

/**
 * Why a file must never be read into a prompt (secret material or a protected directory), or null.
 *
 * @example
 * refusedFileReason('config/.env.local') // → '.env.local holds secrets'
 * refusedFileReason('.env.example')      // → null
 */
export function refusedFileReason(relPath: string): string | null {
  const parts = relPath.split('/');
  const base = parts[parts.length - 1] ?? '';
  const dir = parts.slice(0, -1).find((p) => NEVER_DIRS.has(p));
  if (dir) return `${dir}/ is never read`;
  if (/^\.env(\..+)?$/i.test(base) || /\.env$/i.test(base)) return ENV_SAFE_SUFFIX.test(base) ? null : `${base} holds secrets`;
  if (/\.pub$/i.test(base)) return null;
  if (SECRET_BASENAME.test(base) || SECRET_EXT.test(base)) return `${base} looks like a key or credentials file`;
  return null;
}

/** Why a glob match is left out (a refused file, or one inside a pruned directory), or null. */
export function globExclusionReason(relPath: string): string | null {
  const refused = refusedFileReason(relPath);
  if (refused) return refused;
  const parts = relPath.split('/').slice(0, -1);
  for (let i = 0; i < parts.length; i++) {
    const r = skippedDirReason(parts.slice(0, i + 1).join('/'));
    if (r) return r;
  }
  return null;
}

/** Bytes that decode as text: no NUL in the first 8 KiB and valid UTF-8 throughout. */
export function isText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
