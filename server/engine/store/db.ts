/**
 * sql.js, loaded lazily, and `Db`: the thin typed wrapper every repository function takes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';

let sqlPromise: Promise<SqlJsStatic> | null = null;

/** sql-wasm.wasm beside the running bundle (plugin/dist), else TASK_ORCHESTRATOR_WASM_DIR, else node_modules. */
export function locateSqlWasm(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, '..'), process.env.TASK_ORCHESTRATOR_WASM_DIR ?? '']) {
    if (dir && existsSync(join(dir, 'sql-wasm.wasm'))) return join(dir, 'sql-wasm.wasm');
  }
  return createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
}

async function load(): Promise<SqlJsStatic> {
  // As for the bash grammar (shell/tree-sitter.ts): without it Node waits at exit for background
  // optimising compiles of the wasm; set here rather than on the command line so Node's own code cache
  // stays valid for every process that never loads sql.js.
  setFlagsFromString('--liftoff-only');
  (globalThis as Record<symbol, unknown>)[Symbol.for('task-orchestrator.v8-flags-changed')] = true;
  const mod = (await import('sql.js')) as unknown as { default?: (c?: object) => Promise<SqlJsStatic> } & ((c?: object) => Promise<SqlJsStatic>);
  const init = typeof mod.default === 'function' ? mod.default : mod;
  const wasmPath = locateSqlWasm();
  const wasm = readFileSync(wasmPath);
  // sql.js reads the free variable `__dirname` when it initialises in Node; inside an ES module bundle
  // (plugin/dist/cli.mjs) there is none, so lend it a global one for the duration.
  const g = globalThis as { __dirname?: string };
  const lend = !('__dirname' in g);
  if (lend) g.__dirname = dirname(wasmPath);
  try {
    return await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
  } finally {
    if (lend) delete g.__dirname;
  }
}

/** The sql.js module, instantiated once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= load().catch((err: unknown) => {
    sqlPromise = null;
    throw err;
  });
  return sqlPromise;
}

export type { SqlValue };
export type Params = SqlValue[] | Record<string, SqlValue>;
export type Row = Record<string, SqlValue>;

/** Something a repository function wants done once the write that made it is on disk. */
export type AfterCommit = { kind: 'rules' } | { kind: 'immune' } | { kind: 'alerts' } | { kind: 'decision'; approvalId: string; status: 'approved' | 'denied'; reason: string; decidedBy: string; decidedAt: number };

/**
 * A sql.js database with typed helpers and a statement cache. Obtained from `Store.read()`/`Store.write()`;
 * never keep it beyond the callback.
 *
 * @example
 * const n = db.get<{ n: number }>('SELECT count(*) AS n FROM audit_events WHERE tool = ?', ['Bash'])?.n;
 */
export class Db {
  private readonly stmts = new Map<string, Statement>();
  /** Effects for the store to carry out after the commit (rules.json, decision files). */
  readonly afterCommit: AfterCommit[] = [];

  constructor(readonly raw: Database) {}

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs one statement; returns the number of rows it changed. */
  run(sql: string, params?: Params): number {
    const s = this.stmt(sql);
    try {
      s.bind(params as BindParams);
      s.step();
    } finally {
      s.reset();
    }
    return this.raw.getRowsModified();
  }

  /** Every row of a query, as objects keyed by column name. */
  all<T = Row>(sql: string, params?: Params): T[] {
    const s = this.stmt(sql);
    const out: T[] = [];
    try {
      s.bind(params as BindParams);
      while (s.step()) out.push(s.getAsObject() as T);
    } finally {
      s.reset();
    }
    return out;
  }

  /** The first row of a query, or undefined. */
  get<T = Row>(sql: string, params?: Params): T | undefined {
    const s = this.stmt(sql);
    try {
      s.bind(params as BindParams);
      return s.step() ? (s.getAsObject() as T) : undefined;
    } finally {
      s.reset();
    }
  }

  /** Runs several statements (no parameters): migrations, PRAGMAs. */
  exec(sql: string): void {
    this.raw.exec(sql);
  }

  private depth = 0;

  /**
   * Runs `fn` in a transaction (a savepoint inside another): committed when it returns, rolled back —
   * with the after-commit effects it queued — when it throws. Do not issue BEGIN/COMMIT yourself.
   */
  tx<T>(fn: () => T): T {
    const sp = this.depth > 0 ? `sp${this.depth}` : null;
    const effects = this.afterCommit.length;
    this.raw.exec(sp ? `SAVEPOINT ${sp}` : 'BEGIN');
    this.depth++;
    try {
      const out = fn();
      this.raw.exec(sp ? `RELEASE ${sp}` : 'COMMIT');
      return out;
    } catch (err) {
      this.raw.exec(sp ? `ROLLBACK TO ${sp}; RELEASE ${sp}` : 'ROLLBACK');
      this.afterCommit.length = effects;
      throw err;
    } finally {
      this.depth--;
    }
  }

  /** Runs `fn` in a transaction that is always rolled back, with the effects it queued: `Store.read()`. */
  discard<T>(fn: () => T): T {
    const effects = this.afterCommit.length;
    this.raw.exec('BEGIN');
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      this.raw.exec('ROLLBACK');
      this.afterCommit.length = effects;
    }
  }

  /** Frees cached statements and the database. */
  close(): void {
    for (const s of this.stmts.values()) s.free();
    this.stmts.clear();
    this.raw.close();
  }
}
