/** Deleting, overwriting and re-permissioning files: rm, find -delete, shred, truncate, chmod, writes. */
import type { Redirect, Word } from '../../shell/ast.js';
import { CRITICAL_ZONES, isOrchestratorControl, persistenceKind, zoneOf, type Zone } from '../paths.js';
import { definePack } from '../rules.js';
import { args, type Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { parseArgs, resolvePath, type ResolvedPath } from '../shell/words.js';

/** The shells' history files: overwriting, emptying or removing one hides what was run. */
const SHELL_HISTORY = /\/(\.(bash|zsh|sh|ksh|mysql|psql|python|node_repl|sqlite)_history|\.history|fish_history|\.zhistory)$/;

definePack('filesystem', {
  'fs.rm.critical': { category: 'BLOCKED', reason: 'Recursively deletes the filesystem root, a system directory, your home directory or the project itself. Delete the specific subdirectory you mean instead' },
  'fs.rm.outside-project': { category: 'BLOCKED', reason: 'Recursively force-deletes a broad path outside the project and temp directories. Name a narrower path, or run it yourself if intended' },
  'fs.rm.recursive': { category: 'REQUIRES_APPROVAL', reason: 'Recursively force-deletes files (not recoverable from git if untracked); approve if this is the folder you meant' },
  'fs.rm.dynamic': { category: 'REQUIRES_APPROVAL', reason: 'Recursively deletes a path only known at run time (variable, command substitution or piped input)' },
  'fs.rm.system-file': { category: 'BLOCKED', reason: 'Deletes a file in a system directory or your home directory root' },
  'fs.find.delete': { category: 'REQUIRES_APPROVAL', reason: 'find deletes every file it matches (-delete or -exec rm -rf); approve after checking the expression' },
  'fs.find.delete-critical': { category: 'BLOCKED', reason: 'find deletes files under the filesystem root, a system directory or your home directory' },
  'fs.shred': { category: 'REQUIRES_APPROVAL', reason: 'Irrecoverably overwrites files' },
  'fs.truncate': { category: 'REQUIRES_APPROVAL', reason: 'Truncates a file, discarding its contents' },
  'fs.discard': { category: 'REQUIRES_APPROVAL', reason: 'Moves or copies files onto /dev/null, which destroys them' },
  'fs.chmod.system': { category: 'REQUIRES_APPROVAL', reason: 'Changes the permissions or owner of a system file' },
  'fs.truncate.critical': { category: 'BLOCKED', reason: 'Truncates a file in a system directory' },
  'fs.write.system': { category: 'REQUIRES_APPROVAL', reason: 'Writes into a system directory; approve if you intended to change OS configuration' },
  'fs.write.device': { category: 'BLOCKED', reason: 'Writes raw data to a disk device, destroying its filesystem' },
  'fs.write.persistence': { category: 'REQUIRES_APPROVAL', reason: 'Modifies a file that runs code at login, in git, or changes Claude Code settings' },
  'fs.write.critical-config': { category: 'BLOCKED', reason: 'Modifies sudo or system account configuration' },
  'fs.chmod.critical': { category: 'BLOCKED', reason: 'Changes ownership or permissions recursively on a system directory, your home or the filesystem root' },
  'fs.chmod.world-writable': { category: 'REQUIRES_APPROVAL', reason: 'Makes files world-writable (777)' },
  'fs.chmod.setuid': { category: 'BLOCKED', reason: 'Sets the setuid/setgid bit, a privilege-escalation vector' },
  'fs.move.critical': { category: 'BLOCKED', reason: 'Moves or overwrites a system directory, your home directory or the project itself' },
});

const ORDER: Zone[] = ['outside', 'temp', 'project', 'project-ancestor', 'home-child', 'home', 'system', 'root', 'state'];

function targetsOf(words: Word[], inv: Invocation, s: ShellScope): ResolvedPath[] {
  return words.map((w) => (inv.placeholder && w.text.includes(inv.placeholder) ? { kind: 'dynamic' as const, text: w.text } : resolvePath(w, { ctx: s.ctx, vars: inv.vars })));
}

export function rm(inv: Invocation, s: ShellScope): void {
  const a = parseArgs(inv.words.slice(1));
  const recursive = a.short.has('r') || a.short.has('R') || a.long.has('--recursive');
  const force = a.short.has('f') || a.long.has('--force');
  const targets = targetsOf(a.positionals, inv, s);
  // Operands arriving at run time (xargs), or none given while input is piped in (a misuse that
  // expects rm to read paths from stdin): the target is unknown.
  if (recursive && force && (inv.argsFromInput || !targets.length && inv.index > 0)) targets.push({ kind: 'dynamic', text: inv.argsFromInput ? '<input>' : '<no operand>' });
  const subject = subjectOf(inv);
  for (const t of targets) {
    if (t.kind === 'dynamic') {
      if (recursive && force) add(s, 'fs.rm.dynamic', subject, t.text);
      continue;
    }
    const zone = zoneOf(t.abs, s.ctx);
    if (SHELL_HISTORY.test(t.abs)) add(s, 'sys.history.erase', subject, t.abs);
    if (recursive) {
      if (CRITICAL_ZONES.has(zone) || t.glob && zone === 'project' && t.abs === s.ctx.projectDir) add(s, 'fs.rm.critical', subject, `${t.abs}: ${zone}`);
      else if (!force) continue;
      else if (zone === 'outside') add(s, broadOutside(t.abs, s) ? 'fs.rm.outside-project' : 'fs.rm.recursive', subject, t.abs);
      else if (zone === 'project') add(s, 'fs.rm.recursive', subject, t.abs);
      else if (zone === 'temp' && !t.glob && s.ctx.tmpDirs.some((d) => d.replace(/\/+$/, '') === t.abs)) add(s, 'fs.rm.recursive', subject, `${t.abs}: the whole temporary directory, shared with other programs`);
    } else if (zone === 'system' || zone === 'root' || zone === 'home' || zone === 'state') {
      add(s, zone === 'state' ? 'fs.rm.critical' : 'fs.rm.system-file', subject, t.abs);
    }
  }
}

/** Outside the project and home: two levels or fewer below / is broad enough to refuse; deeper asks. */
function broadOutside(abs: string, s: ShellScope): boolean {
  if (abs.startsWith(s.ctx.home + '/')) return false; // direct children of home are already critical
  return abs.split('/').filter(Boolean).length <= 2;
}

const FIND_VALUED = new Set(['-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-type', '-xtype', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-user', '-group', '-perm', '-maxdepth', '-mindepth', '-printf', '-fprint', '-fprint0', '-fls', '-wholename', '-iwholename', '-lname', '-ilname', '-samefile', '-inum', '-links', '-uid', '-gid', '-fstype', '-context', '-used', '-regextype', '-D', '-O', '-anewer', '-cnewer', '-files0-from']);

export function find(inv: Invocation, s: ShellScope, recurse: (words: Word[], inv: Invocation) => void): void {
  const w = inv.words.slice(1);
  const roots: Word[] = [];
  let i = 0;
  while (i < w.length && /^-[HLP]$/.test(w[i]!.text)) i++;
  while (i < w.length && !/^[-(!]/.test(w[i]!.text) && w[i]!.text !== ')') roots.push(w[i++]!);
  if (!roots.length) roots.push({ text: '.', quoted: false, dynamic: false, glob: false, subs: [] });
  // Searching the project itself is routine; searching above it, home, or the system is not.
  const critical = targetsOf(roots, inv, s).some((t) => {
    if (t.kind !== 'path') return false;
    const z = zoneOf(t.abs, s.ctx);
    return z === 'root' || z === 'system' || z === 'home' || z === 'home-child' || z === 'state' || z === 'project-ancestor' && t.abs !== s.ctx.projectDir;
  });
  const subject = subjectOf(inv);
  for (; i < w.length; i++) {
    const t = w[i]!.text;
    if (FIND_VALUED.has(t)) { i++; continue; }
    if (t === '-newerXY' || /^-newer[a-zA-Z]{2}$/.test(t)) { i++; continue; }
    if (t === '-delete') add(s, critical ? 'fs.find.delete-critical' : 'fs.find.delete', subject);
    if (t === '-exec' || t === '-execdir' || t === '-ok' || t === '-okdir') {
      let j = i + 1;
      while (j < w.length && w[j]!.text !== ';' && w[j]!.text !== '+' && w[j]!.text !== '\\;') j++;
      const inner = w.slice(i + 1, j);
      if (inner.length) {
        const before = s.findings.length;
        recurse(inner, { ...inv, placeholder: '{}', argsFromInput: true });
        const deletes = /^(rm|unlink|rmdir|shred|srm)$/.test((inner[0]?.text ?? '').replace(/^.*\//, '')) || s.findings.slice(before).some((f) => f.rule.startsWith('fs.rm.'));
        if (deletes) add(s, critical ? 'fs.find.delete-critical' : 'fs.find.delete', subject);
      }
      i = j;
    }
  }
}

/** shred/srm: irrecoverable. A file of the project is the user's own business; anything else asks. */
export function shred(inv: Invocation, s: ShellScope): void {
  const recursive = inv.words.some((w) => /^-[a-zA-Z]*[rR]|^--recursive$/.test(w.text));
  for (const t of targetsOf(parseArgs(inv.words.slice(1), 'ns').positionals, inv, s)) {
    if (t.kind === 'path' && t.abs.startsWith('/dev/')) return add(s, 'fs.write.device', subjectOf(inv), t.abs);
    if (recursive || t.kind !== 'path' || !['project', 'temp'].includes(zoneOf(t.abs, s.ctx))) return add(s, 'fs.shred', subjectOf(inv), t.kind === 'path' ? t.abs : t.text);
  }
}

export function truncate(inv: Invocation, s: ShellScope): void {
  for (const t of targetsOf(parseArgs(inv.words.slice(1), 'sr').positionals, inv, s)) {
    if (t.kind === 'path' && ['system', 'root', 'state'].includes(zoneOf(t.abs, s.ctx))) add(s, 'fs.truncate.critical', subjectOf(inv), t.abs);
    // Emptying a log is routine; emptying anything else (a database file, data) discards it.
    else if (t.kind !== 'path' || zoneOf(t.abs, s.ctx) !== 'temp' && !/((^|[/._-])logs?([/._-]|$)|\.(out|err|tmp)(\.\d+)?$)/i.test(t.abs)) add(s, 'fs.truncate', subjectOf(inv), t.kind === 'path' ? t.abs : t.text);
  }
}

export function chmodLike(inv: Invocation, s: ShellScope): void {
  const a = parseArgs(inv.words.slice(1), inv.name === 'setfacl' ? 'mMxX' : '', inv.name === 'setfacl' ? ['--modify', '--modify-file', '--remove', '--remove-file', '--set', '--set-file'] : ['--reference']);
  const recursive = a.short.has('R') || a.long.has('--recursive');
  const [mode, ...paths] = a.positionals.map((w) => w.text);
  const subject = subjectOf(inv);
  if (inv.name === 'chmod' && mode && (/^[ugoa]*[+=][rwxXt]*s/.test(mode) || /^[2467][0-7]{3}$/.test(mode))) add(s, 'fs.chmod.setuid', subject, mode);
  const targets = targetsOf(a.positionals.slice(inv.name === 'chmod' || inv.name === 'chown' || inv.name === 'chgrp' ? 1 : 0), inv, s);
  for (const t of targets) {
    if (t.kind !== 'path') continue;
    const z = zoneOf(t.abs, s.ctx);
    if (recursive && (z === 'root' || z === 'system' || z === 'home' || z === 'state' || z === 'home-child')) add(s, 'fs.chmod.critical', subject, t.abs);
    else if (z === 'system' || z === 'root' || persistenceKind(t.abs, s.ctx)) add(s, 'fs.chmod.system', subject, t.abs);
  }
  if (inv.name === 'chmod' && mode && /^(0?777|a\+rwx|ugo\+rwx|o\+w|a\+w)$/.test(mode) && paths.length) add(s, 'fs.chmod.world-writable', subject, mode);
}

/** Where a write lands: redirects, tee, cp/mv/install/ln destinations, dd of=, sed -i. */
export function checkWriteTarget(target: Word, inv: Invocation | null, s: ShellScope, how: string): void {
  const t = resolvePath(target, { ctx: s.ctx, vars: inv?.vars ?? new Map() });
  if (t.kind !== 'path') return;
  const p = t.abs;
  if (/^\/dev\/(null|stdout|stderr|tty|fd\/\d+|zero|random|urandom|ptmx|pts\/\d+)$/.test(p) || /^\/dev\/fd\//.test(p) || /^\/proc\/self\/fd\//.test(p)) return;
  s.readOnly = false;
  if (/^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|mapper|md|loop|dm-|sr|mem$|kmem$|port$)/.test(p)) return add(s, 'fs.write.device', how, p);
  if (/^\/proc\/(sysrq-trigger|sys\/kernel\/)/.test(p)) return add(s, 'fs.write.critical-config', how, `${p}: kernel control`);
  if (isOrchestratorControl(p, s.ctx)) return; // the orchestrator pack reports these
  if (SHELL_HISTORY.test(p)) return add(s, 'sys.history.erase', how, p);
  const kind = persistenceKind(p, s.ctx);
  if (kind) return add(s, /sudo|account/.test(kind) ? 'fs.write.critical-config' : 'fs.write.persistence', how, `${p}: ${kind}`);
  const z = zoneOf(p, s.ctx);
  if (z === 'system' || z === 'root') add(s, /^\/(boot|bin|sbin|lib|usr\/(s?bin|lib))\b/.test(p) ? 'fs.write.critical-config' : 'fs.write.system', how, p);
}

/**
 * Output files named by an option rather than a redirect, when they are devices: `tar -cf /dev/sda`,
 * `sort -o /dev/sdb`, `curl -o /dev/nvme0n1`. Only `/dev/` values are looked at: `-o` means other
 * things elsewhere (`ssh -o`, `mount -o`), but no option value there names a disk.
 */
export function deviceOutputs(inv: Invocation, s: ShellScope): void {
  const w = inv.words;
  // tar's first word may be a dashless option cluster (`tar czf out.tgz`).
  const opt = (i: number) => (inv.name === 'tar' && i === 1 && /^[a-zA-Z]+$/.test(w[1]!.text) ? `-${w[1]!.text}` : w[i]!.text);
  const tarWrites = inv.name === 'tar' && w.slice(1).some((_, k) => /^-[a-zA-Z]*[cru][a-zA-Z]*$/.test(opt(k + 1)) || /^--(create|append|update)$/.test(opt(k + 1)));
  for (let i = 1; i < w.length; i++) {
    const t = opt(i);
    const attached = /^--(output|output-file|outfile|file)=(\/dev\/.+)$/.exec(t);
    if (attached) { if (attached[1] !== 'file' || tarWrites) checkWriteTarget({ ...w[i]!, text: attached[2]! }, inv, s, subjectOf(inv)); continue; }
    const next = w[i + 1];
    if (!next || !next.text.startsWith('/dev/')) continue;
    if (/^(-o|--output|--output-file|--outfile)$/.test(t) || tarWrites && (/^-[a-zA-Z]*f$/.test(t) || t === '--file')) checkWriteTarget(next, inv, s, subjectOf(inv));
  }
}

export function redirects(list: Redirect[], inv: Invocation | null, s: ShellScope): void {
  for (const r of list) {
    if (!r.target || r.heredoc) continue;
    if (/>/.test(r.op) && !/^&?\d*$/.test(r.target.text.replace(/^-$/, '1'))) checkWriteTarget(r.target, inv, s, `${r.op} ${r.target.text}`);
  }
}

export function copyLike(inv: Invocation, s: ShellScope): void {
  const a = parseArgs(inv.words.slice(1), inv.name === 'install' ? 'gmoSt' : 'tS', ['--target-directory', '--suffix']);
  const explicit = a.long.get('--target-directory') ?? (a.short.has('t') ? undefined : undefined);
  const dest = typeof explicit === 'string' ? { text: explicit, quoted: false, dynamic: false, glob: false, subs: [] } : a.positionals[a.positionals.length - 1];
  if (a.positionals.length >= 2 && dest && inv.name === 'mv' && dest.text === '/dev/null') add(s, 'fs.discard', subjectOf(inv));
  if (a.positionals.length >= 2 && dest) checkWriteTarget(dest, inv, s, subjectOf(inv));
  if (inv.name === 'mv') {
    for (const t of targetsOf(a.positionals.slice(0, -1), inv, s)) {
      if (t.kind === 'path' && CRITICAL_ZONES.has(zoneOf(t.abs, s.ctx)) && !t.glob) add(s, 'fs.move.critical', subjectOf(inv), t.abs);
    }
  }
}

export function tee(inv: Invocation, s: ShellScope): void {
  for (const w of parseArgs(inv.words.slice(1)).positionals) checkWriteTarget(w, inv, s, subjectOf(inv));
}

export function sedInPlace(inv: Invocation, s: ShellScope): void {
  const words = inv.words.slice(1);
  if (!words.some((w) => /^-[a-zA-Z]*i/.test(w.text) || w.text.startsWith('--in-place'))) return;
  const a = parseArgs(words, 'ef', ['--expression', '--file']);
  const files = a.positionals.slice(a.short.has('e') || a.long.has('--expression') ? 0 : 1);
  for (const w of files) checkWriteTarget(w, inv, s, subjectOf(inv));
}

export function dd(inv: Invocation, s: ShellScope): void {
  for (const a of args(inv)) {
    if (a.startsWith('of=')) checkWriteTarget({ text: a.slice(3), quoted: false, dynamic: false, glob: false, subs: [] }, inv, s, subjectOf(inv));
  }
}

export { ORDER as ZONE_ORDER };
