/**
 * Path facts the rules reason with: where a path points (zone) and whether it holds secrets.
 * Pure string work over the context's cwd/home/project/state/tmp directories — no filesystem access.
 */
import { posix } from 'node:path';
import type { ClassifyContext } from './types.js';

export type Zone =
  | 'state' // the orchestrator's own state directory
  | 'root' // "/"
  | 'system' // OS directories and other users' homes
  | 'home' // the home directory itself
  | 'home-child' // a direct child of home (~/Documents, ~/projects)
  | 'project-ancestor' // the project directory itself or one of its parents
  | 'project' // inside the project
  | 'temp' // inside a temporary directory
  | 'outside'; // anywhere else

/** Zones whose recursive deletion is never routine. */
export const CRITICAL_ZONES: ReadonlySet<Zone> = new Set(['state', 'root', 'system', 'home', 'home-child', 'project-ancestor']);

const SYSTEM_DIRS = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/root', '/sbin',
  '/srv', '/sys', '/usr', '/var', '/home', '/Users', '/System', '/Library', '/Applications', '/private',
  '/snap', '/nix', '/mnt', '/media', '/run', '/cores', '/Volumes',
];
const NOT_SYSTEM = ['/var/tmp', '/private/tmp', '/private/var/folders'];

export function normalize(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

export function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : dir + '/');
}

export function zoneOf(abs: string, ctx: ClassifyContext): Zone {
  const p = normalize(abs);
  if (isUnder(p, normalize(ctx.stateDir))) return 'state';
  const project = normalize(ctx.projectDir);
  if (p === normalize(ctx.home)) return 'home';
  if (isUnder(project, p)) return p === '/' ? 'root' : 'project-ancestor';
  if (isUnder(p, project)) return 'project';
  const home = normalize(ctx.home);
  // The most specific anchor wins: a home directory under /tmp is still a home, a TMPDIR under ~ is temp.
  const temp = ctx.tmpDirs.map(normalize).filter((t) => p !== '/' && isUnder(p, t)).sort((a, b) => b.length - a.length)[0];
  if (temp && !(isUnder(p, home) && home.length > temp.length)) return 'temp';
  if (p === '/') return 'root';
  if (p === home) return 'home';
  if (isUnder(p, home)) return posix.dirname(p) === home ? 'home-child' : 'outside';
  if (isUnder(home, p)) return 'system'; // /home, /Users
  if (NOT_SYSTEM.some((d) => isUnder(p, d))) return 'outside';
  if (SYSTEM_DIRS.some((d) => isUnder(p, d))) return 'system';
  // A top-level directory (/data, /some) is as broad as a system one.
  return posix.dirname(p) === '/' ? 'system' : 'outside';
}

/** How many components below the zone's anchor a path is (used for "how broad is this delete"). */
export function depthBelow(abs: string, dir: string): number {
  const rel = posix.relative(dir, abs);
  return rel === '' ? 0 : rel.split('/').length;
}

const ENV_SAFE_SUFFIX = /\.(example|sample|template|dist|defaults?|schema|test\.example|tpl|md)$/i;
const KEY_BASENAME = /^(id_(rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)|.*_(rsa|ed25519|ecdsa|dsa)|privkey.*|.*private[-_]?key.*|master\.key|credentials(\.json|\.toml|\.db)?|service[-_]?account.*\.json|\.git-credentials|\.netrc|\.pgpass|\.my\.cnf|\.vault-token|\.htpasswd|\.pypirc|\.npmrc)$/i;
const KEY_EXT = /\.(key|p12|pfx|jks|keystore|kdbx|gpg|asc|age)$/i;
const HOME_SECRETS = [
  '.ssh', '.gnupg', '.password-store', '.aws/credentials', '.aws/sso/cache', '.azure', '.config/gcloud',
  '.kube/config', '.docker/config.json', '.config/gh/hosts.yml', '.terraform.d/credentials.tfrc.json',
  '.claude/.credentials.json', '.cargo/credentials', '.cargo/credentials.toml', '.gem/credentials',
  '.config/op', '.local/share/keyrings',
];
const SSH_PUBLIC = /(\.pub|known_hosts(\.old)?|authorized_keys|config)$/;

/** Secret material: reading it into Claude's context (or sending it anywhere) is refused. */
export function isSecretPath(abs: string, ctx: ClassifyContext, extraGlobs: RegExp[] = []): boolean {
  const p = normalize(abs);
  const base = posix.basename(p);
  if (/^\.env(\..+)?$/i.test(base) || /\.env$/i.test(base)) return !ENV_SAFE_SUFFIX.test(base);
  if (/\.pub$/i.test(base)) return false;
  if (KEY_BASENAME.test(base) || KEY_EXT.test(base)) return true;
  if (p === '/etc/shadow' || p === '/etc/gshadow' || p.startsWith('/etc/ssh/ssh_host_') && !base.endsWith('.pub')) return true;
  const home = normalize(ctx.home);
  for (const s of HOME_SECRETS) {
    const d = posix.join(home, s);
    if (isUnder(p, d)) return !(s === '.ssh' && SSH_PUBLIC.test(base));
  }
  return extraGlobs.some((g) => g.test(p));
}

/** A directory that holds secret material (`~/.aws`, `~/.ssh`, `~` itself): sending it sends them. */
export function containsSecrets(abs: string, ctx: ClassifyContext): boolean {
  const p = normalize(abs);
  const home = normalize(ctx.home);
  return HOME_SECRETS.some((s) => isUnder(posix.join(home, s), p));
}

/** Files whose modification changes what runs at login, in git, or in Claude Code itself. */
export function persistenceKind(abs: string, ctx: ClassifyContext): string | null {
  const p = normalize(abs);
  const home = normalize(ctx.home);
  const base = posix.basename(p);
  if (isUnder(p, posix.join(home, '.ssh')) && base === 'authorized_keys') return 'ssh authorized_keys (remote login)';
  if (p.startsWith('/etc/sudoers') || p === '/etc/passwd' || p === '/etc/shadow' || p === '/etc/group') return 'system account or sudo configuration';
  if (posix.dirname(p) === home && /^\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc|login)$/.test(base)) return 'shell start-up file';
  if (isUnder(p, posix.join(home, '.config/fish'))) return 'shell start-up file';
  if (/\/\.git\/hooks\//.test(p) || /\/\.git\/config$/.test(p)) return 'git hooks or configuration';
  if (/\/\.claude\/settings(\.local)?\.json$/.test(p) || isUnder(p, posix.join(home, '.claude'))) return 'Claude Code settings (hooks and permissions)';
  if (/^\/etc\/(cron|systemd|init\.d|rc\.local|profile|environment|ld\.so)/.test(p) || /\/crontabs?\//.test(p)) return 'system start-up or scheduled job';
  if (/\/Library\/Launch(Agents|Daemons)\//.test(p) || isUnder(p, posix.join(home, '.config/systemd')) || isUnder(p, posix.join(home, '.config/autostart'))) return 'login agent';
  return null;
}

/** The orchestrator's own policy and state, which the agent must never edit. */
export function isOrchestratorControl(abs: string, ctx: ClassifyContext): boolean {
  const p = normalize(abs);
  if (isUnder(p, normalize(ctx.stateDir))) return true;
  return /\/\.task-orchestrator(\/|$)/.test(p);
}
