/** The real file system behind `expandWorkflow`: Node's synchronous fs APIs, symlinks never followed while listing. */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStat, WorkflowFiles } from './types.js';

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES', 'EPERM']);

function stat(path: string): FileStat | undefined {
  try {
    const st = statSync(path);
    return { realPath: realpathSync(path), size: st.size, isFile: st.isFile(), isDirectory: st.isDirectory() };
  } catch (err) {
    if (MISSING.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
}

/** Breadth-first, sorted, at most `limit` entries visited; unreadable directories are passed over. */
function listFiles(dir: string, skipDir: (relDir: string) => boolean, limit: number): string[] {
  const out: string[] = [];
  const queue: string[] = [''];
  let visited = 0;
  while (queue.length && visited < limit) {
    const rel = queue.shift() as string;
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (++visited > limit) break;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skipDir(child)) queue.push(child);
      } else if (e.isFile()) out.push(child);
    }
  }
  return out;
}

/**
 * The real file system for `expandWorkflow`.
 *
 * @example
 * expandWorkflow({ workflow: 'review', prompt: '…', baseDir: '/home/dev/app', ...nodeWorkflowFiles() })
 */
export function nodeWorkflowFiles(): WorkflowFiles {
  return { stat, listFiles, readFile: (path) => readFileSync(path) };
}
