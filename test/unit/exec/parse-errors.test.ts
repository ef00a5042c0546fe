// parseErrors on real output: traces produced here by python3, node, tsc, rustc and bash, and captured
// Go texts (Go is not installed on the test machine; see test/fixtures/stack-traces/README.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseErrors, type ParsedError } from '../../../server/engine/exec/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/stack-traces');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const has = (cmd: string) => spawnSync('bash', ['-c', `command -v ${cmd}`]).status === 0;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-traces-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `file` into the scratch directory, runs `command` there, returns stderr + stdout. */
function produce(file: string, source: string, command: string, env: Record<string, string> = {}): string {
  writeFileSync(join(dir, file), source);
  const r = spawnSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return `${r.stderr}\n${r.stdout}`;
}

function only(text: string): ParsedError {
  const errors = parseErrors(text);
  expect(errors, text).toHaveLength(1);
  return errors[0]!;
}

describe.skipIf(!has('python3'))('python (live)', () => {
  test('ModuleNotFoundError: frames innermost first, install the module / check the venv', () => {
    const e = only(produce('a.py', 'def main():\n    import notamodule_xyz.sub\n\nmain()\n', 'python3 a.py'));
    expect(e).toMatchObject({ language: 'python', type: 'ModuleNotFoundError', message: "No module named 'notamodule_xyz'" });
    expect(e.frames).toEqual([
      { file: join(dir, 'a.py'), line: 2, function: 'main' },
      { file: join(dir, 'a.py'), line: 4, function: '<module>' },
    ]);
    expect(e.suggestion).toMatch(/pip install notamodule_xyz`.*virtual environment/);
  });

  test('TypeError on None points at the line that raised', () => {
    const e = only(produce('b.py', 'def f(x):\n    return x["k"]\n\nf(None)\n', 'python3 b.py'));
    expect(e).toMatchObject({ type: 'TypeError', message: "'NoneType' object is not subscriptable" });
    expect(e.suggestion).toBe(`A value is None where an object was expected at ${join(dir, 'b.py')}:2: check what returned None (a missing return, a failed lookup)`);
  });

  test('chained exceptions are two errors', () => {
    const errors = parseErrors(produce('c.py', 'try:\n    {}["a"]\nexcept KeyError:\n    raise ValueError("bad")\n', 'python3 c.py'));
    expect(errors.map((e) => `${e.type}: ${e.message} @${e.frames[0]?.line}`)).toEqual(["KeyError: 'a' @2", 'ValueError: bad @4']);
  });

  test('a SyntaxError without a traceback', () => {
    const e = only(produce('d.py', 'x = 1\ndef f(\n', 'python3 d.py'));
    expect(e).toMatchObject({ type: 'SyntaxError', message: "'(' was never closed", frames: [{ file: join(dir, 'd.py'), line: 2 }] });
    expect(e.suggestion).toMatch(/^Check for unclosed parentheses/);
  });
});

describe('node (live)', () => {
  test('TypeError reading a property of undefined; node:internal frames left out', () => {
    const e = only(produce('a.js', 'const o = undefined;\nfunction go() { return o.name; }\ngo();\n', 'node a.js'));
    expect(e).toMatchObject({ language: 'node', type: 'TypeError', message: "Cannot read properties of undefined (reading 'name')" });
    expect(e.frames).toEqual([
      { file: join(dir, 'a.js'), line: 2, column: 26, function: 'go' },
      { file: join(dir, 'a.js'), line: 3, column: 1, function: 'Object.<anonymous>' },
    ]);
    expect(e.suggestion).toMatch(/when reading "name" at .*a\.js:2:26: .*optional chaining/);
  });

  test('a missing package (ESM): install it', () => {
    const e = only(produce('b.mjs', 'import x from "nopkg-xyz";\n', 'node b.mjs'));
    expect(e.type).toBe('Error [ERR_MODULE_NOT_FOUND]');
    expect(e.message).toMatch(/^Cannot find package 'nopkg-xyz' imported from /);
    expect(e.frames).toEqual([]);
    expect(e.suggestion).toMatch(/npm install nopkg-xyz/);
  });

  test('a missing relative module (CommonJS): check the path', () => {
    const e = only(produce('c.js', 'require("./missing");\n', 'node c.js'));
    expect(e).toMatchObject({ type: 'Error', message: "Cannot find module './missing'" });
    expect(e.frames[0]).toEqual({ file: join(dir, 'c.js'), line: 1, column: 1, function: 'Object.<anonymous>' });
    expect(e.suggestion).toMatch(/relative path: check that the file exists/);
  });

  test('ENOENT and EADDRINUSE get their fixes', () => {
    const enoent = only(produce('d.js', 'require("fs").readFileSync("nofile.txt");\n', 'node d.js'));
    expect(enoent.message).toBe("ENOENT: no such file or directory, open 'nofile.txt'");
    expect(enoent.suggestion).toMatch(/^The file or directory does not exist/);
    const server = 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { require("net").createServer().listen(s.address().port, "127.0.0.1"); });\n';
    const inUse = only(produce('e.js', server, 'node e.js'));
    expect(inUse.message).toMatch(/^listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+$/);
    expect(inUse.suggestion).toMatch(/port is already in use/);
  });

  test('a SyntaxError is placed by the header line', () => {
    const e = only(produce('f.js', 'const a = 1;\nfunction (\n', 'node f.js'));
    expect(e).toMatchObject({ type: 'SyntaxError', frames: [{ file: join(dir, 'f.js'), line: 2 }] });
  });
});

describe('typescript (live tsc)', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const source = 'const n: number = "s";\nimport x from "./nope";\nexport { n, x };\n';

  test('plain and --pretty output give the same errors with file, line and column', () => {
    const plain = parseErrors(produce('t.ts', source, `node ${tsc} --noEmit --pretty false t.ts`));
    const pretty = parseErrors(produce('t.ts', source, `node ${tsc} --noEmit --pretty t.ts`));
    expect(plain.map((e) => [e.type, e.frames[0]])).toEqual([
      ['TS2322', { file: 't.ts', line: 1, column: 7 }],
      ['TS2307', { file: 't.ts', line: 2, column: 15 }],
    ]);
    expect(pretty).toEqual(plain);
    expect(plain[0]?.language).toBe('typescript');
    expect(plain[1]?.suggestion).toMatch(/fix the import path at t\.ts:2:15$/);
  });
});

describe.skipIf(!has('rustc'))('rust (live rustc)', () => {
  test('a compiler error with its code and --> location', () => {
    const e = only(produce('e.rs', 'fn main() {\n    let x = 1;\n    println!("{}", y);\n}\n', 'rustc --edition 2021 e.rs -o e'));
    expect(e).toMatchObject({ language: 'rust', type: 'E0425', message: 'cannot find value `y` in this scope', frames: [{ file: 'e.rs', line: 3, column: 20 }] });
    expect(e.suggestion).toMatch(/not in scope.*rustc --explain E0425/);
  });

  test('index out of bounds and unwrap on None panics, with and without a backtrace', () => {
    const idx = 'fn main() {\n    let v = vec![1, 2, 3];\n    let i = v.len() + 2;\n    println!("{}", v[i]);\n}\n';
    for (const bt of ['0', '1']) {
      const e = only(produce('p.rs', idx, 'rustc -g p.rs -o p && ./p', { RUST_BACKTRACE: bt }));
      expect(e).toMatchObject({ language: 'rust', type: 'panic', message: 'index out of bounds: the len is 3 but the index is 5' });
      expect(e.frames[0]).toEqual({ file: 'p.rs', line: 4, column: 21 }); // where rustc itself points
      expect(e.frames.every((f) => !f.file.startsWith('/rustc/'))).toBe(true);
      expect(e.suggestion).toMatch(/past the end at p\.rs:4:21/);
    }
    const e = only(produce('u.rs', 'fn main() {\n    let o: Option<i32> = None;\n    o.unwrap();\n}\n', 'rustc u.rs -o u && ./u', { RUST_BACKTRACE: '0' }));
    expect(e).toMatchObject({ message: 'called `Option::unwrap()` on a `None` value', frames: [{ file: 'u.rs', line: 3, column: 7 }] });
    expect(e.suggestion).toMatch(/^unwrap\(\) found None/);
  });
});

describe('go (captured texts)', () => {
  test('an index panic with its goroutine frames', () => {
    const e = only(fixture('go-panic-index.txt'));
    expect(e).toMatchObject({ language: 'go', type: 'runtime error', message: 'index out of range [5] with length 3' });
    expect(e.frames).toEqual([
      { file: '/home/dev/app/main.go', line: 8, function: 'main.lookup' },
      { file: '/home/dev/app/main.go', line: 13, function: 'main.main' },
    ]);
    expect(e.suggestion).toMatch(/check len\(\) first/);
  });

  test('a nil pointer dereference in a method', () => {
    const e = only(fixture('go-nil-pointer.txt'));
    expect(e.frames[0]).toEqual({ file: '/home/dev/app/server.go', line: 21, function: 'main.(*Server).Start' });
    expect(e.suggestion).toMatch(/nil pointer/);
  });

  test('a deadlock and compiler errors', () => {
    expect(only(fixture('go-deadlock.txt'))).toMatchObject({ type: 'fatal error', message: 'all goroutines are asleep - deadlock!' });
    const build = parseErrors(fixture('go-build-errors.txt'));
    expect(build.map((e) => [e.type, e.message, e.frames[0]])).toEqual([
      ['compile error', 'undefined: foo', { file: './main.go', line: 5, column: 2 }],
      ['compile error', 'declared and not used: x', { file: './main.go', line: 9, column: 6 }],
    ]);
    expect(build[0]?.suggestion).toMatch(/"foo" is not defined at \.\/main\.go:5:2/);
  });

  test('the pre-1.73 Rust panic layout', () => {
    const e = only(fixture('rust-panic-pre-1.73.txt'));
    expect(e).toMatchObject({ type: 'panic', frames: [{ file: 'src/main.rs', line: 4, column: 37 }] });
    expect(e.message).toMatch(/^called `Result::unwrap\(\)` on an `Err` value/);
    expect(e.suggestion).toMatch(/propagate it with \?/);
  });
});

describe('shell (live bash)', () => {
  test('command not found, no such file, permission denied', () => {
    writeFileSync(join(dir, 'noexec.sh'), 'echo hi\n', { mode: 0o644 });
    const text = produce('run.sh', 'not_a_real_cmd_xyz\ncat missing.txt\n./noexec.sh\n', 'bash ./run.sh');
    const errors = parseErrors(text);
    expect(errors.map((e) => [e.type, e.message, e.frames])).toEqual([
      ['command not found', 'not_a_real_cmd_xyz: command not found', [{ file: './run.sh', line: 1 }]],
      ['No such file or directory', 'cat: missing.txt: No such file or directory', []],
      ['Permission denied', './run.sh: ./noexec.sh: Permission denied', [{ file: './run.sh', line: 3 }]],
    ]);
    expect(errors[0]?.suggestion).toMatch(/not installed or not on PATH.*command -v not_a_real_cmd_xyz/);
    expect(errors[2]?.suggestion).toMatch(/chmod \+x/);
  });

  test('Python and Node messages that quote the same phrases are not shell errors', () => {
    const py = only(produce('f.py', 'open("nope.txt")\n', 'python3 f.py'));
    expect(py).toMatchObject({ language: 'python', type: 'FileNotFoundError' });
  });
});

describe('mixed and hostile text', () => {
  test('errors come out in the order they appear, colour codes ignored', () => {
    const text = [
      '\x1b[96msrc/a.ts\x1b[0m:\x1b[93m1\x1b[0m:\x1b[93m7\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS2322: \x1b[0mType mismatch.',
      'bash: line 1: terraform: command not found',
      fixture('go-deadlock.txt'),
    ].join('\n');
    expect(parseErrors(text).map((e) => e.language)).toEqual(['typescript', 'shell', 'go']);
  });

  test('ordinary output, empty text and garbage give nothing, never a crash', () => {
    expect(parseErrors('all 12 tests passed\nDone in 1.2s\n')).toEqual([]);
    expect(parseErrors('')).toEqual([]);
    expect(parseErrors('\u0000\uffff'.repeat(1000))).toEqual([]);
    expect(parseErrors(undefined as unknown as string)).toEqual([]);
  });

  test('a flood of errors is capped', () => {
    const many = Array.from({ length: 500 }, (_, i) => `src/a.ts(${i + 1},1): error TS2304: Cannot find name 'x'.`).join('\n');
    expect(parseErrors(many)).toHaveLength(50);
  });
});
