/**
 * A bounded capture of one output stream: the first and the last halves of the budget are kept (the
 * start says what ran, the end holds the error), with a marker for what was dropped between them.
 */
import { redact } from '../redact.js';
import type { CapturedStream } from './types.js';

export class BoundedCapture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** Bytes written to the stream in all. */
  total = 0;

  constructor(private readonly max: number) {}

  /**
   * Takes a chunk; memory stays within `max` bytes whatever the stream's size.
   *
   * @example
   * const c = new BoundedCapture(10); c.push(Buffer.from('0123456789abcdef')); c.result().truncated // → true
   */
  push(chunk: Buffer): void {
    this.total += chunk.length;
    const headRoom = Math.ceil(this.max / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (!chunk.length) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailMax = Math.floor(this.max / 2);
    // Whole chunks are dropped while the rest still holds `tailMax` bytes: memory stays under tailMax + one chunk.
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= tailMax) this.tailBytes -= this.tail.shift()!.length;
  }

  /** The raw text kept (not redacted), for error parsing before redaction. */
  raw(): { text: string; truncated: boolean } {
    const head = Buffer.concat(this.head).toString('utf8');
    const tailMax = Math.floor(this.max / 2);
    const tailAll = Buffer.concat(this.tail);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - tailMax));
    const kept = this.headBytes + tail.length;
    if (kept >= this.total) return { text: head + tail.toString('utf8'), truncated: false };
    // Start the tail on a line boundary so a parser does not see half a line.
    const text = tail.toString('utf8');
    const nl = text.indexOf('\n');
    const from = nl >= 0 && nl < 200 ? nl + 1 : 0;
    const omitted = this.total - kept + Buffer.byteLength(text.slice(0, from));
    return { text: `${head}\n…[${omitted} bytes omitted]…\n${text.slice(from)}`, truncated: true };
  }

  /** The captured stream, redacted. */
  result(): CapturedStream {
    const { text, truncated } = this.raw();
    return { text: redact(text), bytes: this.total, truncated };
  }
}
