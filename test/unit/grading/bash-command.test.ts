// Reading a Bash command line: list items, pipeline stages, programs, operations and answer exits.
import { describe, expect, test } from 'vitest';
import { exitStage, hasOrFallback, simpleCommand, splitCommandLine, splitWords, workStage } from '../../../server/engine/grading/bash-command.js';
import { answerExit, bashOperation, exitCodeOf, meaningfulErrorLine } from '../../../server/engine/grading/bash-exit.js';

describe('splitCommandLine', () => {
  test('splits on && || ; & and | outside quotes', () => {
    expect(splitCommandLine('cd app && npm test | tail -5; echo "a|b && c"')).toEqual([
      { stages: ['cd app'], next: '&&' },
      { stages: ['npm test', 'tail -5'], next: ';' },
      { stages: ['echo "a|b && c"'], next: '' },
    ]);
  });

  test('does not split inside $( ), backticks, subshells or single quotes', () => {
    expect(splitCommandLine("echo $(a | b; c) `d | e` 'f; g'")).toHaveLength(1);
    expect(splitCommandLine('(cd x && make) | tee log')[0]?.stages).toEqual(['(cd x && make)', 'tee log']);
  });

  test('a redirection with & is not a background operator', () => {
    expect(splitCommandLine('npm test 2>&1 | tail')).toEqual([{ stages: ['npm test 2>&1', 'tail'], next: '' }]);
    expect(splitCommandLine('make &> log')).toHaveLength(1);
  });

  test('here-document bodies are not commands', () => {
    const items = splitCommandLine("cat > f.txt <<'EOF'\nrm -rf / ; grep x\nEOF\nnpm test");
    expect(items.map((i) => i.stages[0])).toEqual(["cat > f.txt <<'EOF'", 'npm test']);
  });

  test('comments are dropped', () => {
    expect(splitCommandLine('npm test # run | the tests')).toEqual([{ stages: ['npm test'], next: '' }]);
  });
});

describe('simpleCommand', () => {
  test.each([
    ['FOO=1 BAR=2 npm test', 'npm', ['test']],
    ['sudo -u app ./node_modules/.bin/vitest run', 'vitest', ['run']],
    ['env -i PATH=/bin timeout 30 pytest -x', 'pytest', ['-x']],
    ['npx --yes vitest run', 'vitest', ['run']],
    ['uv run pytest -q', 'pytest', ['-q']],
    ['bundle exec rspec spec/a_spec.rb', 'rspec', ['spec/a_spec.rb']],
    ['command -v jq', 'command', ['-v', 'jq']],
    ['command ls -la', 'ls', ['-la']],
    ['2>/dev/null grep x f', 'grep', ['x', 'f']],
    ['/usr/bin/python3 script.py > out.txt', 'python3', ['script.py']],
  ])('%s → %s', (stage, program, args) => {
    expect(simpleCommand(stage)).toEqual({ program, args });
  });

  test('words lose their quotes', () => {
    expect(splitWords(`git commit -m "a b" 'c d' e\\ f`)).toEqual(['git', 'commit', '-m', 'a b', 'c d', 'e f']);
  });
});

describe('which stage sets the exit status, which does the work', () => {
  test('the last pipeline stage of the last item sets the status', () => {
    expect(exitStage('npm ci && npm test 2>&1 | grep -i error').program).toBe('grep');
  });

  test('a trailing echo cannot fail, so the status is the command before it', () => {
    expect(exitStage('grep -q TODO src/a.ts && echo found').program).toBe('grep');
  });

  test('the work is the first stage of the last item that is not set-up', () => {
    expect(workStage('cd web && CI=1 npx vitest run | tail -20; echo done')).toEqual({ program: 'vitest', args: ['run'] });
    expect(workStage('export A=1; source .venv/bin/activate && python -m pytest').program).toBe('python');
  });

  test('an || fallback is noticed', () => {
    expect(hasOrFallback('make lint || true')).toBe(true);
    expect(hasOrFallback('echo "a || b"')).toBe(false);
  });
});

describe('bashOperation', () => {
  test.each([
    ['npm test', 'Bash:npm test'],
    ['cd app && npm run build', 'Bash:npm run build'],
    ['pnpm --filter web test', 'Bash:pnpm test'],
    ['yarn install --frozen-lockfile', 'Bash:yarn install'],
    ['git -C repo status --short', 'Bash:git status'],
    ['git -c core.pager=cat log -1', 'Bash:git log'],
    ['cargo +nightly test --all', 'Bash:cargo test'],
    ['go test ./...', 'Bash:go test'],
    ['docker compose up -d', 'Bash:docker compose up'],
    ['docker --context prod ps', 'Bash:docker ps'],
    ['kubectl -n prod get pods', 'Bash:kubectl get'],
    ['make -C build CFLAGS=-O2 test', 'Bash:make test'],
    ['make', 'Bash:make'],
    ['python -m pytest -q tests/', 'Bash:python -m pytest'],
    ['python3 -u -m http.server 8000', 'Bash:python -m http.server'],
    ['python3 manage.py migrate', 'Bash:python'],
    ['./node_modules/.bin/vitest run', 'Bash:vitest'],
    ['sudo apt-get install -y jq', 'Bash:apt-get install'],
    ['LANG=C ls -la', 'Bash:ls'],
    ['pytest -x tests/test_a.py', 'Bash:pytest'],
    ['', 'Bash'],
  ])('%s → %s', (command, operation) => {
    expect(bashOperation(command)).toBe(operation);
  });
});

describe('answerExit', () => {
  test.each([
    ['grep -q x f', 1, 'no match'],
    ['rg pattern src', 1, 'no match'],
    ['diff a.txt b.txt', 1, 'the files differ'],
    ['cmp a b', 1, 'the files differ'],
    ['test -f missing', 1, 'the condition is false'],
    ['[ -d x ]', 1, 'the condition is false'],
    ['[[ -n "" ]]', 1, 'the condition is false'],
    ['which nope', 1, 'not found'],
    ['command -v nope', 1, 'not found'],
    ['type nope', 1, 'not found'],
    ['git diff --exit-code', 1, 'there are differences'],
    ['git diff --quiet HEAD', 1, 'there are differences'],
    ['git merge-base --is-ancestor a b', 1, 'not an ancestor'],
    ['pgrep node', 1, 'no matching process'],
  ])('%s exiting %i is an answer: %s', (command, code, why) => {
    expect(answerExit(exitStage(command), code)).toBe(why);
  });

  test.each([
    ['grep x missing-file', 2],
    ['diff a b', 2],
    ['git diff', 1],
    ['npm test', 1],
    ['ls nope', 1],
  ])('%s exiting %i is a failure', (command, code) => {
    expect(answerExit(exitStage(command), code)).toBeNull();
  });
});

describe('the error text', () => {
  test('the exit code is read from "Exit code N"', () => {
    expect(exitCodeOf('Exit code 2\nls: cannot access …')).toBe(2);
    expect(exitCodeOf('Command timed out')).toBeUndefined();
  });

  test('the meaningful line: an error-like line, skipping npm bookkeeping', () => {
    expect(meaningfulErrorLine('Compiling foo\nerror[E0425]: cannot find value `x`\n  --> src/main.rs:2:5')).toBe('error[E0425]: cannot find value `x`');
    expect(meaningfulErrorLine('npm error code ENOENT\nnpm error syscall open\nnpm error enoent Could not read package.json')).toBe('npm error enoent Could not read package.json');
  });

  test('a Python traceback gives its final exception line', () => {
    const tb = 'Traceback (most recent call last):\n  File "a.py", line 3, in <module>\n    main()\nValueError: bad input: 42';
    expect(meaningfulErrorLine(tb)).toBe('ValueError: bad input: 42');
  });

  test('without an error-like line, the first line', () => {
    expect(meaningfulErrorLine('\n\nsomething odd happened\nmore')).toBe('something odd happened');
  });
});
