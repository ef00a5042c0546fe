/**
 * From a parsed simple command to what actually runs: peels off wrappers (sudo, env, nice,
 * timeout, command, busybox, xargs, …), normalises the command name, and records what the
 * wrappers imply (elevated, arguments arriving at run time).
 */
import type { Command, Pipeline, Word } from '../../shell/ast.js';

export interface Invocation {
  /** Normalised command name: basename, lowercase, leading backslash removed. */
  name: string;
  /** argv after unwrapping: words[0] is the command itself. */
  words: Word[];
  command: Command;
  pipeline: Pipeline;
  index: number;
  /** Wrappers peeled off, outermost first (e.g. ["sudo", "env"]). */
  via: string[];
  elevated: boolean;
  /** xargs / parallel / find -exec: more arguments arrive at run time. */
  argsFromInput: boolean;
  /** Token replaced at run time (`{}` for find -exec, xargs -I X). */
  placeholder: string | null;
  /** Assignments in effect for this command (prefix assignments and earlier `X=…;`). */
  vars: Map<string, string>;
}

export function args(inv: Invocation): string[] {
  return inv.words.slice(1).map((w) => w.text);
}

export function commandName(word: string): string {
  let w = word.replace(/^\\+/, '');
  const slash = w.lastIndexOf('/');
  if (slash >= 0) w = w.slice(slash + 1);
  return w.toLowerCase();
}

/** Option specs for wrappers: which short/long options take a value. */
interface WrapperSpec {
  valued: string; // short options that take a value, e.g. "ugCDhprtTU"
  longValued?: string[];
  /** Arguments consumed after options before the wrapped command (e.g. timeout's duration). */
  positional?: number;
  elevates?: boolean;
  fromInput?: boolean;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: { valued: 'ugCDhprtTU', longValued: ['--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--command-timeout', '--other-user'], elevates: true },
  doas: { valued: 'uC', elevates: true },
  pkexec: { valued: '', longValued: ['--user'], elevates: true },
  run0: { valued: '', longValued: ['--user', '--unit', '--property'], elevates: true },
  nice: { valued: 'n', longValued: ['--adjustment'] },
  nohup: { valued: '' },
  time: { valued: 'fo', longValued: ['--format', '--output'] },
  timeout: { valued: 'sk', longValued: ['--signal', '--kill-after'], positional: 1 },
  stdbuf: { valued: 'ioe', longValued: ['--input', '--output', '--error'] },
  ionice: { valued: 'cnp', longValued: ['--class', '--classdata', '--pid'] },
  chrt: { valued: '', positional: 1 },
  taskset: { valued: '', positional: 1 },
  setsid: { valued: '' },
  unbuffer: { valued: '' },
  caffeinate: { valued: 'tw' },
  builtin: { valued: '' },
  exec: { valued: 'a' },
  command: { valued: '' },
  nsenter: { valued: 'tSGe', longValued: ['--target'] },
  chroot: { valued: '', longValued: ['--userspec', '--groups'], positional: 1, elevates: true },
  flock: { valued: 'wEc', positional: 1 },
  strace: { valued: 'oeEpsuSPIaXb' },
  ltrace: { valued: 'oeEpsuSnab' },
  xargs: { valued: 'adEeILlnPsJRS', longValued: ['--arg-file', '--delimiter', '--eof', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'], fromInput: true },
  then: { valued: '' }, do: { valued: '' }, else: { valued: '' }, '!': { valued: '' }, coproc: { valued: '' },
};
/** Short options whose value may be attached or omitted (xargs -i[R], -l[N], -e[EOF]). */
const OPTIONAL_ATTACHED: Record<string, string> = { xargs: 'ile' };

export interface Unwrapped {
  name: string;
  words: Word[];
  via: string[];
  elevated: boolean;
  argsFromInput: boolean;
  placeholder: string | null;
  /** The wrapper only looked something up (command -v git): nothing runs. */
  lookupOnly: boolean;
  /** `env -S 'a b'` split strings etc.: extra words to analyse in place. */
  extraAssignments: { name: string; value: string }[];
}

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function unwrap(input: Word[]): Unwrapped {
  let words = input;
  const out: Unwrapped = { name: '', words, via: [], elevated: false, argsFromInput: false, placeholder: null, lookupOnly: false, extraAssignments: [] };
  for (let guard = 0; guard < 32 && words.length; guard++) {
    // A word that looks like a (possibly invalid) assignment in command position: skip it, conservatively.
    while (words.length > 1 && !words[0]!.quoted && /^[^/\s]*=/.test(words[0]!.text)) {
      const t = words[0]!.text;
      if (ASSIGN.test(t)) out.extraAssignments.push({ name: t.slice(0, t.indexOf('=')), value: t.slice(t.indexOf('=') + 1) });
      words = words.slice(1);
    }
    const name = commandName(words[0]!.text);
    if (name === 'env') { words = unwrapEnv(words, out); out.via.push('env'); continue; }
    if (name === 'busybox' || name === 'toybox') {
      if (words.length < 2 || words[1]!.text.startsWith('-')) break;
      out.via.push(name); words = words.slice(1); continue;
    }
    if (name === 'command') {
      const { rest, flags } = skipOptions(words.slice(1), WRAPPERS.command!, name);
      if (/[vV]/.test(flags)) {
        if (rest.length <= 1) { out.lookupOnly = true; out.words = rest; out.name = name; return out; }
      }
      out.via.push(name); words = rest; if (!rest.length) break; continue;
    }
    const runner = packageRunner(name, words);
    if (runner) { out.via.push(runner.via); words = runner.rest; if (!words.length) break; continue; }
    const container = containerExec(name, words);
    if (container) { out.via.push(container.via); words = container.rest; if (!words.length) break; continue; }
    const spec = WRAPPERS[name];
    if (!spec) break;
    let rest: Word[];
    if (name === 'xargs') {
      const r = skipXargs(words.slice(1));
      rest = r.rest;
      if (r.placeholder) out.placeholder = r.placeholder;
    } else {
      const r = skipOptions(words.slice(1), spec, name);
      rest = r.rest.slice(spec.positional ?? 0);
    }
    out.via.push(name);
    if (spec.elevates || name === 'nsenter' && entersInit(words)) out.elevated = true;
    // nsenter without a command runs the user's shell inside the namespaces.
    if (name === 'nsenter' && !rest.length) rest = [{ ...words[0]!, text: 'sh' }];
    if (spec.fromInput) out.argsFromInput = true;
    if (!rest.length) { words = rest; break; }
    words = rest;
  }
  out.words = words;
  out.name = words.length ? commandName(words[0]!.text) : '';
  return out;
}

function skipOptions(words: Word[], spec: WrapperSpec, _name: string): { rest: Word[]; flags: string } {
  let i = 0;
  let flags = '';
  while (i < words.length) {
    const t = words[i]!.text;
    if (t === '--') { i++; break; }
    if (!t.startsWith('-') || t === '-') break;
    if (t.startsWith('--')) {
      const [key] = t.split('=', 1);
      if (!t.includes('=') && spec.longValued?.includes(key!)) i++;
      i++;
      continue;
    }
    // Short cluster: -pvV, -n19, -u root
    let consumed = false;
    for (let k = 1; k < t.length; k++) {
      const c = t[k]!;
      flags += c;
      if (spec.valued.includes(c)) { if (k === t.length - 1) { i++; } consumed = true; break; }
      if (/[0-9]/.test(c) && _name === 'nice') { consumed = true; break; }
    }
    void consumed;
    i++;
  }
  return { rest: words.slice(i), flags };
}

function skipXargs(words: Word[]): { rest: Word[]; placeholder: string | null } {
  let i = 0;
  let placeholder: string | null = null;
  const spec = WRAPPERS.xargs!;
  while (i < words.length) {
    const t = words[i]!.text;
    if (t === '--') { i++; break; }
    if (!t.startsWith('-') || t === '-') break;
    if (t.startsWith('--')) {
      const [key, value] = [t.split('=', 1)[0]!, t.includes('=') ? t.slice(t.indexOf('=') + 1) : null];
      if (key === '--replace') placeholder = value || '{}';
      else if (value === null && spec.longValued!.includes(key)) i++;
      i++;
      continue;
    }
    const c = t[1]!;
    if (OPTIONAL_ATTACHED.xargs!.includes(c)) {
      if (c === 'i') placeholder = t.slice(2) || '{}';
      i++;
      continue;
    }
    if (spec.valued.includes(c)) {
      const attached = t.slice(2);
      const value = attached || words[i + 1]?.text || '';
      if (c === 'I' || c === 'J') placeholder = value;
      i += attached ? 1 : 2;
      continue;
    }
    i++; // boolean cluster such as -0, -r, -t, -ptx
  }
  return { rest: words.slice(i), placeholder };
}

function unwrapEnv(words: Word[], out: Unwrapped): Word[] {
  let i = 1;
  const extra: Word[] = [];
  while (i < words.length) {
    const t = words[i]!.text;
    if (t === '--' ) { i++; break; }
    if (t === '-' || t === '-i' || t === '--ignore-environment' || t === '-0' || t === '-v') { i++; continue; }
    if (t === '-u' || t === '-C' || t === '-P' || t === '--unset' || t === '--chdir') { i += 2; continue; }
    if (t === '-S' || t === '--split-string') { extra.push(...splitWords(words[i + 1]?.text ?? '')); i += 2; continue; }
    if (t.startsWith('-S')) { extra.push(...splitWords(t.slice(2))); i++; continue; }
    if (t.startsWith('--split-string=')) { extra.push(...splitWords(t.slice(15))); i++; continue; }
    if (t.startsWith('-')) { i++; continue; }
    if (ASSIGN.test(t)) { out.extraAssignments.push({ name: t.slice(0, t.indexOf('=')), value: t.slice(t.indexOf('=') + 1) }); i++; continue; }
    break;
  }
  return [...extra.filter((w) => !ASSIGN.test(w.text) || (out.extraAssignments.push({ name: w.text.split('=')[0]!, value: w.text.slice(w.text.indexOf('=') + 1) }), false)), ...words.slice(i)];
}

function splitWords(s: string): Word[] {
  return s.split(/\s+/).filter(Boolean).map((text) => ({ text, quoted: false, dynamic: /\$/.test(text), glob: false, subs: [] }));
}

/** Yarn's own commands; any other first word runs a package binary (`yarn prisma migrate reset`). */
const YARN_COMMANDS = new Set(['add', 'audit', 'autoclean', 'bin', 'cache', 'config', 'constraints', 'create', 'dedupe', 'explain', 'generate-lock-entry', 'global', 'help', 'import', 'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'node', 'npm', 'outdated', 'owner', 'pack', 'patch', 'plugin', 'policies', 'publish', 'rebuild', 'remove', 'set', 'tag', 'team', 'unlink', 'unplug', 'up', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'why', 'workspace', 'workspaces', 'test', 'start', 'build', 'lint', 'dev', 'format', 'typecheck', 'check']);

/**
 * npx, bunx, pnpm dlx/exec, npm exec, yarn dlx/exec/<bin>, uvx, pipx run: the package binary they
 * start is the command that runs.
 */
function packageRunner(name: string, words: Word[]): { via: string; rest: Word[] } | null {
  const t = words.map((w) => w.text);
  const skipOpts = (from: number, valued: RegExp): number => {
    let i = from;
    while (i < t.length && t[i]!.startsWith('-')) {
      if (t[i] === '--') return i + 1;
      if (valued.test(t[i]!) && !t[i]!.includes('=')) i++;
      i++;
    }
    return i;
  };
  if (name === 'npx' || name === 'bunx' || name === 'pnpx') return { via: name, rest: words.slice(skipOpts(1, /^(-p|--package|-c|--call|--node-options|--registry|--cache)$/)) };
  if (name === 'uvx') return { via: name, rest: words.slice(skipOpts(1, /^(--from|--with|-p|--python|--index|--index-url)$/)) };
  if (name === 'npm' && (t[1] === 'exec' || t[1] === 'x')) return { via: 'npm exec', rest: words.slice(skipOpts(2, /^(-p|--package|-c|--call|-w|--workspace)$/)) };
  if (name === 'pnpm' && (t[1] === 'dlx' || t[1] === 'exec')) return { via: `pnpm ${t[1]}`, rest: words.slice(skipOpts(2, /^(--package|-C|--dir|--filter|-F)$/)) };
  if (name === 'pipx' && t[1] === 'run') return { via: 'pipx run', rest: words.slice(skipOpts(2, /^(--spec|--python|--pip-args)$/)) };
  if (name === 'yarn') {
    if (t[1] === 'dlx' || t[1] === 'exec' || t[1] === 'run') return { via: `yarn ${t[1]}`, rest: words.slice(skipOpts(2, /^(-p|--package)$/)) };
    if (t[1] && !t[1].startsWith('-') && !YARN_COMMANDS.has(t[1])) return { via: 'yarn', rest: words.slice(1) };
  }
  return null;
}

/** docker/podman exec and kubectl exec: the command runs inside the container. */
function containerExec(name: string, words: Word[]): { via: string; rest: Word[] } | null {
  const t = words.map((w) => w.text);
  if ((name === 'kubectl' || name === 'oc') && t.includes('exec')) {
    const dd = t.indexOf('--');
    return dd > 0 ? { via: `${name} exec`, rest: words.slice(dd + 1) } : null;
  }
  if ((name === 'docker' || name === 'podman') && (t[1] === 'exec' || (t[1] === 'container' && t[2] === 'exec'))) {
    let i = t[1] === 'container' ? 3 : 2;
    const valued = /^(-e|--env|--env-file|-u|--user|-w|--workdir|--name|-v|--volume|--mount|-p|--publish|--network|--entrypoint|--platform|-l|--label|--detach-keys|--memory|-m|--cpus|--gpus|--hostname|-h|--add-host|--device|--cap-add|--cap-drop|--restart|--pull|--ipc|--pid|--log-driver|--log-opt|--ulimit|--tmpfs|--shm-size|--security-opt|--link|--dns)$/;
    while (i < t.length && t[i]!.startsWith('-')) { if (valued.test(t[i]!) && !t[i]!.includes('=')) i++; i++; }
    return i + 1 < t.length ? { via: `${name} ${t[1]}`, rest: words.slice(i + 1) } : null; // skip the container / image
  }
  return null;
}

/** `nsenter -t 1` (or --target=1): PID 1's namespaces are the host's, so inside them a container's root is the host's. */
function entersInit(words: Word[]): boolean {
  return words.some((w, k) => /^(-t|--target)$/.test(w.text) && words[k + 1]?.text === '1' || /^(--target=1|-t1)$/.test(w.text));
}
