/**
 * A light reading of a Bash command line, enough to grade its result: the list items (split on
 * `&&`, `||`, `;`, `&` and newlines) and their pipeline stages (split on `|`), outside quotes,
 * `$(…)`, backticks, subshells and here-documents; and each stage's program once environment
 * assignments, redirections and wrappers (sudo, env, timeout, npx, `uv run`, …) are set aside.
 * Not a shell parser: the full one (tree-sitter) is far too heavy for every PostToolUse.
 */

export interface ListItem {
  stages: string[];
  /** The operator after this item ('' for the last). */
  next: '&&' | '||' | ';' | '&' | '\n' | '';
}

/** A stage's program (basename, as typed) and its arguments. */
export interface SimpleCommand {
  program: string;
  args: string[];
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][\w.-]*)\1/g;

/**
 * Splits a command line into list items and pipeline stages.
 *
 * @example
 * splitCommandLine('cd app && npm test | tail -5; echo "a|b"')
 * // → [{ stages: ['cd app'], next: '&&' }, { stages: ['npm test', 'tail -5'], next: ';' }, { stages: ['echo "a|b"'], next: '' }]
 */
export function splitCommandLine(command: string): ListItem[] {
  const items: ListItem[] = [];
  let stages: string[] = [];
  let cur = '';
  let quote: "'" | '"' | '`' | null = null;
  let depth = 0;
  const endStage = () => {
    stages.push(cur.trim());
    cur = '';
  };
  const endItem = (next: ListItem['next']) => {
    endStage();
    const kept = stages.filter((s) => s !== '');
    if (kept.length) items.push({ stages: kept, next });
    else if (items.length && next !== '') (items[items.length - 1] as ListItem).next = next;
    stages = [];
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    const next = command[i + 1];
    if (quote) {
      cur += c;
      if (c === '\\' && quote !== "'" && next !== undefined) cur += command[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\' && next !== undefined) {
      cur += c + next;
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      cur += c;
    } else if (c === '(' || (c === '{' && /(^|[\s;&|])$/.test(cur))) {
      depth++;
      cur += c;
    } else if ((c === ')' || c === '}') && depth > 0) {
      depth--;
      cur += c;
    } else if (depth > 0) {
      cur += c;
    } else if (c === '#' && /(^|\s)$/.test(cur)) {
      const nl = command.indexOf('\n', i);
      i = (nl === -1 ? command.length : nl) - 1;
    } else if (c === '|' && next === '|') {
      endItem('||');
      i++;
    } else if (c === '|') {
      endStage();
      if (next === '&') i++;
    } else if (c === '&' && next === '&') {
      endItem('&&');
      i++;
    } else if (c === '&' && next !== '>' && !/[<>]$/.test(cur)) {
      endItem('&');
    } else if (c === ';') {
      endItem(';');
    } else if (c === '\n') {
      i = skipHeredocs(command, i, stages.join(' ') + ' ' + cur);
      endItem('\n');
    } else {
      cur += c;
    }
  }
  endItem('');
  return items;
}

/** Past the bodies of any here-documents the line just ended opened; returns the index to resume from. */
function skipHeredocs(command: string, newline: number, line: string): number {
  let i = newline;
  for (const m of line.matchAll(HEREDOC)) {
    const word = m[2] as string;
    for (;;) {
      const end = command.indexOf('\n', i + 1);
      const body = command.slice(i + 1, end === -1 ? command.length : end);
      i = end === -1 ? command.length : end;
      if (body.trim() === word || end === -1) break;
    }
  }
  return i;
}

/**
 * Words of one stage, quotes removed (no expansion).
 *
 * @example
 * splitWords(`git commit -m "a b" 'c'`) // → ['git', 'commit', '-m', 'a b', 'c']
 */
export function splitWords(stage: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < stage.length; i++) {
    const c = stage[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < stage.length) cur += stage[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < stage.length) {
      cur += stage[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;
const REDIRECT_ALONE = /^(?:\d*|&)(?:>>?|<<?<?|>&|<&|>\|)$/;
const REDIRECT_GLUED = /^(?:\d*|&)(?:>>?|<<?|>&|<&)\S/;
const SKIP_WORDS = new Set(['!', '(', '{', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', 'time', 'exec', 'nohup', 'builtin', 'coproc']);

/** Wrappers: how many leading words each takes (options with values), after which the real program follows. */
const WRAPPERS: Record<string, { valueOptions: string[]; positional?: number }> = {
  sudo: { valueOptions: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group'] },
  doas: { valueOptions: ['-u', '-C'] },
  env: { valueOptions: ['-u', '--unset', '-C', '--chdir', '-S'] },
  nice: { valueOptions: ['-n', '--adjustment'] },
  ionice: { valueOptions: ['-c', '-n', '-p'] },
  timeout: { valueOptions: ['-s', '--signal', '-k', '--kill-after'], positional: 1 },
  stdbuf: { valueOptions: ['-i', '-o', '-e'] },
  npx: { valueOptions: ['-p', '--package', '-c', '--call'] },
  bunx: { valueOptions: ['-p', '--package'] },
};

/** `<tool> <subcommand>` pairs that only run another command. */
const RUNNER_SUBCOMMANDS = new Set(['uv run', 'poetry run', 'pipenv run', 'pdm run', 'hatch run', 'rye run', 'pnpm exec', 'pnpm dlx', 'npm exec', 'yarn exec', 'yarn dlx', 'bundle exec', 'mise exec', 'direnv exec']);

/**
 * The program of one stage and its arguments, past assignments, redirections and wrappers.
 *
 * @example
 * simpleCommand('FOO=1 sudo -u app ./node_modules/.bin/vitest run 2>&1') // → { program: 'vitest', args: ['run'] }
 * simpleCommand('uv run pytest -x') // → { program: 'pytest', args: ['-x'] }
 */
export function simpleCommand(stage: string): SimpleCommand {
  const words = splitWords(stage);
  let i = 0;
  const skipNoise = () => {
    for (;;) {
      const w = words[i];
      if (w === undefined) return;
      if (ASSIGNMENT.test(w) || SKIP_WORDS.has(w) || REDIRECT_GLUED.test(w)) i++;
      else if (REDIRECT_ALONE.test(w)) i += 2;
      else return;
    }
  };
  for (let guard = 0; guard < 8; guard++) {
    skipNoise();
    const word = words[i];
    if (word === undefined) return { program: '', args: [] };
    const program = basename(word);
    const wrapper = WRAPPERS[program];
    if (wrapper) {
      i = skipOptions(words, i + 1, wrapper.valueOptions) + (wrapper.positional ?? 0);
      continue;
    }
    if (program === 'command' && words[i + 1] !== '-v' && words[i + 1] !== '-V') {
      i = skipOptions(words, i + 1, []);
      continue;
    }
    const sub = words[i + 1];
    if (sub !== undefined && RUNNER_SUBCOMMANDS.has(`${program} ${sub}`)) {
      i = skipOptions(words, i + 2, ['--with', '--python', '-p', '--package', '--filter', '-F', '-C', '--dir']);
      continue;
    }
    return { program, args: withoutRedirections(words.slice(i + 1)) };
  }
  return { program: '', args: [] };
}

function withoutRedirections(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (REDIRECT_ALONE.test(w)) i++;
    else if (!REDIRECT_GLUED.test(w)) out.push(w);
  }
  return out;
}

/** Index of the first word at or after `from` that is not an option (or an option's value). */
function skipOptions(words: string[], from: number, valueOptions: readonly string[]): number {
  let i = from;
  while (i < words.length) {
    const w = words[i] as string;
    if (w === '--') return i + 1;
    if (ASSIGNMENT.test(w)) i++; // env NAME=value
    else if (valueOptions.includes(w)) i += 2;
    else if (w.startsWith('-') && w.length > 1) i++;
    else return i;
  }
  return i;
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/**
 * The stage whose status is the command line's exit status: the last pipeline stage of the last
 * list item, skipping trailing items that cannot fail (echo, printf, true, `:`), since
 * `grep -q x f && echo found` exits with grep's status when grep fails.
 *
 * @example
 * exitStage('npm ci && npm test 2>&1 | grep -i error') // → { program: 'grep', args: ['-i', 'error'] }
 */
export function exitStage(command: string): SimpleCommand {
  const items = splitCommandLine(command);
  for (let k = items.length - 1; k >= 0; k--) {
    const stages = (items[k] as ListItem).stages;
    const last = simpleCommand(stages[stages.length - 1] as string);
    if (!NEVER_FAILS.has(last.program) || k === 0) return last;
  }
  return { program: '', args: [] };
}

const NEVER_FAILS = new Set(['echo', 'printf', 'true', ':']);

/**
 * The stage that does the work: the first stage of the last list item that is not set-up
 * (cd, export, source, …) or a trailing message; for `cd app && npm test | tail`, `npm test`.
 *
 * @example
 * workStage('cd web && CI=1 npx vitest run | tail -20; echo done') // → { program: 'vitest', args: ['run'] }
 */
export function workStage(command: string): SimpleCommand {
  const items = splitCommandLine(command);
  let fallback: SimpleCommand = { program: '', args: [] };
  for (let k = items.length - 1; k >= 0; k--) {
    const first = simpleCommand((items[k] as ListItem).stages[0] as string);
    if (!fallback.program) fallback = first;
    if (first.program && !SETUP.has(first.program) && !NEVER_FAILS.has(first.program)) return first;
  }
  return fallback;
}

const SETUP = new Set(['cd', 'pushd', 'popd', 'export', 'unset', 'set', 'source', '.', 'shopt', 'alias', 'ulimit', 'umask', 'sleep', 'clear', 'wait']);

/**
 * True when the command line has an `||` (the agent handled a failure itself, e.g. `… || true`).
 *
 * @example
 * hasOrFallback('make lint || true') // → true
 */
export function hasOrFallback(command: string): boolean {
  return splitCommandLine(command).some((item) => item.next === '||');
}
