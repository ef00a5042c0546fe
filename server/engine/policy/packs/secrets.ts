/** Secrets: reading key material into the conversation, and changing secret stores. */
import { isSecretPath } from '../paths.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { resolvePath } from '../shell/words.js';

definePack('secrets', {
  'secrets.read': { category: 'BLOCKED', reason: 'Reads a secret file (.env, private keys, cloud credentials) into the conversation. Reference variable names instead, or read .env.example' },
  'secrets.archive': { category: 'BLOCKED', reason: 'Packs secret files (SSH/GPG keys, credentials) into an archive' },
  'secrets.copy': { category: 'REQUIRES_APPROVAL', reason: 'Copies a secret file (key, .env, credentials) to another place' },
  'secrets.env-print': { category: 'REQUIRES_APPROVAL', reason: 'Prints a secret-looking environment variable into the conversation' },
  'secrets.store-write': { category: 'REQUIRES_APPROVAL', reason: 'Changes or deletes a secret in a secrets manager, which can break every service that uses it' },
});

/** Commands that print, copy out or transform a file's content. */
export const READERS = new Set([
  'cat', 'tac', 'less', 'more', 'most', 'head', 'tail', 'bat', 'batcat', 'nl', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack',
  'strings', 'xxd', 'hexdump', 'od', 'base64', 'base32', 'awk', 'gawk', 'mawk', 'sed', 'cut', 'sort', 'uniq', 'jq', 'yq',
  'diff', 'colordiff', 'vimdiff', 'view', 'openssl', 'gpg', 'source', 'paste', 'column', 'fold', 'tr', 'iconv', 'dd', 'pr',
  'expand', 'zcat', 'gzip', 'xz', 'bzip2', 'zstd', 'curl', 'wget', 'nc', 'ncat', 'socat', 'pbcopy', 'xclip', 'xsel', 'wl-copy',
  'http', 'xh', 'python', 'python3', 'node', 'ruby', 'perl', 'php', 'cp', 'scp', 'rsync', 'sftp', 'split', 'envsubst',
  'md5sum', 'sha1sum', 'sha256sum', 'cmp', 'comm', 'join', 'look', 'ssh-keygen',
]);
const NOT_READING: Record<string, (args: string[]) => boolean> = {
  // ssh-keygen -y prints the *public* key; -l the fingerprint.
  'ssh-keygen': (a) => a.some((x) => /^-[a-zA-Z]*[yl]/.test(x)),
  source: () => true, // loads variables without printing them
  cp: () => false, // copying key material elsewhere: judged below as a copy, not a read
  md5sum: () => true, sha1sum: () => true, sha256sum: () => true,
  sed: (a) => a.some((x) => /^-[a-zA-Z]*i|^--in-place/.test(x)),
  grep: (a) => a.some((x) => /^-[a-zA-Z]*[qlLc]|^--(quiet|silent|files-with(out)?-match(es)?|count)$/.test(x)),
};
/** Commands that copy what they read to another file. */
const COPIERS = new Set(['cp', 'install', 'split', 'dd']);
/** Readers that send what they read to another host. */
const SENDERS = new Set(['curl', 'wget', 'http', 'xh', 'nc', 'ncat', 'socat', 'scp', 'rsync', 'sftp']);
/** Names that are secrets wherever they are; a glob that can match one of them reads a secret. */
const SECRET_NAMES = ['.env', '.env.local', '.env.production', '.env.development', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'credentials', 'credentials.json', 'private.key', 'server.key', '.netrc', '.git-credentials'];

/** `cat ~/.ssh/*`, `cat .env*`: the directory is a secret one, or the pattern can name a secret file. */
function globHitsSecret(dir: string, pattern: string, s: ShellScope, extra: RegExp[]): boolean {
  if (isSecretPath(dir, s.ctx, extra)) return true;
  const base = pattern.split('/').pop() ?? '';
  const re = new RegExp('^' + base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return SECRET_NAMES.some((n) => re.test(n) && isSecretPath(`${dir}/${n}`, s.ctx, extra));
}

const ARCHIVERS = new Set(['tar', 'zip', '7z', '7za', 'rar', 'cpio', 'pax', 'gzip', 'xz']);

const SECRET_VAR = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CREDENTIALS?|AUTH)($|_)/i;

/** Commands that print secret material that is not a file: exported keys, keychain entries, secret-looking variables. */
export function secretOutput(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if ((inv.name === 'gpg' || inv.name === 'gpg2') && t.some((x) => /^--export-secret-(sub)?keys/.test(x))) return add(s, 'secrets.read', subjectOf(inv), 'exports private keys');
  if (inv.name === 'security' && /^find-(generic|internet)-password$/.test(t[0] ?? '') && t.some((x) => /^-[a-zA-Z]*w/.test(x))) return add(s, 'secrets.read', subjectOf(inv), 'prints a keychain password');
  if (inv.name === 'echo' || inv.name === 'printf' || inv.name === 'printenv') {
    const names = inv.name === 'printenv' ? t : t.flatMap((x) => [...x.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
    const hit = names.find((n) => SECRET_VAR.test(n));
    if (hit) add(s, 'secrets.env-print', subjectOf(inv), hit);
  }
}

export function secretArgs(inv: Invocation, s: ShellScope): void {
  const name = inv.name;
  const reader = READERS.has(name) || /^python[0-9.]*$/.test(name);
  const archiver = ARCHIVERS.has(name);
  if (!reader && !archiver) return;
  const argv = inv.words.slice(1).map((w) => w.text);
  if (NOT_READING[name]?.(argv)) return;
  const extra = s.ctx.policy.protectedPaths.map(globToRegExp);
  const operands = inv.words.slice(1);
  // A copy's destination is written, not read: `cp .env.example .env` reads no secret.
  if (COPIERS.has(name) && name !== 'dd') {
    const last = operands.map((w) => w.text.startsWith('-')).lastIndexOf(false);
    if (last > 0) operands.splice(last, 1);
  }
  for (const w of operands) {
    let text = w.text.replace(/^--?[\w-]+=/, '').replace(/^@/, '');
    if (name === 'dd' && /^if=/.test(w.text)) text = w.text.slice(3);
    if (!text || text.startsWith('-') && !w.text.includes('=')) continue;
    const r = resolvePath({ ...w, text }, { ctx: s.ctx, vars: inv.vars });
    if (r.kind !== 'path') continue;
    if (r.glob ? globHitsSecret(r.abs, text, s, extra) : isSecretPath(r.abs, s.ctx, extra)) {
      const id = archiver ? 'secrets.archive' : SENDERS.has(name) ? 'net.exfil.secret' : COPIERS.has(name) ? 'secrets.copy' : 'secrets.read';
      return add(s, id, subjectOf(inv), r.glob ? text : r.abs);
    }
  }
}

/** `cmd < .env`: any command fed a secret on stdin. */
export function secretInput(inv: Invocation | null, redirects: Invocation['command']['redirects'], s: ShellScope): void {
  for (const r of redirects) {
    if (r.op !== '<' || !r.target) continue;
    if (inv?.name === 'source') continue;
    const p = resolvePath(r.target, { ctx: s.ctx, vars: inv?.vars ?? new Map() });
    if (p.kind === 'path' && isSecretPath(p.abs, s.ctx, s.ctx.policy.protectedPaths.map(globToRegExp))) add(s, 'secrets.read', `< ${r.target.text}`, p.abs);
  }
}

const STORE_WRITE: Record<string, RegExp> = {
  vault: /^(write|delete|destroy|patch|put|disable|revoke|rotate|undelete|rollback)$/,
  op: /^(delete|edit|create|archive|move)$/,
  doppler: /^(set|delete|upload|unset|rollback)$/,
  infisical: /^(set|delete)$/,
  'sops': /^(--set|set|rotate)$/,
};

/** Secret managers: writes and deletes (reads are routine and allowed). */
export function secretStore(inv: Invocation, s: ShellScope): boolean {
  const t = inv.words.slice(1).map((w) => w.text).filter((x) => !x.startsWith('-'));
  const re = STORE_WRITE[inv.name];
  if (re) {
    if (t.slice(0, 3).some((x) => re.test(x))) add(s, 'secrets.store-write', subjectOf(inv));
    return true;
  }
  if (inv.name === 'aws' && (t[0] === 'secretsmanager' || t[0] === 'ssm') && /^(delete|update|put|rotate|restore|remove|cancel)/.test(t[1] ?? '')) { add(s, 'secrets.store-write', subjectOf(inv)); return true; }
  if (inv.name === 'gcloud' && t[0] === 'secrets' && t.slice(1, 3).some((x) => /^(delete|destroy|disable|add|update|set-iam-policy)$/.test(x))) { add(s, 'secrets.store-write', subjectOf(inv)); return true; }
  if (inv.name === 'gh' && (t[0] === 'secret' || t[0] === 'variable') && /^(set|delete|remove)$/.test(t[1] ?? '')) { add(s, 'secrets.store-write', subjectOf(inv)); return true; }
  return false;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') { if (glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; } else re += '[^/]*'; }
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp((glob.startsWith('/') ? '^' : '(^|/)') + re + '$');
}
