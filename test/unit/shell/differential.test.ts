// The fast lexer must read every command it accepts exactly as the tree-sitter grammar does; anything
// else it must decline (return null). Checked on both labelled corpora and on shapes agents use daily.
import { describe, expect, test } from 'vitest';
import type { Script } from '../../../server/engine/shell/ast.js';
import { lexFast } from '../../../server/engine/shell/lexer.js';
import { normalizeShellText } from '../../../server/engine/shell/parse.js';
import { parseTreeSitter } from '../../../server/engine/shell/tree-sitter.js';
import { loadCorpora } from '../../bench/corpus.mjs';

/** A parser-independent fingerprint: every simple command with its words, assignments and redirects. */
function fingerprint(script: Script): string[] {
  const out: string[] = [];
  for (const p of script.pipelines) {
    // `[ … ]` is a command to bash and a test_command node to the grammar: same commands, other shape.
    const commands = p.commands.filter((c) => !c.compound && c.words[0]?.text !== '[');
    if (!commands.length) continue;
    out.push(commands.map((c) => [
      c.assignments.map((a) => `${a.name}=${a.value.text}`).join(' '),
      c.words.map((w) => `${w.text}${w.dynamic ? '⟨d⟩' : ''}`).join(' '),
      c.redirects.map((r) => `${r.op}${r.target?.text ?? ''}${r.heredoc ? `⟨${r.heredoc.body}|${r.heredoc.expands}⟩` : ''}`).join(' '),
    ].join(' ¦ ')).join(' ‖ '));
  }
  return out.sort();
}

/**
 * Where the grammar itself misreads bash and the fast path reads it as bash does (both readings
 * are conservative for the rules): the grammar drops a `<<-` body that starts with a literal `\\t`,
 * splits `foo\`cmd\`bar` into two words, and takes `1A=2` (an invalid name) for an assignment.
 */
const GRAMMAR_QUIRKS = new Set([
  'bash <<-EOF\n\\trm -rf /etc\nEOF',
  'bash <<-EOF\n\\techo "hello"\nEOF',
  'echo foo`git reset --hard`bar',
  '1A=2 git reset --hard',
]);

const DAILY = [
  "git commit -m \"$(cat <<'EOF'\nFix the parser\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)\"",
  "cat <<'EOF' > notes.md\n# Title\nrm -rf / is only text here\nEOF",
  'cat <<EOF | bash\nrm -rf /tmp/x\nEOF',
  'python3 <<EOF\nimport os\nprint(os.getcwd())\nEOF\necho done',
  'echo "today is $(date +%F)" && ls `pwd`',
  'VERSION=$(node -p "require(\'./package.json\').version") npm publish',
  'grep -c x <<< "$(git status --short)"',
  'npm test 2>&1 | tail -20',
  'kubectl get pods -o json | jq ".items[] | .metadata.name"',
  'git log --oneline -5 && git diff --stat HEAD~1',
  "sed -i 's/foo/bar/g' src/*.ts",
  'find . -name "*.log" -mtime +7 -exec rm {} \\;',
  'FOO=1 BAR="two words" env | sort > /tmp/env.txt',
  "echo $'a\\tb' 'single' \"double $HOME\"",
  'cat <<-EOF\n\tindented\n\tEOF',
  'a=$(echo $(echo nested)); echo "$a"',
];

describe('fast lexer vs tree-sitter', () => {
  const commands = [...loadCorpora().flatMap((c: { cases: { command: string }[] }) => c.cases.map((x) => x.command)), ...DAILY];

  test('every command the fast path accepts reads the same under the grammar', async () => {
    let accepted = 0;
    const mismatches: string[] = [];
    for (const raw of commands) {
      const text = normalizeShellText(raw);
      const fast = lexFast(text);
      if (!fast || GRAMMAR_QUIRKS.has(raw)) continue;
      const full = await parseTreeSitter(text);
      if (full.hadErrors) continue; // the grammar cannot settle it either; both readings are analysed then
      accepted++;
      const a = fingerprint(fast);
      const b = fingerprint(full);
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${JSON.stringify(raw)}\n    fast: ${JSON.stringify(a)}\n    tree: ${JSON.stringify(b)}`);
    }
    expect(mismatches, mismatches.slice(0, 10).join('\n')).toEqual([]);
    expect(accepted).toBeGreaterThan(1000);
  });

  test.each(DAILY)('the fast path handles %j without the grammar', (cmd) => {
    expect(lexFast(normalizeShellText(cmd))).not.toBeNull();
  });

  test.each([
    '(cd x && ls)', '{ ls; }', 'if true; then ls; fi', 'for f in *; do echo $f; done', 'f() { ls; }',
    'echo $((1+2))', 'diff <(ls a) <(ls b)', 'echo "unterminated', "echo 'x", 'cat <<EOF\nno end', 'echo $(ls',
  ])('the fast path declines %j', (cmd) => {
    expect(lexFast(cmd)).toBeNull();
  });
});
