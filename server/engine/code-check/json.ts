/**
 * A strict JSON checker (RFC 8259) that says where the first error is, by line and column — V8's
 * JSON.parse often names no position at all — and warns about duplicate keys, which JSON.parse
 * silently resolves to the last one.
 */
import type { CodeIssue } from './types.js';

/** Nesting deeper than this is reported instead of risking the stack. */
export const MAX_JSON_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(readonly index: number, message: string) {
    super(message);
  }
}

const describe = (ch: string | undefined): string => (ch === undefined ? 'the end of the input' : JSON.stringify(ch));

class Checker {
  i = 0;
  readonly warnings: Array<{ index: number; message: string }> = [];
  constructor(private readonly s: string) {}

  fail(message: string, index = this.i): never {
    throw new JsonSyntaxError(index, message);
  }

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  document(): void {
    this.ws();
    this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected ${describe(this.s[this.i])} after the JSON value`);
  }

  value(depth: number): void {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return void this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    if (c === "'") this.fail('strings must use double quotes');
    if (c === undefined) this.fail('expected a value, got the end of the input');
    this.fail(`expected a value, got ${describe(c)}`);
  }

  object(depth: number): void {
    this.i++;
    const keys = new Set<string>();
    this.ws();
    if (this.s[this.i] === '}') return void this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(this.s[this.i] === '}' ? 'trailing comma before "}"' : `expected a property name in double quotes, got ${describe(this.s[this.i])}`);
      const at = this.i;
      const key = this.string();
      if (keys.has(key)) this.warnings.push({ index: at, message: `duplicate key ${JSON.stringify(key)}: JSON.parse keeps only the last value` });
      keys.add(key);
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`expected ":" after the property name, got ${describe(this.s[this.i])}`);
      this.i++;
      this.ws();
      this.value(depth + 1);
      this.ws();
      const c = this.s[this.i];
      if (c === '}') return void this.i++;
      if (c !== ',') this.fail(`expected "," or "}" after a property value, got ${describe(c)}`);
      this.i++;
    }
  }

  array(depth: number): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') return void this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') this.fail('trailing comma before "]"');
      this.value(depth + 1);
      this.ws();
      const c = this.s[this.i];
      if (c === ']') return void this.i++;
      if (c !== ',') this.fail(`expected "," or "]" after an array element, got ${describe(c)}`);
      this.i++;
    }
  }

  string(): string {
    const start = this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('string is never closed', start);
      if (c === '"') break;
      if (c < ' ') this.fail(c === '\n' ? 'line break inside a string (write \\n)' : 'control character inside a string');
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) this.fail('"\\u" must be followed by four hex digits');
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(`invalid escape "\\${e ?? ''}"`);
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.i++;
    return JSON.parse(this.s.slice(start, this.i)) as string;
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail(`invalid number ${describe(this.s.slice(this.i, this.i + 10).split(/[\s,\]}]/)[0])}`);
    this.i += m[0].length;
    const next = this.s[this.i];
    if (next !== undefined && /[\w.]/.test(next)) this.fail(`invalid number (leading zeros, a trailing "." or letters are not allowed)`);
  }
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * Errors (at most one: the first) and duplicate-key warnings of a JSON text.
 *
 * @example
 * checkJson('{\n  "a": 1,\n}') // → { errors: [{ line: 3, column: 1, code: 'JSON_ERROR', message: 'trailing comma before "}"' }], warnings: [] }
 */
export function checkJson(text: string): { errors: CodeIssue[]; warnings: CodeIssue[] } {
  const c = new Checker(text);
  if (text.charCodeAt(0) === 0xfeff) c.i = 1; // a byte-order mark is tolerated
  const errors: CodeIssue[] = [];
  try {
    c.document();
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    errors.push({ ...position(text, err.index), code: 'JSON_ERROR', message: err.message });
  }
  const warnings = c.warnings.map((w) => ({ ...position(text, w.index), code: 'DUPLICATE_KEY', message: w.message }));
  return { errors, warnings };
}
