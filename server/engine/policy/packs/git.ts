/** git: operations that discard work or rewrite shared history. */
import type { Word } from '../../shell/ast.js';
import { posix } from 'node:path';
import { isSecretPath } from '../paths.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';

definePack('git', {
  'git.push.force-protected': { category: 'BLOCKED', reason: 'Force-pushes to a protected branch, destroying remote history others rely on. Use --force-with-lease on a feature branch, or open a pull request' },
  'git.push.force-lease-protected': { category: 'REQUIRES_APPROVAL', reason: 'Force-pushes (with lease) to a protected branch: safer than --force, but it still rewrites shared history' },
  'git.push.force': { category: 'REQUIRES_APPROVAL', reason: 'Force-push rewrites remote history; prefer --force-with-lease' },
  'git.push.delete-protected': { category: 'BLOCKED', reason: 'Deletes a protected branch on the remote' },
  'git.push.delete': { category: 'REQUIRES_APPROVAL', reason: 'Deletes a branch or tag on the remote' },
  'git.push.release': { category: 'REQUIRES_APPROVAL', reason: 'Pushes a version tag, which publishes a release: Go module proxies, package registries and release workflows pick it up' },
  'git.push.deploy': { category: 'REQUIRES_APPROVAL', reason: 'Pushes to a deployment remote (Heroku, Dokku, production): a git-push deploy goes live as soon as it lands' },
  'git.push.mirror': { category: 'REQUIRES_APPROVAL', reason: 'push --mirror overwrites and deletes every remote ref to match the local repository' },
  'git.reset.hard': { category: 'REQUIRES_APPROVAL', reason: 'Discards uncommitted changes in the working tree; consider `git stash` first' },
  'git.checkout.discard': { category: 'REQUIRES_APPROVAL', reason: 'Overwrites files in the working tree with another version, discarding uncommitted changes; consider `git stash` first' },
  'git.checkout.force': { category: 'REQUIRES_APPROVAL', reason: 'Switches branches discarding local changes' },
  'git.restore.worktree': { category: 'REQUIRES_APPROVAL', reason: 'Restores files in the working tree, discarding uncommitted changes' },
  'git.clean.force': { category: 'REQUIRES_APPROVAL', reason: 'Deletes untracked files, which git cannot recover; preview with `git clean -n`' },
  'git.branch.force-delete': { category: 'REQUIRES_APPROVAL', reason: 'Force-deletes a branch even if it is not merged' },
  'git.rm.force': { category: 'REQUIRES_APPROVAL', reason: 'git rm --force deletes files including their uncommitted changes' },
  'git.stash.drop': { category: 'REQUIRES_APPROVAL', reason: 'Permanently drops stashed changes' },
  'git.worktree.force-remove': { category: 'REQUIRES_APPROVAL', reason: 'Removes a worktree including its uncommitted changes' },
  'git.history.rewrite': { category: 'REQUIRES_APPROVAL', reason: 'Rewrites or prunes history (filter-branch, filter-repo, reflog expire, gc --prune=now, update-ref -d)' },
  'git.config.exec': { category: 'REQUIRES_APPROVAL', reason: 'git -c sets a command that git will execute' },
});

const GLOBAL_VALUED = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--super-prefix', '--config-env', '--list-cmds', '--attr-source']);

interface GitCall {
  sub: string;
  rest: Word[];
}

export function parseGit(words: Word[], s: ShellScope, nested: (src: string, via: string) => void): GitCall | null {
  let i = 1;
  while (i < words.length) {
    const t = words[i]!.text;
    if (t === '--') { i++; continue; }
    if (!t.startsWith('-')) break;
    const key = t.split('=', 1)[0]!;
    if (key === '-c' || t.startsWith('-c')) {
      const kv = t === '-c' ? words[i + 1]?.text ?? '' : t.startsWith('-c') && t.length > 2 ? t.slice(2) : '';
      const m = /^(core\.(pager|editor|sshcommand|fsmonitor|hookspath)|sequence\.editor|diff\.external|alias\.[^=]+)=(.*)$/i.exec(kv);
      if (m && (!/^alias/i.test(m[1]!) || m[3]!.startsWith('!'))) {
        add(s, 'git.config.exec', kv);
        nested(m[3]!.replace(/^!/, ''), `git -c ${m[1]}`);
      }
    }
    if (GLOBAL_VALUED.has(key) && !t.includes('=') && t.length === key.length) i++;
    i++;
  }
  const subWord = words[i];
  if (!subWord) return null;
  return { sub: subWord.text.toLowerCase(), rest: words.slice(i + 1) };
}

function flags(rest: Word[]): { short: Set<string>; long: Set<string>; pos: Word[] } {
  const short = new Set<string>();
  const long = new Set<string>();
  const pos: Word[] = [];
  let dd = false;
  for (const w of rest) {
    const t = w.text;
    if (dd || !t.startsWith('-') || t === '-') { pos.push(w); continue; }
    if (t === '--') { dd = true; pos.push(w); continue; }
    if (t.startsWith('--')) long.add(t.toLowerCase().split('=', 1)[0]!);
    else for (const c of t.slice(1)) short.add(c);
  }
  return { short, long, pos };
}

export function git(inv: Invocation, s: ShellScope, nested: (src: string, via: string) => void): void {
  const call = parseGit(inv.words, s, nested);
  if (!call) return;
  const { sub, rest } = call;
  const subject = subjectOf(inv);
  const f = flags(rest);
  const lower = rest.map((w) => w.text.toLowerCase());
  // `git show HEAD:.env`, `git cat-file -p main:config/id_rsa`: a secret read out of history.
  for (const w of rest) {
    const m = /^[^:\s-][^:\s]*:(.+)$/.exec(w.text);
    if (m && !/^\w+:\/\//.test(w.text) && isSecretPath(posix.join(s.ctx.cwd, m[1]!), s.ctx)) return add(s, 'secrets.read', subject, m[1]);
  }
  switch (sub) {
    case 'push': return push(rest, s, subject);
    case 'reset':
      if (f.long.has('--hard') || f.long.has('--merge')) add(s, 'git.reset.hard', subject);
      return;
    case 'checkout': return checkout(rest, s, subject);
    case 'switch':
      if (rest.some((w) => /^-[a-zA-Z]*[cC]/.test(w.text) && !/^-[a-zA-Z]*f[a-zA-Z]*[cC]/.test(w.text))) return;
      if (f.short.has('f') || f.long.has('--force') || f.long.has('--discard-changes')) add(s, 'git.checkout.force', subject);
      return;
    case 'restore':
      if (f.long.has('--help')) return;
      if (f.short.has('W') || f.long.has('--worktree') || !(f.short.has('S') || f.long.has('--staged'))) add(s, 'git.restore.worktree', subject);
      return;
    case 'clean':
      if (f.short.has('f') || f.long.has('--force')) add(s, 'git.clean.force', subject);
      return;
    case 'branch':
      if (f.short.has('D') || (f.short.has('d') || f.long.has('--delete')) && (f.short.has('f') || f.long.has('--force'))) add(s, 'git.branch.force-delete', subject);
      return;
    case 'stash':
      if (lower[0] === 'drop' || lower[0] === 'clear') add(s, 'git.stash.drop', subject);
      return;
    case 'worktree':
      if (lower[0] === 'remove' && (f.short.has('f') || f.long.has('--force'))) add(s, 'git.worktree.force-remove', subject);
      return;
    case 'rm':
      if ((f.short.has('f') || f.long.has('--force')) && !f.long.has('--cached')) add(s, 'git.rm.force', subject);
      return;
    case 'filter-branch':
    case 'filter-repo':
      add(s, 'git.history.rewrite', subject);
      return;
    case 'reflog':
      if (lower[0] === 'expire' || lower[0] === 'delete') add(s, 'git.history.rewrite', subject);
      return;
    case 'gc':
      if (lower.some((a) => /^--prune=(now|all)/.test(a))) add(s, 'git.history.rewrite', subject);
      return;
    case 'update-ref':
      if (f.short.has('d')) add(s, 'git.history.rewrite', subject);
      return;
  }
}

/** Remotes that deploy what they receive: named for a git-push platform or for production, or such a URL. */
const DEPLOY_REMOTE = /^(heroku|dokku|scalingo|clever|production|prod|live)([-_.][\w.-]+)?$|(^|[@/.])(git\.heroku\.com|heroku\.com|dokku[@.]|scalingo\.com|clever-cloud\.com|scm\.azurewebsites\.net)/i;
/** A tag ref, or a ref shaped like a release version (v1.4.0, 2.0.0-rc.1). */
const VERSION_TAG = /^refs\/tags\/|^v?\d+\.\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$/;

function push(rest: Word[], s: ShellScope, subject: string): void {
  const valued = new Set(['--repo', '--receive-pack', '--exec', '-o', '--push-option', '--signed']);
  let force = false;
  let lease = false;
  let del = false;
  let mirror = false;
  let all = false;
  let tags = false;
  const pos: string[] = [];
  if (rest.some((w) => /^(--dry-run|-n|--porcelain)$/.test(w.text) && w.text !== '--porcelain')) return; // a preview pushes nothing
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!.text;
    const l = t.toLowerCase();
    if (l === '--force-with-lease' || l.startsWith('--force-with-lease=')) { lease = true; continue; }
    if (l === '--force' || l.startsWith('--force=') || l.startsWith('--force-') && l !== '--force-if-includes') { force = true; continue; }
    if (l === '--delete') { del = true; continue; }
    if (l === '--mirror') { mirror = true; continue; }
    if (l === '--all' || l === '--branches') { all = true; continue; }
    if (l === '--tags' || l === '--follow-tags') { tags = true; continue; }
    if (valued.has(l)) { i++; continue; }
    if (/^-[a-zA-Z]+$/.test(t)) {
      if (t.includes('f')) force = true;
      if (t.includes('d')) del = true;
      continue;
    }
    if (t.startsWith('-')) continue;
    pos.push(t);
  }
  const refspecs = pos.slice(1);
  if (refspecs.some((r) => r.startsWith('+'))) force = true;
  const dst = (r: string) => r.replace(/^\+/, '').split(':').pop()!.replace(/^refs\/heads\//, '');
  const protectedRef = (r: string) => s.ctx.policy.protectedBranches.some((b) => globMatch(b, dst(r)));
  if (mirror) add(s, 'git.push.mirror', subject);
  if (pos[0] !== undefined && DEPLOY_REMOTE.test(pos[0])) add(s, 'git.push.deploy', subject, pos[0]);
  const released = refspecs.filter((r) => !r.startsWith(':') && !del && VERSION_TAG.test(dst(r)));
  if (tags || released.length) add(s, 'git.push.release', subject, released[0] ?? (tags ? '--tags' : undefined));
  const deletes = del ? refspecs : refspecs.filter((r) => r.startsWith(':'));
  for (const r of deletes) add(s, protectedRef(r) ? 'git.push.delete-protected' : 'git.push.delete', subject, dst(r));
  if (del && !refspecs.length) add(s, 'git.push.delete', subject);
  if (lease && refspecs.some((r) => !r.startsWith(':') && protectedRef(r))) add(s, 'git.push.force-lease-protected', subject);
  if (force && !lease) {
    const targets = refspecs.filter((r) => !r.startsWith(':'));
    if (all) add(s, 'git.push.force-protected', subject, '--all includes protected branches');
    else if (targets.length === 0 || targets.some(protectedRef) || refspecs.includes('HEAD')) {
      // No refspec: the current branch (possibly a protected one) is pushed.
      add(s, targets.some(protectedRef) ? 'git.push.force-protected' : 'git.push.force', subject);
    } else add(s, 'git.push.force', subject);
  }
}

function globMatch(glob: string, value: string): boolean {
  const re = new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$', 'i');
  return re.test(value);
}

/** Options of git checkout that take a value (the next word when not attached). */
const CHECKOUT_VALUED = new Set(['-b', '-B', '--orphan', '--conflict', '-U', '--unified', '--inter-hunk-context', '--pathspec-from-file']);
const CHECKOUT_OPTIONAL = new Map([['--track', ['direct', 'inherit']], ['-t', ['direct', 'inherit']], ['--recurse-submodules', ['checkout', 'on-demand']]]);

function checkout(rest: Word[], s: ShellScope, subject: string): void {
  const pos: string[] = [];
  let force = false;
  let newBranch = false;
  let pathspecFile = false;
  let dashdash = false;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!.text;
    if (dashdash) { pos.push(t); continue; }
    if (t === '--') { dashdash = true; continue; }
    if (t.startsWith('--')) {
      const key = t.split('=', 1)[0]!.toLowerCase();
      if (key === '--force') force = true;
      if (key === '--orphan') newBranch = true;
      if (key === '--pathspec-from-file') pathspecFile = true;
      if (CHECKOUT_VALUED.has(key) && !t.includes('=')) i++;
      else if (CHECKOUT_OPTIONAL.has(key) && !t.includes('=') && CHECKOUT_OPTIONAL.get(key)!.includes(rest[i + 1]?.text ?? '')) i++;
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      for (let k = 1; k < t.length; k++) {
        const c = t[k]!;
        if (c === 'f') force = true;
        if (c === 'b' || c === 'B') { newBranch = true; if (k === t.length - 1) i++; break; }
        if (c === 'U') { if (k === t.length - 1) i++; break; }
        if (c === 't' && k === t.length - 1 && ['direct', 'inherit'].includes(rest[i + 1]?.text ?? '')) i++;
      }
      continue;
    }
    pos.push(t);
  }
  if (force) return add(s, 'git.checkout.force', subject);
  if (newBranch) return;
  if (dashdash && pos.length) return add(s, 'git.checkout.discard', subject);
  if (pathspecFile || pos.length >= 2) return add(s, 'git.checkout.discard', subject);
  if (pos.length === 1 && /^(\.|\.\/.*|\*.*|:\/.*)$/.test(pos[0]!)) add(s, 'git.checkout.discard', subject);
}

export { globMatch };
