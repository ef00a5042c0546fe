/**
 * The home and temp directories without loading `node:os` (about 0.3 ms of a hook's start-up): on POSIX
 * both come from the environment exactly as `os.homedir()` and `os.tmpdir()` read it; elsewhere, or
 * without HOME, `node:os` is asked after all.
 */
import { builtin } from './builtin.js';

const os = (): typeof import('node:os') => builtin<typeof import('node:os')>('node:os');

export function userHome(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const home = env.HOME;
  return process.platform !== 'win32' && home && home.startsWith('/') ? home : os().homedir();
}

/** `os.tmpdir()`: TMPDIR, TMP or TEMP, else /tmp, without a trailing slash. */
export function osTmpdir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (process.platform === 'win32') return os().tmpdir();
  const dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}
