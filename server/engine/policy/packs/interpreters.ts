/**
 * Code that runs code: shells given a script (`bash -c`, stdin, heredocs), `eval`, interpreter
 * one-liners (`python -c`, `node -e`, …), ssh remote commands, GNU parallel, watch.
 * Scripts with a literal body are handed back as nested scripts and analysed like the top level.
 */
import type { Word } from '../../shell/ast.js';
import { decodeAnsiC } from '../../shell/lexer.js';
import { definePack } from '../rules.js';
import { isDownloaded } from './network.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type CodeLang, type ShellScope } from '../shell/scope.js';

definePack('interpreters', {
  'exec.dynamic-script': { category: 'REQUIRES_APPROVAL', reason: 'Runs a script whose text is only known at run time (variable, substitution or piped input), so it cannot be checked' },
  'exec.remote-script': { category: 'BLOCKED', reason: 'Runs code downloaded from the network without inspecting it. Download it to a file, read it, then run it' },
  'exec.root-shell': { category: 'REQUIRES_APPROVAL', reason: 'Opens a root shell' },
});

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'yash', 'busybox-sh', 'rbash']);
const INTERPRETERS: Record<string, { lang: CodeLang; flags: string[] }> = {
  python: { lang: 'python', flags: ['-c'] },
  node: { lang: 'node', flags: ['-e', '--eval', '-p', '--print'] },
  nodejs: { lang: 'node', flags: ['-e', '--eval', '-p', '--print'] },
  deno: { lang: 'node', flags: ['eval'] },
  bun: { lang: 'node', flags: ['-e', '--eval', '-p', '--print'] },
  ruby: { lang: 'ruby', flags: ['-e'] },
  perl: { lang: 'perl', flags: ['-e', '-E'] },
  php: { lang: 'php', flags: ['-r'] },
};
export const FETCHERS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'aria2c', 'fetch', 'lwp-request', 'lwp-download', 'httpie', 'invoke-webrequest', 'iwr', 'irm', 'invoke-restmethod']);

export function interpreterOf(name: string): { lang: CodeLang; flags: string[] } | null {
  if (INTERPRETERS[name]) return INTERPRETERS[name]!;
  if (/^python[0-9.]*$/.test(name) || name === 'pypy' || name === 'pypy3') return INTERPRETERS.python!;
  if (/^perl[0-9.]*$/.test(name)) return INTERPRETERS.perl!;
  if (/^ruby[0-9.]*$/.test(name)) return INTERPRETERS.ruby!;
  if (/^php[0-9.]*$/.test(name)) return INTERPRETERS.php!;
  return null;
}

/** True when a word's value comes from a network fetch (`$(curl …)`, `<(wget …)`). */
function fromNetwork(w: Word): boolean {
  return w.subs.some((sc) => sc.pipelines.some((p) => p.commands.some((c) => FETCHERS.has(firstName(c.words)))));
}

function firstName(words: Word[]): string {
  const w = words.find((x) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(x.text) && !['sudo', 'env', 'command', 'exec', 'nohup'].includes(x.text));
  return (w?.text ?? '').replace(/^.*\//, '').toLowerCase();
}

/** What feeds this command's stdin: a heredoc/here-string body, or the previous command in the pipeline. */
function stdinOf(inv: Invocation): { text: string | null; fromNetwork: boolean; piped: boolean } {
  for (const r of inv.command.redirects) {
    if (r.heredoc) return { text: r.heredoc.body, fromNetwork: false, piped: false };
    if (r.op === '<' && r.target && fromNetwork(r.target)) return { text: null, fromNetwork: true, piped: true };
  }
  if (inv.index === 0) return { text: null, fromNetwork: false, piped: false };
  const up = inv.pipeline.commands.slice(0, inv.index);
  const net = up.some((c) => FETCHERS.has(firstName(c.words)) || c.words.some(fromNetwork));
  const prev = up[up.length - 1]!;
  const prevName = firstName(prev.words);
  // `cat <<EOF | bash`: cat with no file operand passes its heredoc or here-string through.
  const catBody = prevName === 'cat' && prev.words.length === 1 ? prev.redirects.find((r) => r.heredoc)?.heredoc?.body : undefined;
  if (!net && catBody !== undefined) return { text: catBody, fromNetwork: false, piped: true };
  if (!net && (prevName === 'echo' || prevName === 'printf') && prev.words.every((w) => !w.dynamic)) {
    const escapes = prevName === 'printf' || prev.words.some((w) => /^-[nE]*e[nE]*$/.test(w.text));
    const text = prev.words.slice(1).filter((w) => !/^-[neE]+$/.test(w.text)).map((w) => w.text).join(' ');
    // printf and echo -e interpret \xHH, \NNN and \n: decode them as the shell would before reading the script.
    return { text: escapes ? decodeAnsiC(text.replace(/\\0([0-7]{1,3})/g, '\\$1')) : text, fromNetwork: false, piped: true };
  }
  return { text: null, fromNetwork: net, piped: true };
}

export function shell(inv: Invocation, s: ShellScope): void {
  const w = inv.words;
  const subject = subjectOf(inv);
  let script: Word | null = null;
  let hasC = false;
  let file: Word | null = null;
  let i = 1;
  for (; i < w.length; i++) {
    const t = w[i]!.text;
    if (t === '--') { i++; break; }
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(t) || /^\+[a-zA-Z]*c/.test(t)) { hasC = true; script = w[i + 1] ?? null; break; }
    // -s: the script comes from stdin and every following word is an argument to it.
    if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(t)) { i = w.length; break; }
    if (t === '-o' || t === '+o' || t === '--rcfile' || t === '--init-file') { i++; continue; }
    if (!t.startsWith('-') && !t.startsWith('+')) break;
  }
  if (!hasC && i < w.length && !/^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/.test(w[i]!.text)) file = w[i]!;
  if (hasC) {
    if (!script) {
      if (inv.argsFromInput) add(s, 'exec.dynamic-script', subject, 'script comes from input');
      return;
    }
    return runScript(script, inv, s, 'sh', `${inv.name} -c`);
  }
  if (file) {
    if (fromNetwork(file) || isDownloaded(file.text, inv, s)) add(s, 'exec.remote-script', subject);
    else if (inv.placeholder && file.text.includes(inv.placeholder)) add(s, 'exec.dynamic-script', subject);
    return; // a script file: its contents are not visible here
  }
  stdinScript(inv, s, 'sh', subject);
}

function stdinScript(inv: Invocation, s: ShellScope, lang: CodeLang, subject: string): void {
  const input = stdinOf(inv);
  if (input.fromNetwork) return add(s, 'exec.remote-script', subject);
  if (input.text !== null) {
    s.nested.push({ lang, source: input.text, via: `stdin of ${inv.name}` });
    return;
  }
  if (input.piped || inv.argsFromInput) return add(s, 'exec.dynamic-script', subject, 'script read from a pipe');
  if (lang === 'sh' && inv.elevated) add(s, 'exec.root-shell', subject);
}

function runScript(script: Word, inv: Invocation, s: ShellScope, lang: CodeLang, via: string): void {
  const subject = subjectOf(inv);
  if (fromNetwork(script)) return add(s, 'exec.remote-script', subject);
  if (inv.placeholder && script.text.includes(inv.placeholder) && script.text.trim() === inv.placeholder) {
    return add(s, 'exec.dynamic-script', subject, 'script is the piped input');
  }
  if (script.dynamic && /^\s*("?\$[{(A-Za-z_`0-9@*])/.test(script.text) && script.text.trim().split(/\s+/).length === 1) {
    return add(s, 'exec.dynamic-script', subject);
  }
  // Part of the script is produced by a command at run time: unknown text, so ask (and still read the rest).
  if (script.subs.length) add(s, 'exec.dynamic-script', subject, 'script built by command substitution');
  // Substituted input (xargs -I{}, find {}) is unknown data inside an otherwise literal script.
  const source = inv.placeholder ? script.text.split(inv.placeholder).join('"$__INPUT__"') : script.text;
  s.nested.push({ lang, source, via });
}

export function interpreter(inv: Invocation, s: ShellScope, spec: { lang: CodeLang; flags: string[] }): void {
  const w = inv.words;
  const subject = subjectOf(inv);
  for (let i = 1; i < w.length; i++) {
    const t = w[i]!.text;
    const flag = spec.flags.find((f) => t === f || (f.length === 2 && t.startsWith(f) && t.length > 2 && spec.lang !== 'node'));
    if (flag) {
      const code = t === flag ? w[i + 1] : { ...w[i]!, text: t.slice(flag.length) };
      if (code) runScript(code, inv, s, spec.lang, `${inv.name} ${flag}`);
      return;
    }
    if (spec.lang === 'python' && /^-[a-zA-Z]*c$/.test(t)) { const code = w[i + 1]; if (code) runScript(code, inv, s, 'python', `${inv.name} -c`); return; }
    if (t === '-m') return;
    if (t === '-' || t === '/dev/stdin') break; // the program comes from stdin
    if (!t.startsWith('-')) {
      if (fromNetwork(w[i]!) || isDownloaded(t, inv, s)) add(s, 'exec.remote-script', subject);
      return; // running a script file
    }
  }
  stdinScript(inv, s, spec.lang, subject);
}

export function evalLike(inv: Invocation, s: ShellScope): void {
  const words = inv.words.slice(1);
  if (!words.length) return;
  if (words.some(fromNetwork)) return add(s, 'exec.remote-script', subjectOf(inv));
  const joined = { text: words.map((w) => w.text).join(' '), quoted: true, dynamic: words.some((w) => w.dynamic), glob: false, subs: words.flatMap((w) => w.subs) };
  runScript(joined, inv, s, 'sh', inv.name);
}

export function source(inv: Invocation, s: ShellScope): void {
  const f = inv.words[1];
  if (f && (fromNetwork(f) || isDownloaded(f.text, inv, s))) add(s, 'exec.remote-script', subjectOf(inv));
}

/** PowerShell: `iwr … | iex` and friends run downloaded code; an encoded command cannot be read. */
export function powershell(inv: Invocation, s: ShellScope): void {
  const w = inv.words.slice(1).map((x) => x.text);
  const k = w.findIndex((x) => /^-(c|command|e|ec|encodedcommand)$/i.test(x));
  const code = k >= 0 ? w.slice(k + 1).join(' ') : '';
  if (k >= 0 && /^-(e|ec|encodedcommand)$/i.test(w[k]!)) return add(s, 'exec.dynamic-script', subjectOf(inv), 'encoded command');
  if (/\b(iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|downloadfile|curl|wget|start-bitstransfer)\b/i.test(code) && /\b(iex|invoke-expression)\b|\|\s*(powershell|pwsh)\b/i.test(code)) add(s, 'exec.remote-script', subjectOf(inv));
  else if (/\bremove-item\b.*-recurse/i.test(code)) add(s, 'exec.dynamic-script', subjectOf(inv), 'recursive delete inside PowerShell');
}

const SSH_VALUED = 'BbcDEeFIiJLlmOoPpQRSWw';

export function ssh(inv: Invocation, s: ShellScope): void {
  const w = inv.words;
  let i = 1;
  for (; i < w.length; i++) {
    const t = w[i]!.text;
    if (!t.startsWith('-')) break;
    if (t.length === 2 && SSH_VALUED.includes(t[1]!)) i++;
  }
  const host = w[i]?.text;
  const rest = w.slice(i + 1);
  if (!host) return;
  const heredoc = inv.command.redirects.find((r) => r.heredoc)?.heredoc?.body;
  if (heredoc !== undefined && (!rest.length || rest.length === 1 && SHELLS.has(rest[0]!.text.replace(/^.*\//, '')))) {
    s.nested.push({ lang: 'sh', source: heredoc, via: `ssh ${host} (stdin)`, remote: host });
    return;
  }
  if (rest.length) s.nested.push({ lang: 'sh', source: rest.map((x) => x.text).join(' '), via: `ssh ${host}`, remote: host });
}

export function su(inv: Invocation, s: ShellScope): void {
  const w = inv.words;
  const k = w.findIndex((x) => x.text === '-c' || x.text === '--command');
  if (k > 0 && w[k + 1]) return runScript(w[k + 1]!, inv, s, 'sh', 'su -c');
  if (inv.elevated || w.length <= 2) add(s, 'exec.root-shell', subjectOf(inv));
}

export function watch(inv: Invocation, s: ShellScope): void {
  const w = inv.words;
  let i = 1;
  for (; i < w.length && w[i]!.text.startsWith('-'); i++) if (/^-(n|d|-interval)$/.test(w[i]!.text)) i++;
  const rest = w.slice(i);
  if (rest.length) s.nested.push({ lang: 'sh', source: rest.map((x) => x.text).join(' '), via: 'watch' });
}

/** GNU parallel: a command template plus arguments after `:::`, or whole command lines. */
export function parallel(inv: Invocation, s: ShellScope): void {
  const w = inv.words.slice(1).map((x) => x.text);
  let i = 0;
  while (i < w.length && w[i]!.startsWith('-') && w[i] !== ':::') {
    if (/^-(j|N|n|S|X|L|I|E|d|a)$/.test(w[i]!) || /^--(jobs|max-args|sshlogin|arg-file|delimiter|colsep)$/.test(w[i]!)) i++;
    i++;
  }
  const marker = w.indexOf(':::', i);
  const template = w.slice(i, marker < 0 ? undefined : marker);
  const inputs = marker < 0 ? null : w.slice(marker + 1).filter((x) => x !== ':::' && x !== '::::');
  if (!template.length) {
    if (inputs) for (const line of inputs) s.nested.push({ lang: 'sh', source: line, via: 'parallel :::' });
    else {
      const input = stdinOf(inv);
      if (input.text !== null) s.nested.push({ lang: 'sh', source: input.text, via: 'parallel stdin' });
      else if (input.piped) add(s, 'exec.dynamic-script', subjectOf(inv), 'parallel runs piped lines as commands');
    }
    return;
  }
  const quote = (x: string) => (/^[\w@%+=:,./{}-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`);
  // GNU parallel hands the template, joined with spaces, to a shell; a quoted template word may or may
  // not have been meant as one argument, so both readings are analysed.
  const lines = [...new Set([template.join(' '), template.map(quote).join(' ')])];
  if (/^(bash|sh|zsh|dash)$/.test(template[0]!) && template[1] === '-c' && (template[2] === undefined || template[2] === '{}') && !inputs?.length) {
    return add(s, 'exec.dynamic-script', subjectOf(inv), 'script comes from input');
  }
  for (const line of lines) {
    if (inputs && inputs.length) {
      for (const arg of inputs) {
        const src = line.includes('{}') ? line.split('{}').join(quote(arg)) : `${line} ${quote(arg)}`;
        s.nested.push({ lang: 'sh', source: src, via: 'parallel' });
      }
    } else {
      const src = line.includes('{}') ? line.split('{}').join('"$__INPUT__"') : `${line} "$__INPUT__"`;
      s.nested.push({ lang: 'sh', source: src, via: 'parallel' });
    }
  }
}
