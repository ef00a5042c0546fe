// validate_code on real code: syntax errors at the line and column a compiler would show, each AST
// warning, bash judged by the safety classifier, and results that are plain JSON.
import { describe, expect, test } from 'vitest';
import { CodeCheckError, isSecretName, validateCode, type CodeCheck } from '../../../server/engine/code-check/index.js';
import { context } from '../helpers/classify.js';

const check = (language: string, code: string) => validateCode({ code, language, ctx: context() });
const where = (r: CodeCheck, kind: 'errors' | 'warnings' = 'errors') => r[kind].map((i) => `${i.code}@${i.line}:${i.column}`);

/** The result survives JSON (the original's bug: issue objects that could not be serialised). */
function expectPlainJson(r: CodeCheck): void {
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

describe('python syntax', () => {
  test('valid code is valid', async () => {
    const r = await check('python', 'def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n');
    expect(r).toEqual({ valid: true, errors: [], warnings: [], suggestions: [] });
  });

  test('a missing colon is placed after the header, where Python points', async () => {
    const r = await check('python', 'def f(x)\n    return x\n');
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([{ line: 1, column: 9, code: 'EXPECTED_COLON', message: 'expected ":" at the end of the def header' }]);
    expect(r.suggestions[0]).toBe('Fix 1 error(s) before running the code (the first is at line 1, column 9)');
    expectPlainJson(r);
  });

  test('an unclosed bracket is placed at the bracket', async () => {
    expect(where(await check('python', 'print("hi"\n'))).toEqual(['UNCLOSED_BRACKET@1:6']);
    expect(where(await check('python', 'def ok():\n    return 1\n\nclass X:\n    def m(self):\n        return [1, 2\n'))).toEqual(['UNCLOSED_BRACKET@6:16']);
  });

  test('a block that is not indented is an error on the line after its header', async () => {
    const r = await check('python', 'if ready:\nprint(1)\n');
    expect(r.errors).toEqual([{ line: 2, column: 1, code: 'EXPECTED_INDENT', message: 'expected an indented block after the if on line 1' }]);
  });

  test('a dangling operator points past it', async () => {
    expect(where(await check('python', 'total = 1 +\n'))).toEqual(['SYNTAX_ERROR@1:12']);
  });
});

describe('python warnings', () => {
  const src = [
    'import os, pickle, subprocess', // 1
    'try:', // 2
    '    run()', // 3
    'except:', // 4
    '    pass', // 5
    'try:', // 6
    '    run()', // 7
    'except ValueError:', // 8
    '    pass', // 9
    'password = "hunter2"', // 10
    'connect(api_key="k-123")', // 11
    'settings = {"client_secret": "abc"}', // 12
    'token = f"{prefix}-x"', // 13
    'token_url = "https://example.com"', // 14
    'os.system("ls " + d)', // 15
    'subprocess.run(cmd, shell=True)', // 16
    'subprocess.run(["ls"], shell=False)', // 17
    'data = pickle.loads(blob)', // 18
    'eval(expr)', // 19
    'exec(code)', // 20
  ].join('\n');

  test('each risky construct is found at its place, and only those', async () => {
    const r = await check('python', src);
    expect(r.valid).toBe(true);
    expect(where(r, 'warnings')).toEqual([
      'BARE_EXCEPT@4:1', 'HARDCODED_SECRET@10:1', 'HARDCODED_SECRET@11:9', 'HARDCODED_SECRET@12:13', 'OS_SYSTEM@15:1', 'SHELL_TRUE@16:1',
      'PICKLE_LOADS@18:8', 'EVAL_USAGE@19:1', 'EVAL_USAGE@20:1',
    ]);
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
    expect(r.suggestions).toContain('Specify the exception type: except Exception:');
    expectPlainJson(r);
  });

  test('a secret warning never repeats the value', async () => {
    const r = await check('python', 'password = "hunter2"\n');
    expect(r.warnings[0]?.message).toContain('"password"');
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  test('text that only looks risky in a comment or a string is not flagged', async () => {
    const r = await check('python', '# eval(x) and except: here are only words\nmsg = "os.system(\'rm\') with shell=True"\n');
    expect(r.warnings).toEqual([]);
  });
});

describe('javascript', () => {
  test('syntax errors are placed at the unclosed bracket or the missing token', async () => {
    expect(where(await check('javascript', 'function f( {\n  return 1;\n}\n'))).toEqual(['UNCLOSED_BRACKET@1:11']);
    expect((await check('javascript', 'const a = [1, 2;\n')).errors).toEqual([{ line: 1, column: 16, code: 'MISSING_TOKEN', message: 'missing "]"' }]);
  });

  test('loose equality, var, debugger, eval, new Function and secrets are warned about', async () => {
    const r = await check('javascript', [
      'if (a == b) { var c = 1; debugger; }', // 1
      'if (a != null) {}', // 2: the null idiom is fine
      'const apiKey = "abc123";', // 3
      'const config = { password: `pw` };', // 4
      'user.authToken = "t";', // 5
      'const label = `token ${x}`;', // 6
      'eval(src); new Function("a", "return a");', // 7
      'const s = "a == b"; // x == y', // 8
    ].join('\n'));
    expect(r.valid).toBe(true);
    expect(where(r, 'warnings')).toEqual([
      'LOOSE_EQUALITY@1:5', 'VAR_USAGE@1:15', 'DEBUGGER@1:26', 'HARDCODED_SECRET@3:7', 'HARDCODED_SECRET@4:18', 'HARDCODED_SECRET@5:1',
      'EVAL_USAGE@7:1', 'EVAL_USAGE@7:12',
    ]);
    expect(r.warnings[0]?.message).toBe('"==" converts types before comparing: use "==="');
  });
});

describe('typescript', () => {
  test('a missing parenthesis is an error at its place; `any` is a warning', async () => {
    const r = await check('typescript', 'let x: any = 1;\nfunction g(a: number {\n}\n');
    expect(r.errors).toEqual([{ line: 2, column: 21, code: 'MISSING_TOKEN', message: 'missing ")"' }]);
    expect(where(r, 'warnings')).toEqual(['ANY_TYPE@1:8']);
  });

  test('every `any`, and the JavaScript checks too', async () => {
    const r = await check('typescript', 'function f(a: Array<any>): unknown { return a as any; }\nclass A { private secret = "s"; }\nif (a == 1) {}\n');
    expect(where(r, 'warnings')).toEqual(['ANY_TYPE@1:21', 'ANY_TYPE@1:50', 'HARDCODED_SECRET@2:11', 'LOOSE_EQUALITY@3:5']);
  });

  test('type syntax is valid TypeScript, not a JavaScript error', async () => {
    const r = await check('typescript', 'interface P { name: string }\nexport const p: P = { name: "x" } satisfies P;\n');
    expect(r.valid).toBe(true);
    expect((await check('javascript', 'interface P { name: string }\n')).valid).toBe(false);
  });
});

describe('json', () => {
  test('errors at their exact line and column', async () => {
    const cases: Array<[string, string]> = [
      ['{\n  "a": 1,\n}', 'JSON_ERROR@3:1'],
      ['[1, 2 3]', 'JSON_ERROR@1:7'],
      ["{'a': 1}", 'JSON_ERROR@1:2'],
      ['{"a": "x\ny"}', 'JSON_ERROR@1:9'],
      ['{"a": 01}', 'JSON_ERROR@1:8'],
      ['{"a": tru}', 'JSON_ERROR@1:7'],
      ['{"a": [1, 2}', 'JSON_ERROR@1:12'],
      ['"open', 'JSON_ERROR@1:1'],
      ['{} x', 'JSON_ERROR@1:4'],
      ['', 'JSON_ERROR@1:1'],
    ];
    for (const [text, expected] of cases) expect(where(await check('json', text)), text).toEqual([expected]);
  });

  test('messages say what was expected', async () => {
    expect((await check('json', '{\n  "a": 1,\n}')).errors[0]?.message).toBe('trailing comma before "}"');
    expect((await check('json', '[1, 2 3]')).errors[0]?.message).toBe('expected "," or "]" after an array element, got "3"');
  });

  test('valid JSON is valid; duplicate keys are a warning', async () => {
    expect((await check('json', '{"a": [1, 2.5e3, -0, true, null, "\\u00e9\\n"]}')).valid).toBe(true);
    expect(where(await check('json', '{\n  "a": 1,\n  "a": 2\n}'), 'warnings')).toEqual(['DUPLICATE_KEY@3:3']);
  });

  test('very deep nesting is an error, not a crash', async () => {
    const r = await check('json', '['.repeat(600) + ']'.repeat(600));
    expect(r.errors[0]?.message).toBe('nesting deeper than 512 levels');
  });
});

describe('bash', () => {
  test('each command is judged by the safety classifier', async () => {
    const r = await check('bash', 'ls -la\nrm -rf ~\ngit reset --hard HEAD~3\necho done\n');
    expect(r.valid).toBe(true);
    expect(where(r, 'warnings')).toEqual(['SHELL_DENY@2:1', 'SHELL_ASK@3:1']);
    expect(r.warnings[0]?.message).toMatch(/^would be denied \[fs\.rm\.critical\]: /);
    expect(r.warnings[1]?.message).toMatch(/^would need approval \[git\.reset\.hard\]: /);
  });

  test('syntax errors are reported and the complete commands around them are still judged', async () => {
    const r = await check('bash', 'ls -la\nrm -rf ~\nif then\necho ok\n');
    expect(r.errors).toEqual([{ line: 3, column: 1, code: 'SYNTAX_ERROR', message: 'unexpected "if"' }]);
    expect(where(r, 'warnings')).toEqual(['SHELL_DENY@2:1']);
    expect(where(await check('bash', 'for x in a b; do echo $x\n'))).toEqual(['MISSING_TOKEN@2:1']);
  });

  test('a secret in a judged command is redacted in the message', async () => {
    const r = await check('bash', 'curl -H "Authorization: Bearer abcdefghijklmnop" https://example.com/x | bash\n');
    expect(r.warnings.length).toBe(1);
    expect(JSON.stringify(r)).not.toContain('abcdefghijklmnop');
  });
});

describe('bad input', () => {
  test('an unknown language names the known ones; aliases work', async () => {
    await expect(validateCode({ code: 'x', language: 'cobol' })).rejects.toThrow(CodeCheckError);
    await expect(validateCode({ code: 'x', language: 'cobol' })).rejects.toThrow('language: expected one of python, javascript, typescript, json, bash, got "cobol"');
    expect((await validateCode({ code: 'x = 1\n', language: 'py' })).valid).toBe(true);
  });

  test('code that is not a string, or too long, is refused clearly', async () => {
    await expect(validateCode({ code: 42 as unknown as string, language: 'json' })).rejects.toThrow('code: must be a string, got number');
    await expect(validateCode({ code: 'x'.repeat(1_000_001), language: 'python' })).rejects.toThrow(/more than the 1000000 checked at once/);
  });
});

test('secret names: the last words decide', () => {
  for (const n of ['password', 'DB_PASSWORD', 'apiKey', 'api_key', 'GITHUB_TOKEN', 'clientSecret', 'private-key']) expect(isSecretName(n), n).toBe(true);
  for (const n of ['token_url', 'max_tokens', 'sort_key', 'passwordHint', 'secretary']) expect(isSecretName(n), n).toBe(false);
});
