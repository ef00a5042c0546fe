// The bounded capture keeps memory within its budget whatever the stream's size, and keeps head and tail.
import { describe, expect, test } from 'vitest';
import { BoundedCapture } from '../../../server/engine/exec/index.js';

describe('BoundedCapture', () => {
  test('under the bound, everything is kept as it came', () => {
    const c = new BoundedCapture(100);
    for (const part of ['hello ', 'wor', 'ld\n']) c.push(Buffer.from(part));
    expect(c.result()).toEqual({ text: 'hello world\n', bytes: 12, truncated: false });
  });

  test('over the bound, the first and last halves are kept with a count of what was dropped', () => {
    const c = new BoundedCapture(20);
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join('');
    for (let i = 0; i < lines.length; i += 7) c.push(Buffer.from(lines.slice(i, i + 7)));
    const r = c.result();
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(lines.length);
    expect(r.text.startsWith('line 0\nlin\n…[')).toBe(true); // the head is the first 10 bytes
    expect(r.text.endsWith('line 99\n')).toBe(true);
    const omitted = Number(/…\[(\d+) bytes omitted\]…/.exec(r.text)?.[1]);
    const kept = Buffer.byteLength(r.text.replace(/\n…\[\d+ bytes omitted\]…\n/, ''));
    expect(kept + omitted).toBe(lines.length);
  });

  test('many small chunks do not grow memory past the bound plus one chunk', () => {
    const c = new BoundedCapture(1000);
    for (let i = 0; i < 100_000; i++) c.push(Buffer.from('0123456789'));
    const internal = c as unknown as { tail: Buffer[]; headBytes: number };
    expect(internal.headBytes).toBe(500);
    expect(internal.tail.reduce((n, b) => n + b.length, 0)).toBeLessThanOrEqual(510);
    expect(c.result().bytes).toBe(1_000_000);
  });

  test('output is redacted', () => {
    const c = new BoundedCapture(1000);
    c.push(Buffer.from('password=hunter2hunter2\n'));
    expect(c.result().text).toBe('password=«redacted:password»\n');
  });
});
