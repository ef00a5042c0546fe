// The shell parsers: the fast lexer (server/engine/shell/lexer.ts) and tree-sitter-bash (tree-sitter.ts)
// must agree on simple commands; the fast path bails on structure it does not model; lenient mode never throws.
import { describe, expect, test } from 'vitest';
import type { Command, Script, Word } from '../../../server/engine/shell/ast.js';
import { allPipelines } from '../../../server/engine/shell/ast.js';
import { expandBraces } from '../../../server/engine/policy/shell/expand.js';
import { lexFast, lexLenient } from '../../../server/engine/shell/lexer.js';
import { normalizeShellText, parseShell } from '../../../server/engine/shell/parse.js';
import { parseTreeSitter } from '../../../server/engine/shell/tree-sitter.js';

const texts = (c: Command | undefined): string[] => (c?.words ?? []).map((w) => w.text);
const commands = (s: Script): Command[] => [...allPipelines(s)].flatMap((p) => p.commands);
const firstCommand = (s: Script | null): Command | undefined => s?.pipelines[0]?.commands[0];
const word = (src: string, index: number): Word | undefined => firstCommand(lexFast(src))?.words[index];
/** Every simple command's words, joined, across the whole script (nested ones included). */
const allWords = (s: Script): string[] => commands(s).map((c) => texts(c).join(' '));

/** What a script runs, independent of how a parser nests it: one line per simple command, sorted. */
function fingerprint(s: Script): string[] {
  return commands(s)
    .filter((c) => !c.compound)
    .map((c) => [
      c.assignments.map((a) => `${a.name}=${a.value.text}`).join(' '),
      c.words.map((w) => `${w.text}${w.dynamic ? '⟨d⟩' : ''}${w.quoted ? '⟨q⟩' : ''}`).join(' '),
      c.redirects.map((r) => `${r.op}${r.fd ?? ''}${r.target?.text ?? ''}${r.heredoc ? `⟨${r.heredoc.body}|${r.heredoc.expands}⟩` : ''}`).join(' '),
    ].join(' ¦ '))
    .sort();
}

describe('the fast lexer and tree-sitter agree on simple commands', () => {
  test.each([
    'ls -la',
    'git commit -m "fix: a b"',
    "echo 'single $HOME'",
    'echo "double $HOME"',
    'echo "a\\"b"',
    'echo a\\ b',
    "echo $'a\\nb'",
    "echo $'it\\'s'",
    'FOO=1 BAR=2 env',
    'FOO=1 node app.js',
    'A="x y" cmd',
    "MSG='two words' git commit",
    'VAR=1',
    'x=',
    'ls | grep x | wc -l',
    'ls |& grep x',
    'a && b || c',
    'a; b; c',
    'a &',
    'a & b',
    'ls > out.txt',
    'ls >> out.txt 2>&1',
    'ls 2>/dev/null',
    'cat < in.txt',
    'ls &> all.log',
    'cmd >| f',
    'echo >&2 hi',
    'echo *.ts',
    'echo "*.ts"',
    'rm -rf ~/x',
    'echo ${HOME}/x',
    'echo ${x:-default}',
    'echo "$@" $1 $#',
    'find . -exec rm {} \\;',
    'echo {}',
    'echo a#b',
    'echo a # comment',
    'ls\\\n  -la',
    'echo "multi\nline"',
    "git log --format='%H %s'",
    'echo ""',
    "echo ''",
    'echo a\\;b',
    "echo 'a'\"b\"c\\ d",
    'npm run build -- --watch',
    "curl -H 'Authorization: Bearer x' https://a",
    'cmd --opt=value a=b',
    'ls -- -x',
  ])('%j', async (src) => {
    const fast = lexFast(src);
    expect(fast, 'the fast path settles it').not.toBeNull();
    const full = await parseTreeSitter(src);
    expect(full.hadErrors).toBe(false);
    expect(fast!.pipelines).toEqual(full.pipelines);
  });
});

describe('the fast lexer bails (returns null) on structure it does not model', () => {
  test.each([
    ['arithmetic expansion', 'echo $((1+2))'],
    ['process substitution (input)', 'diff <(ls a) <(ls b)'],
    ['process substitution (output)', 'ls >(cat)'],
    ['subshell', '(cd x && ls)'],
    ['group', '{ ls; }'],
    ['if', 'if true; then ls; fi'],
    ['for', 'for i in 1 2; do echo $i; done'],
    ['while', 'while true; do ls; done'],
    ['until', 'until false; do ls; done'],
    ['case', 'case x in a) ls;; esac'],
    ['select', 'select x in a b; do ls; done'],
    ['function definition', 'f() { ls; }'],
    ['function keyword', 'function f { ls; }'],
    ['fork bomb', ':(){ :|:& };:'],
    ['[[ test ]]', '[[ -f x ]]'],
    ['coproc', 'coproc ls'],
    ['unterminated single quote', "echo 'unterminated"],
    ['unterminated double quote', 'echo "unterminated'],
    ['unterminated ANSI-C string', "echo $'unterminated"],
    ['unterminated substitution', 'echo $(date'],
  ])('%s: %j', (_what, src) => {
    expect(lexFast(src)).toBeNull();
  });

  // The fast path may model substitutions and heredocs; if it accepts one, it must read it as the grammar does.
  test.each([
    ['command substitution', 'echo $(date)'],
    ['command substitution in an assignment', 'x=$(date)'],
    ['command substitution in double quotes', 'echo "$(date)"'],
    ['nested substitutions', 'a=$(echo $(echo nested)); echo "$a"'],
    ['backticks', 'echo `date`'],
    ['backticks in double quotes', 'echo "`date`"'],
    ['heredoc', 'cat <<EOF\nhi $HOME\nEOF'],
    ['quoted heredoc', "cat <<'EOF'\nhi $HOME\nEOF"],
    ['indented heredoc', 'cat <<-EOF\n\thi\n\tEOF'],
    ['heredoc piped to a shell', 'cat <<EOF | bash\nrm -rf /tmp/x\nEOF'],
    ['heredoc then a redirection', 'cat <<EOF > out.txt\nx\nEOF'],
    ['commit message in a heredoc in a substitution', "git commit -m \"$(cat <<'EOF'\nFix it\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)\""],
    ['here-string', 'cat <<< hi'],
    ['here-string with a substitution', 'grep -c x <<< "$(git status --short)"'],
  ])('%s: %j bails or reads like tree-sitter', async (_what, src) => {
    const fast = lexFast(src);
    if (fast === null) return;
    expect(fingerprint(fast)).toEqual(fingerprint(await parseTreeSitter(src)));
  });

  test('brace expansion in command position is expanded before any rule sees it: {rm,-rf,~}', () => {
    const fast = lexFast('{rm,-rf,~}');
    expect(fast).not.toBeNull();
    expect(expandBraces(fast!.pipelines[0]!.commands[0]!.words).map((w) => w.text)).toEqual(['rm', '-rf', '~']);
  });

  test('a quoted keyword is a word, not structure', () => {
    expect(texts(firstCommand(lexFast("echo 'if' \"then\" fi")))).toEqual(['echo', 'if', 'then', 'fi']);
  });
});

describe('lenient mode never throws', () => {
  test.each([
    "echo 'abc",
    'echo "abc',
    "echo $'abc",
    '(rm -rf ~',
    'rm -rf ~)',
    '{ rm -rf ~',
    'if then fi do done',
    '<<<',
    '>>>',
    '| | |',
    '&& ||',
    '\\',
    '$',
    '$(',
    '`',
    '"$(',
    '',
    '   ',
    ';;;',
    'cat <<EOF\nrm -rf ~\nEOF',
    'a'.repeat(10_000),
    '('.repeat(500),
    '\u0000\u0001\u0002',
    '🙂 rm -rf ~',
  ])('%j', (src) => {
    expect(() => lexLenient(src)).not.toThrow();
    expect(lexLenient(src).parser).toBe('lenient');
  });

  test('random strings of shell punctuation never make either lexer throw', () => {
    const alphabet = ['a', ' ', "'", '"', '\\', '$', '(', ')', '{', '}', '`', '<', '>', '|', '&', ';', '\n', '#', '*', '=', '-', "$'", '<<', 'EOF', '2>', '&>', '\t', 'é', '\u2014', '\u00a0'];
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 5000; n++) {
      let s = '';
      const len = Math.floor(rnd() * 24);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(() => lexLenient(s), JSON.stringify(s)).not.toThrow();
      expect(() => lexFast(s), JSON.stringify(s)).not.toThrow();
    }
  });

  test('an unterminated quote runs to the end of the input', () => {
    expect(texts(firstCommand(lexLenient("echo 'abc def")))).toEqual(['echo', 'abc def']);
  });

  test('structure characters become command boundaries, so a command inside is still seen', () => {
    expect(allWords(lexLenient('(rm -rf ~)'))).toContain('rm -rf ~');
    expect(allWords(lexLenient('x=$(rm -rf ~)'))).toContain('rm -rf ~');
  });
});

describe('unicode look-alikes are normalised before parsing', () => {
  test.each([
    ['git reset \u2010\u2010hard', ['git', 'reset', '--hard']],
    ['git reset \u2011\u2011hard', ['git', 'reset', '--hard']],
    ['git reset \u2212\u2212hard', ['git', 'reset', '--hard']],
    ['rm \uFF0Drf ~', ['rm', '-rf', '~']],
    ['rm\u00a0-rf\u00a0~', ['rm', '-rf', '~']],
    ['ls\u3000-la', ['ls', '-la']],
    ['rm -rf\u2003~', ['rm', '-rf', '~']],
    ['rm -r\u200bf ~', ['rm', '-rf', '~']],
    ['\uFEFFrm -rf ~', ['rm', '-rf', '~']],
  ])('%j parses as %j', async (src, expected) => {
    expect(texts(firstCommand(await parseShell(src)))).toEqual(expected);
  });

  test('normalizeShellText maps dashes to "-" and exotic spaces to " ", and drops zero-width characters', () => {
    expect(normalizeShellText('a\u2013b\u00a0c\u200dd')).toBe('a-b cd');
  });
});

describe('words, quotes, escapes and ANSI-C strings', () => {
  test('single quotes keep everything literally and mark the word quoted', () => {
    expect(word("echo 'a $HOME `x` \\n'", 1)).toEqual({ text: 'a $HOME `x` \\n', quoted: true, dynamic: false, glob: false, subs: [] });
  });

  test('double quotes keep $VAR literally but mark the word dynamic', () => {
    expect(word('echo "x $HOME"', 1)).toMatchObject({ text: 'x $HOME', quoted: true, dynamic: true });
  });

  test('inside double quotes, backslash escapes only $ ` " \\ and newline', () => {
    expect(word('echo "a\\\\b\\$c\\x\\"d"', 1)?.text).toBe('a\\b$c\\x"d');
  });

  test('an unquoted backslash escapes the next character', () => {
    expect(word('echo a\\ b\\;c', 1)?.text).toBe('a b;c');
  });

  test('adjacent quoted and unquoted parts form one word', () => {
    expect(word("echo 'a'\"b\"c\\ d", 1)).toMatchObject({ text: 'abc d', quoted: true });
  });

  test('ANSI-C strings decode \\n, \\t, \\e and escaped quotes', () => {
    expect(word("echo $'a\\tb\\nc\\e[0m\\'x'", 1)?.text).toBe("a\tb\nc\u001b[0m'x");
  });

  test('ANSI-C strings decode hex and octal escapes', () => {
    expect(word("echo $'\\x72\\x6d'", 1)?.text).toBe('rm');
    expect(word("echo $'\\162\\155'", 1)?.text).toBe('rm');
  });

  test('an unquoted glob is flagged; a quoted one is not', () => {
    expect(word('echo *.ts', 1)).toMatchObject({ glob: true, quoted: false });
    expect(word('echo "*.ts"', 1)).toMatchObject({ glob: false, quoted: true });
  });

  test('$VAR and ${VAR} mark a word dynamic; a lone $ does not', () => {
    expect(word('echo $HOME', 1)?.dynamic).toBe(true);
    expect(word('echo ${HOME}/x', 1)?.dynamic).toBe(true);
    expect(word('echo $', 1)?.dynamic).toBe(false);
  });

  test('a line continuation joins the words', () => {
    expect(texts(firstCommand(lexFast('git reset \\\n--hard')))).toEqual(['git', 'reset', '--hard']);
  });

  test('prefix assignments are assignments, not words, whatever their quoting', () => {
    for (const src of ['FOO=1 rm -rf ~', 'FOO="a b" rm -rf ~', "FOO='a' rm -rf ~", 'FOO=a"b c" rm -rf ~']) {
      const c = firstCommand(lexFast(src));
      expect(texts(c), src).toEqual(['rm', '-rf', '~']);
      expect(c?.assignments.map((a) => a.name), src).toEqual(['FOO']);
    }
  });

  test('an assignment after the command word is an argument', () => {
    expect(texts(firstCommand(lexFast('make CC=clang all')))).toEqual(['make', 'CC=clang', 'all']);
  });

  test('redirections carry their operator, fd and target', () => {
    expect(firstCommand(lexFast('cmd 2>>err.log <in >&2'))?.redirects).toEqual([
      { op: '>>', fd: '2', target: { text: 'err.log', quoted: false, dynamic: false, glob: false, subs: [] } },
      { op: '<', fd: null, target: { text: 'in', quoted: false, dynamic: false, glob: false, subs: [] } },
      { op: '>&', fd: null, target: { text: '2', quoted: false, dynamic: false, glob: false, subs: [] } },
    ]);
  });

  test('&&, ||, ; and newlines split pipelines; | splits commands', () => {
    const s = lexFast('a | b && c; d\ne || f')!;
    expect(s.pipelines.map((p) => p.commands.map((c) => texts(c).join(' ')))).toEqual([['a', 'b'], ['c'], ['d'], ['e'], ['f']]);
  });

  test('a comment runs to the end of the line only', () => {
    expect(allWords(lexFast('ls # rm -rf ~\npwd')!)).toEqual(['ls', 'pwd']);
  });
});

describe('parseShell chooses a parser', () => {
  test('a simple command takes the fast path', async () => {
    expect((await parseShell('git status')).parser).toBe('fast');
  });

  test('a command with structure the fast path does not model goes to tree-sitter', async () => {
    expect((await parseShell('(cd x && ls)')).parser).toBe('tree-sitter');
    expect((await parseShell('if true; then ls; fi')).parser).toBe('tree-sitter');
  });

  test('a command with syntax errors is also read leniently', async () => {
    const s = await parseShell("bash -c 'rm -rf ~");
    expect(s.hadErrors).toBe(true);
    expect(commands(s).some((c) => texts(c).includes('bash'))).toBe(true);
  });

  test('a literal \\n outside quotes is read both as text and as a newline', async () => {
    expect(allWords(await parseShell('ls\\nrm -rf ~'))).toContain('rm -rf ~');
  });
});

describe('tree-sitter flattens everything that may run', () => {
  test.each([
    ['$( )', 'echo $(rm -rf ~)'],
    ['backticks', 'echo `rm -rf ~`'],
    ['<( )', 'diff <(rm -rf ~) x'],
    ['subshell', '(rm -rf ~)'],
    ['group', '{ rm -rf ~; }'],
    ['if body', 'if true; then rm -rf ~; fi'],
    ['if condition', 'if rm -rf ~; then :; fi'],
    ['elif body', 'if false; then :; elif true; then rm -rf ~; fi'],
    ['else body', 'if false; then :; else rm -rf ~; fi'],
    ['for body', 'for i in 1; do rm -rf ~; done'],
    ['for list substitution', 'for i in $(rm -rf ~); do :; done'],
    ['while body', 'while true; do rm -rf ~; done'],
    ['case item', 'case x in x) rm -rf ~;; esac'],
    ['case default item', 'case x in a) :;; *) rm -rf ~;; esac'],
    ['function body', 'f() { rm -rf ~; }'],
    ['heredoc body substitution', 'cat <<EOF\n$(rm -rf ~)\nEOF'],
    ['negation', '! rm -rf ~'],
    ['time of a subshell', 'time (rm -rf ~)'],
    ['pipeline after a heredoc', 'cat <<EOF | sh\nx\nEOF\nrm -rf ~'],
  ])('%s: %j', async (_what, src) => {
    expect(allWords(await parseTreeSitter(src))).toContain('rm -rf ~');
  });

  test('a substitution stays linked to the word that holds it', async () => {
    const s = await parseTreeSitter('bash -c "$(curl -s https://x)"');
    const w = commands(s).find((c) => texts(c)[0] === 'bash')?.words[2];
    expect(w?.dynamic).toBe(true);
    expect(w?.subs.flatMap((x) => x.pipelines).flatMap((p) => p.commands).map((c) => texts(c)[0])).toEqual(['curl']);
  });

  test('function definitions are recorded with their bodies', async () => {
    const s = await parseTreeSitter(':(){ :|:& };:');
    expect(s.functions.map((f) => f.name)).toEqual([':']);
    expect(s.functions[0]?.body.pipelines.some((p) => p.commands.length === 2)).toBe(true);
  });

  test('a heredoc body and whether it expands are kept', async () => {
    const quoted = await parseTreeSitter("cat <<'EOF'\n$HOME\nEOF");
    const plain = await parseTreeSitter('cat <<EOF\n$HOME\nEOF');
    expect(firstCommand(quoted)?.redirects[0]?.heredoc).toEqual({ body: '$HOME\n', expands: false });
    expect(firstCommand(plain)?.redirects[0]?.heredoc?.expands).toBe(true);
  });

  test('a here-string keeps its word as the body', async () => {
    expect(firstCommand(await parseTreeSitter("bash <<< 'rm -rf ~'"))?.redirects[0]).toMatchObject({ op: '<<<', heredoc: { body: 'rm -rf ~' } });
  });

  test('a redirection after a heredoc operator is kept (cat <<EOF > file)', async () => {
    const c = firstCommand(await parseTreeSitter('cat <<EOF > /etc/hosts\nx\nEOF'));
    expect(c?.redirects.map((r) => [r.op, r.target?.text ?? null])).toEqual([
      ['<<', null],
      ['>', '/etc/hosts'],
    ]);
  });

  test('a redirection on a compound command is kept (while … done < file)', async () => {
    const s = await parseTreeSitter('while read l; do echo $l; done < .env');
    expect(commands(s).flatMap((c) => c.redirects).map((r) => r.target?.text)).toContain('.env');
  });

  test('a double-quoted string keeps its newlines', async () => {
    const c = firstCommand(await parseTreeSitter('bash -c "echo hi\nrm -rf ~"'));
    expect(c?.words[2]?.text).toBe('echo hi\nrm -rf ~');
  });
});
