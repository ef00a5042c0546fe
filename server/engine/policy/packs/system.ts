/** The machine itself: disks, power, processes, accounts, firewalls, privilege. */
import type { Script } from '../../shell/ast.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';

definePack('system', {
  'sys.disk.format': { category: 'BLOCKED', reason: 'Creates a filesystem or repartitions a disk, erasing its contents' },
  'sys.disk.dd-device': { category: 'BLOCKED', reason: 'dd writes raw data to a disk device, destroying its contents' },
  'sys.power': { category: 'BLOCKED', reason: 'Shuts down or reboots the machine' },
  'sys.kill.all': { category: 'BLOCKED', reason: 'Kills every process (or init), taking the machine down' },
  'sys.kill.by-name': { category: 'REQUIRES_APPROVAL', reason: 'Kills every process with that name (or of a whole user) with SIGKILL: nothing gets to shut down cleanly, so databases and builds lose unsaved state' },
  'sys.fork-bomb': { category: 'BLOCKED', reason: 'A function that recursively spawns itself in the background (fork bomb) exhausts the machine' },
  'sys.cron.install': { category: 'REQUIRES_APPROVAL', reason: 'Replaces the user crontab: scheduled jobs keep running after this session' },
  'sys.kernel': { category: 'REQUIRES_APPROVAL', reason: 'Changes kernel parameters at run time' },
  'sys.cron.remove': { category: 'REQUIRES_APPROVAL', reason: 'Removes every scheduled cron job of the user' },
  'sys.firewall': { category: 'REQUIRES_APPROVAL', reason: 'Flushes or disables firewall or security policy' },
  'sys.accounts': { category: 'REQUIRES_APPROVAL', reason: 'Changes system users, groups, passwords or sudo rights' },
  'sys.service.stop': { category: 'REQUIRES_APPROVAL', reason: 'Stops, disables or masks a system service' },
  'sys.windows.delete': { category: 'REQUIRES_APPROVAL', reason: 'Recursively deletes files (Windows syntax)' },
  'sys.windows.format': { category: 'BLOCKED', reason: 'Formats a drive' },
  'sys.windows.critical': { category: 'BLOCKED', reason: 'Recursively deletes a drive root, the Windows folder or all user profiles' },
  'sys.history.erase': { category: 'REQUIRES_APPROVAL', reason: 'Erases shell history or audit logs, hiding what was done' },
});

export function mkfs(inv: Invocation, s: ShellScope): void {
  if (inv.words.length > 1 && !inv.words.slice(1).every((w) => /^(-h|--help|-V|--version|-l|--list)$/.test(w.text))) add(s, 'sys.disk.format', subjectOf(inv));
}

export function dd(inv: Invocation, s: ShellScope): void {
  const of = inv.words.find((w) => w.text.startsWith('of='))?.text.slice(3) ?? '';
  if (/^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|mapper|md|dm-|loop)/.test(of)) add(s, 'sys.disk.dd-device', subjectOf(inv), of);
}

/** SysV `service NAME stop`, OpenRC `rc-service`, macOS `launchctl unload/bootout/disable`. */
export function serviceManager(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text).filter((x) => !x.startsWith('-'));
  const stops = inv.name === 'launchctl' ? /^(unload|bootout|disable|remove|kill)$/.test(t[0] ?? '') : /^(stop|disable|zap)$/.test(t[1] ?? '');
  if (stops) add(s, 'sys.service.stop', subjectOf(inv));
}

export function power(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (t.some((x) => /^(-h|--help|-k|--show)$/.test(x)) && inv.name === 'shutdown' && t.includes('-k')) return;
  if (inv.name === 'init' || inv.name === 'telinit') { if (/^[06]$/.test(t[0] ?? '')) add(s, 'sys.power', subjectOf(inv)); return; }
  if (inv.name === 'systemctl') {
    if (/^(poweroff|reboot|halt|kexec|suspend|hibernate|emergency|rescue)$/.test(t.find((x) => !x.startsWith('-')) ?? '')) add(s, 'sys.power', subjectOf(inv));
    else if (/^(stop|disable|mask|kill)$/.test(t.find((x) => !x.startsWith('-')) ?? '')) add(s, 'sys.service.stop', subjectOf(inv));
    return;
  }
  if (t.some((x) => /^(--help|--version)$/.test(x))) return;
  add(s, 'sys.power', subjectOf(inv));
}

export function kill(inv: Invocation, s: ShellScope): void {
  if (inv.name === 'killall5') return add(s, 'sys.kill.all', subjectOf(inv));
  const t = inv.words.slice(1).map((w) => w.text);
  let i = 0;
  if (t[i] === '-s' || t[i] === '-n' || t[i] === '--signal') i += 2;
  else if (t[i] === '-l' || t[i] === '-L' || t[i] === '--list') return;
  else if (/^-([A-Za-z][A-Za-z0-9+]*|\d+)$/.test(t[i] ?? '') && t.length > 1) i += 1; // the signal (-9, -KILL)
  if (t[i] === '--') i++;
  // A pid of -1 is every process the user may signal; 1 is init.
  if (t.slice(i).some((x) => x === '-1' || x === '1')) add(s, 'sys.kill.all', subjectOf(inv));
}

/** killall/pkill options that take a value (the next word). */
const KILL_VALUED = /^(-s|--signal|-u|--user|-U|--uid|-g|--pgroup|-G|--group|-P|--parent|-t|--terminal|-o|--older-than|-y|--younger-than|-n|--ns|-F|--pidfile)$/;
const SIGKILL = /^-(9|KILL|SIGKILL)$|^--signal=(9|KILL|SIGKILL)$/i;

/**
 * killall/pkill: a name (or pattern) reaches every matching process, including ones this session never
 * started. A plain TERM lets them shut down; SIGKILL does not, and `-u user` reaches all of a user's.
 */
export function killByName(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (t.some((x) => /^(-l|--list|-V|--version|--help)$/.test(x))) return;
  const force = t.some((x, k) => SIGKILL.test(x) || /^(-s|--signal)$/.test(x) && /^(9|KILL|SIGKILL)$/i.test(t[k + 1] ?? ''));
  // The words that name processes: not options, and not the value of one.
  const names = t.filter((x, k) => !x.startsWith('-') && !(k > 0 && KILL_VALUED.test(t[k - 1]!)));
  const everyOfUser = t.some((x) => /^(-u|--user|-U|--uid)$/.test(x)) && names.length === 0;
  if (force || everyOfUser) add(s, 'sys.kill.by-name', subjectOf(inv));
}

export function crontab(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (t.some((x) => /^-[a-zA-Z]*r/.test(x))) return add(s, 'sys.cron.remove', subjectOf(inv));
  if (t.some((x) => /^-[a-zA-Z]*[le]/.test(x))) return; // list / edit interactively
  // `crontab -` or `crontab FILE` replaces the whole table; commands fed from a pipe are analysed.
  add(s, 'sys.cron.install', subjectOf(inv));
  const prev = inv.index > 0 ? inv.pipeline.commands[inv.index - 1] : undefined;
  const body = prev && /^(echo|printf)$/.test(prev.words[0]?.text ?? '') ? prev.words.slice(1).map((w) => w.text).join(' ') : inv.command.redirects.find((r) => r.heredoc)?.heredoc?.body;
  for (const line of (body ?? '').split('\n')) {
    const cmd = line.trim().replace(/^(@\w+|(\S+\s+){5})/, '');
    if (cmd && !line.trim().startsWith('#')) s.nested.push({ lang: 'sh', source: cmd, via: 'crontab entry' });
  }
}

/** Kernel and OS security switches: ASLR, Gatekeeper, SIP, log retention. */
export function securityKnobs(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (inv.name === 'sysctl' && t.some((x) => /^(-w|--write)$/.test(x) || /=/.test(x) && !x.startsWith('-'))) add(s, 'sys.kernel', subjectOf(inv));
  if (inv.name === 'spctl' && t.some((x) => /^--(master-disable|global-disable|disable)$/.test(x))) add(s, 'sys.firewall', subjectOf(inv));
  if (inv.name === 'csrutil' && t[0] === 'disable') add(s, 'sys.firewall', subjectOf(inv));
  if (inv.name === 'journalctl' && t.some((x) => /^--(vacuum|rotate|flush)/.test(x))) add(s, 'sys.history.erase', subjectOf(inv));
}

export function firewall(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (/^(ip6?tables|nft)$/.test(inv.name) && t.some((x) => /^(-F|--flush|-X|flush|-P)$/.test(x))) add(s, 'sys.firewall', subjectOf(inv));
  if (inv.name === 'ufw' && /^(disable|reset)$/.test(t[0] ?? '')) add(s, 'sys.firewall', subjectOf(inv));
  if (inv.name === 'setenforce' && t[0] === '0') add(s, 'sys.firewall', subjectOf(inv));
}

export function accounts(inv: Invocation, s: ShellScope): void {
  add(s, 'sys.accounts', subjectOf(inv));
}

/** `C:\`, `C:`, `C:\Windows`, `C:\Users`, `%SystemRoot%`: as broad as / on a Unix machine. */
function windowsCritical(args: string[]): boolean {
  return args.some((a) => /^[a-z]:\\?$|^[a-z]:\\?(windows|users|program files( \(x86\))?|programdata)\\?$|^%(systemroot|windir|userprofile|programfiles)%/i.test(a.replace(/\//g, '\\')));
}

export function windows(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text.toLowerCase());
  if (inv.name !== 'format' && inv.name !== 'format.com' && windowsCritical(t) && (t.includes('/s') || t.includes('-recurse'))) return add(s, 'sys.windows.critical', subjectOf(inv));
  if (inv.name === 'format' || inv.name === 'format.com') { if (/^[a-z]:$/.test(t[0] ?? '')) add(s, 'sys.windows.format', subjectOf(inv)); return; }
  if ((inv.name === 'rd' || inv.name === 'rmdir') && t.includes('/s')) return add(s, 'sys.windows.delete', subjectOf(inv));
  if ((inv.name === 'del' || inv.name === 'erase') && (t.includes('/s') || t.includes('/q'))) return add(s, 'sys.windows.delete', subjectOf(inv));
  if (/^(remove-item|ri)$/.test(inv.name) && t.some((x) => x === '-recurse' || x === '-r')) add(s, 'sys.windows.delete', subjectOf(inv));
}

export function history(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (inv.name === 'history' && t.some((x) => /^-[a-z]*c/.test(x))) add(s, 'sys.history.erase', subjectOf(inv));
}

/**
 * Switching off the shell's history so later commands leave no trace: `unset HISTFILE`,
 * `HISTFILE=/dev/null`, `export HISTSIZE=0`. `args` are `NAME=value` words, or names after `unset`.
 */
export function historyOff(args: string[], s: ShellScope, via = ''): void {
  const off = args.find((a) => via === 'unset' ? /^HISTFILE$/.test(a) : /^HISTFILE=(\/dev\/null)?$|^HIST(FILE)?SIZE=0$/.test(a));
  if (off) add(s, 'sys.history.erase', via ? `${via} ${off}` : off);
}

/** `f(){ f|f& }; f` and friends: a function that calls itself in a pipeline or in the background. */
export function forkBombs(functions: Script['functions'], s: ShellScope): void {
  for (const f of functions) {
    const selfCalls = f.body.pipelines.filter((p) => p.commands.some((c) => c.words[0]?.text === f.name));
    if (selfCalls.some((p) => p.commands.filter((c) => c.words[0]?.text === f.name).length > 1)) add(s, 'sys.fork-bomb', `${f.name}(){ … }`);
  }
}
