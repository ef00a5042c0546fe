/**
 * What a Bash exit status means: the operation name for grouping repeats, the commands whose
 * non-zero status is an answer rather than a failure, and the line of the output that says what failed.
 */
import { workStage, type SimpleCommand } from './bash-command.js';

/** CLIs whose first argument names the operation, with their global options that take a value. */
const SUBCOMMAND_CLIS: Record<string, readonly string[]> = {
  npm: ['--prefix', '-w', '--workspace', '-C'],
  pnpm: ['-C', '--dir', '--filter', '-F', '-w', '--workspace'],
  yarn: ['--cwd'],
  bun: ['--cwd', '-c', '--config'],
  git: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path'],
  cargo: ['--manifest-path', '-Z', '--color', '--config', '-C'],
  go: [],
  docker: ['--context', '-c', '-H', '--host', '--config', '-l', '--log-level'],
  podman: ['--connection', '-c', '--url', '--log-level'],
  'docker-compose': ['-f', '--file', '-p', '--project-name', '--env-file', '--profile'],
  kubectl: ['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-s', '--server', '--user', '-l'],
  helm: ['-n', '--namespace', '--kube-context', '--kubeconfig'],
  make: ['-C', '-f', '--file', '--directory', '-I', '-o', '-W', '-j', '-l'],
  gh: ['-R', '--repo'],
  pip: [],
  poetry: ['-C', '--directory'],
  uv: ['--directory', '--project'],
  terraform: [],
  dotnet: [],
  deno: [],
  mvn: ['-f', '-P', '-pl', '-s'],
  gradle: ['-p', '--project-dir'],
  gradlew: ['-p', '--project-dir'],
  brew: [],
  systemctl: [],
  'apt-get': [],
  apt: [],
  rustup: [],
  bundle: [],
  rails: [],
  composer: ['-d', '--working-dir'],
};

const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const PYTHON = /^python(?:\d+(?:\.\d+)?)?$/;
const ALIASES: Record<string, string> = { pip3: 'pip', 'gradlew.bat': 'gradlew' };

/**
 * The operation a Bash command performs, coarse enough to group repeats.
 *
 * @example
 * bashOperation('cd app && npm run build')           // → 'Bash:npm run build'
 * bashOperation('python3 -m pytest -q tests/')       // → 'Bash:python -m pytest'
 * bashOperation('./node_modules/.bin/vitest run')    // → 'Bash:vitest'
 * bashOperation('git -C repo status --short')        // → 'Bash:git status'
 */
export function bashOperation(command: string): string {
  const stage = workStage(command);
  return stage.program ? `Bash:${operationOf(stage)}` : 'Bash';
}

function operationOf({ program: raw, args }: SimpleCommand): string {
  const program = ALIASES[raw] ?? raw;
  if (PYTHON.test(program)) {
    const module = pythonModule(args);
    return module ? `python -m ${module}` : 'python';
  }
  const valueOptions = SUBCOMMAND_CLIS[program];
  if (!valueOptions) return program;
  const rest = positionals(args, valueOptions, program === 'make' || program === 'cargo');
  const sub = rest[0];
  if (sub === undefined) return program;
  if (program === 'docker' && sub === 'compose' && rest[1]) return `docker compose ${rest[1]}`;
  if (PACKAGE_MANAGERS.has(program) && (sub === 'run' || sub === 'run-script') && rest[1]) return `${program} run ${rest[1]}`;
  return `${program} ${sub}`;
}

/** `-m pytest`, `-mpytest`, after interpreter options; undefined for a script or `-c`. */
function pythonModule(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-m') return args[i + 1];
    if (a.startsWith('-m') && a.length > 2 && !a.startsWith('--')) return a.slice(2);
    if (a === '-c' || !a.startsWith('-')) return undefined;
    if (a === '-X' || a === '-W') i++;
  }
  return undefined;
}

function positionals(args: string[], valueOptions: readonly string[], skipPlus: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (valueOptions.includes(a)) i++;
    else if (a.startsWith('-') || (skipPlus && a.startsWith('+')) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) continue;
    else out.push(a);
  }
  return out;
}

/**
 * Why a non-zero exit status of this command is an answer, not a failure; null when it is a failure.
 * Only status 1 is ever an answer (2 and above are errors for all of these).
 *
 * @example
 * answerExit({ program: 'grep', args: ['-q', 'x', 'f'] }, 1) // → 'no match'
 * answerExit({ program: 'grep', args: ['x', 'f'] }, 2)       // → null
 */
export function answerExit(cmd: SimpleCommand, code: number): string | null {
  if (code !== 1) return null;
  const { program, args } = cmd;
  switch (program) {
    case 'grep': case 'egrep': case 'fgrep': case 'zgrep': case 'rg': case 'ag': case 'ack': case 'git-grep':
      return 'no match';
    case 'diff': case 'cmp': case 'colordiff':
      return 'the files differ';
    case 'test': case '[': case '[[':
      return 'the condition is false';
    case 'which': case 'type': case 'whereis':
      return 'not found';
    case 'command':
      return args[0] === '-v' || args[0] === '-V' ? 'not found' : null;
    case 'pgrep':
      return 'no matching process';
    case 'git':
      return gitAnswer(args);
    default:
      return null;
  }
}

function gitAnswer(args: string[]): string | null {
  const rest = positionals(args, SUBCOMMAND_CLIS['git'] ?? [], false);
  const sub = rest[0];
  const has = (f: string) => args.includes(f);
  if ((sub === 'diff' || sub === 'diff-index' || sub === 'diff-files' || sub === 'diff-tree') && (has('--exit-code') || has('--quiet') || has('--no-index'))) {
    return 'there are differences';
  }
  if (sub === 'grep') return 'no match';
  if (sub === 'merge-base' && has('--is-ancestor')) return 'not an ancestor';
  return null;
}

/**
 * The exit status in a PostToolUseFailure error ("Exit code 2\n…"), if it carries one.
 *
 * @example
 * exitCodeOf('Exit code 2\nls: cannot access …') // → 2
 */
export function exitCodeOf(error: string): number | undefined {
  const m = /^\s*Exit code:? (\d+)/i.exec(error);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

const ERRORISH = /\b(?:error|errors|fatal|failed|failure|cannot|can't|could not|couldn't|unable to|not found|no such file|denied|refused|invalid|unknown|missing|exception|panic|abort(?:ed)?|timed out|segmentation fault)\b/i;
const PY_EXCEPTION = /^(?:[\w.]+\.)?\w*(?:Error|Exception|Interrupt|Exit)\b.*$/gm;
const NOISE = /^(?:npm (?:ERR!|error) (?:code|errno|syscall|path|A complete log|Lifecycle)|npm (?:ERR!|error)\s*$|\s*at\s)/;

/**
 * The line that best says what failed: a Python traceback's final exception line, else the first
 * line that reads like an error (skipping npm's bookkeeping lines), else the first non-empty line.
 *
 * @example
 * meaningfulErrorLine('Compiling…\nerror[E0425]: cannot find value `x`\n  --> src/main.rs:2:5') // → 'error[E0425]: cannot find value `x`'
 */
export function meaningfulErrorLine(text: string): string {
  if (text.includes('Traceback (most recent call last)')) {
    const tail = text.slice(text.lastIndexOf('Traceback (most recent call last)'));
    const exceptions = [...tail.matchAll(PY_EXCEPTION)];
    const last = exceptions[exceptions.length - 1]?.[0];
    if (last) return last.trim();
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => ERRORISH.test(l) && !NOISE.test(l)) ?? lines[0] ?? '';
}

