/**
 * Small filesystem primitives shared by the hook side (journal.ts) and the store: atomic replacement of a
 * file by rename, with or without fsync. node:fs only — the hook imports this.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let tmpSeq = 0;

/** A temporary name beside `file`, unique within this machine's processes. */
export function tmpName(file: string): string {
  return `${file}.tmp-${process.pid}-${++tmpSeq}`;
}

/**
 * Replaces `file` with `data` so that a reader sees the old or the new content, never a mix: write a
 * temporary file beside it, then rename it into place. `durable` also fsyncs the file before the rename
 * and the directory after it, so the new content survives a power cut (the store's database and rules);
 * without it (hook-side files) the rename is still atomic for every other process.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, durable: boolean, mode = 0o600): void {
  const tmp = tmpName(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', mode);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (durable) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeQuietly(fd);
    unlinkQuietly(tmp);
    throw err;
  }
  if (durable) fsyncDir(dirname(file));
}

/** Makes a rename or unlink in `dir` durable. Some platforms cannot fsync a directory: ignored there. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on platforms without directory fsync: the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing useful to do
  }
}
