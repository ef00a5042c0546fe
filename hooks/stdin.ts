/**
 * Bounded read of the hook's stdin. Synchronous reads of fd 0 avoid loading Node's stream machinery on
 * the hot path; if fd 0 is non-blocking (EAGAIN) the rest is read through `process.stdin`.
 */
import { readSync } from 'node:fs';

/** Claude Code's hook input is a few KiB; anything past this is not classified (see docs/hook.md). */
export const STDIN_LIMIT = 16 * 1024 * 1024;

export interface StdinResult {
  /** The bytes read (at most `limit`). */
  data: Buffer;
  /** True when the input was longer than `limit`; reading stopped there. */
  oversized: boolean;
}

const CHUNK = 1024 * 1024;

/** Reads fd 0 to end of file, or until more than `limit` bytes arrived. Never throws. */
export async function readStdin(limit = STDIN_LIMIT): Promise<StdinResult> {
  const chunks: Buffer[] = [];
  let total = 0;
  const take = (chunk: Buffer): boolean => {
    chunks.push(chunk);
    total += chunk.length;
    return total > limit;
  };
  const done = (): StdinResult => {
    const data = Buffer.concat(chunks, total);
    return total > limit ? { data: data.subarray(0, limit), oversized: true } : { data, oversized: false };
  };

  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = readSync(0, buf, 0, CHUNK, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return readRestAsync(take, done);
      if (code === 'EOF') return done(); // Windows pipes report end of input as an error
      return done(); // EBADF (no stdin) and friends: treat as end of input
    }
    if (n === 0) return done();
    if (take(buf.subarray(0, n))) return done();
  }
}

async function readRestAsync(take: (c: Buffer) => boolean, done: () => StdinResult): Promise<StdinResult> {
  try {
    for await (const chunk of process.stdin) {
      if (take(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))) {
        process.stdin.destroy();
        break;
      }
    }
  } catch {
    // a broken pipe ends the input; what arrived is judged as is
  }
  return done();
}
