// A fresh in-memory database at the latest schema for each test: `const db = migratedDb();` then `db()`.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, beforeEach } from 'vitest';
import { Db, loadSqlJs } from '../../../server/engine/store/db.js';
import { migrate } from '../../../server/engine/store/migrations.js';

export function migratedDb(): () => Db {
  let SQL: SqlJsStatic;
  let db: Db;
  beforeAll(async () => {
    SQL = await loadSqlJs();
  });
  beforeEach(() => {
    db = new Db(new SQL.Database());
    migrate(db);
  });
  return () => db;
}
