/** Databases: destructive SQL wherever it is sent, database CLIs, and framework reset commands. */
import type { Word } from '../../shell/ast.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, clip, subjectOf, type ShellScope } from '../shell/scope.js';

definePack('database', {
  'db.sql.drop-database': { category: 'BLOCKED', reason: 'DROP DATABASE/SCHEMA destroys a whole database. Take a backup and run it yourself if intended' },
  'db.sql.drop-table': { category: 'BLOCKED', reason: 'DROP TABLE destroys a table and its data' },
  'db.sql.truncate': { category: 'BLOCKED', reason: 'TRUNCATE deletes every row of a table' },
  'db.sql.delete-all': { category: 'BLOCKED', reason: 'DELETE without a restricting WHERE clause deletes every row' },
  'db.sql.delete': { category: 'REQUIRES_APPROVAL', reason: 'DELETE removes rows' },
  'db.sql.update-all': { category: 'REQUIRES_APPROVAL', reason: 'UPDATE without WHERE changes every row' },
  'db.sql.alter-drop': { category: 'REQUIRES_APPROVAL', reason: 'Drops a column, index, view, function, role or other schema object' },
  'db.sql.privilege': { category: 'REQUIRES_APPROVAL', reason: 'Grants broad privileges or changes a role' },
  'db.dropdb': { category: 'BLOCKED', reason: 'Deletes a whole database' },
  'db.flushall': { category: 'BLOCKED', reason: 'Deletes every key in the Redis server or database' },
  'db.mongo.drop': { category: 'BLOCKED', reason: 'Drops a MongoDB database or collection, or deletes every document' },
  'db.redis.change': { category: 'REQUIRES_APPROVAL', reason: 'Deletes keys, changes server configuration or shuts the Redis server down' },
  'db.reset': { category: 'REQUIRES_APPROVAL', reason: 'Drops and recreates the database or rolls back migrations, losing data' },
});

const SQL_CLIENTS: Record<string, { flags: string[]; positionalSql?: boolean }> = {
  psql: { flags: ['-c', '--command'] },
  mysql: { flags: ['-e', '--execute'] },
  mariadb: { flags: ['-e', '--execute'] },
  sqlite3: { flags: ['-cmd'], positionalSql: true },
  duckdb: { flags: ['-c', '-s', '-cmd'], positionalSql: true },
  'clickhouse-client': { flags: ['-q', '--query'] },
  clickhouse: { flags: ['-q', '--query'] },
  sqlcmd: { flags: ['-q', '-Q'] },
  snowsql: { flags: ['-q', '--query'] },
  cqlsh: { flags: ['-e', '--execute'] },
  bq: { flags: [], positionalSql: true },
  cockroach: { flags: ['-e', '--execute'] },
  trino: { flags: ['--execute'] },
  usql: { flags: ['-c', '--command'] },
  mycli: { flags: ['-e', '--execute'] },
  pgcli: { flags: [] },
  mongo: { flags: ['--eval'] },
  mongosh: { flags: ['--eval'] },
};

function stripSql(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "'x'");
}

const TAUTOLOGY = /^\s*(1\s*=\s*1|true|1|'x'\s*=\s*'x'|(\w+)\s*=\s*\2|1\s*<>\s*0|0\s*=\s*0|not\s+false|1\s+is\s+not\s+null)\s*$/i;

/** Findings for a SQL (or Mongo/Redis) text, pure. */
export function sqlFindings(text: string): string[] {
  const ids: string[] = [];
  const sql = stripSql(text);
  for (const stmt of sql.split(';')) {
    const st = stmt.trim().replace(/\s+/g, ' ');
    if (!st) continue;
    if (/\bdrop\s+(database|schema|keyspace)\b/i.test(st)) ids.push('db.sql.drop-database');
    else if (/^\s*alter\s+table\s+\S+\s+delete\b/i.test(st)) {
      // ClickHouse mutations: ALTER TABLE t DELETE WHERE …
      const where = /\bwhere\b(.*)$/i.exec(st);
      ids.push(!where || TAUTOLOGY.test(where[1]!) ? 'db.sql.delete-all' : 'db.sql.delete');
    }
    else if (/\bdrop\s+table\b/i.test(st)) ids.push('db.sql.drop-table');
    else if (/\btruncate\b(\s+table)?\s+[\w."`\[]/i.test(st)) ids.push('db.sql.truncate');
    else if (/^\s*(with\b.*\)\s*)?delete\s+(from\s+)?[\w."`\[\]]+/i.test(st)) {
      const where = /\bwhere\b(.*)$/i.exec(st);
      ids.push(!where || TAUTOLOGY.test(where[1]!.replace(/\breturning\b.*$/i, '')) ? 'db.sql.delete-all' : 'db.sql.delete');
    } else if (/^\s*update\s+[\w."`\[\]]+\s+set\b/i.test(st) && !/\bwhere\b/i.test(st)) ids.push('db.sql.update-all');
    else if (/\b(alter\s+table\s+\S+\s+drop|drop\s+(index|view|function|procedure|trigger|user|role|sequence|type|extension|column|materialized\s+view|collection))\b/i.test(st)) ids.push('db.sql.alter-drop');
    else if (/\bgrant\s+all\b|\balter\s+(user|role)\b.*\b(superuser|createrole)\b/i.test(st)) ids.push('db.sql.privilege');
  }
  if (/\bflushall\b|\bflushdb\b/i.test(text)) ids.push('db.flushall');
  if (/\.dropDatabase\s*\(|\.drop\s*\(\s*\)|\.(deleteMany|remove)\s*\(\s*\{\s*\}\s*\)/.test(text)) ids.push('db.mongo.drop');
  return ids;
}

const IDENT = String.raw`(?:[\w$]+|"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\])(?:\.(?:[\w$]+|"[^"]+"|\x60[^\x60]+\x60))*`;
/** Statements written as SQL, not prose: the sentence must end where the statement's grammar does. */
const STRICT_SQL = new RegExp(
  String.raw`^\s*(?:` +
    String.raw`drop\s+(?:database|schema|table|view|index|user|role)(?:\s+if\s+exists)?\s+${IDENT}(?:\s*,\s*${IDENT})*(?:\s+(?:cascade|restrict))?` +
    String.raw`|truncate(?:\s+table)?(?:\s+only)?\s+${IDENT}(?:\s*,\s*${IDENT})*(?:\s+(?:cascade|restrict|restart\s+identity))?` +
    String.raw`|delete\s+from\s+${IDENT}(?:\s+(?:as\s+)?\w+)?(?:\s+where\s+.+)?` +
    String.raw`|update\s+${IDENT}\s+set\s+.+` +
    String.raw`|alter\s+table\s+${IDENT}\s+drop\s+.+` +
    String.raw`|flushall|flushdb` +
    String.raw`)\s*;?\s*$`,
  'is',
);

/**
 * Does a word read like a SQL statement (and not prose that happens to contain "drop")? Every
 * statement of the text must parse as one of the destructive shapes, or the text is treated as prose.
 */
export function looksLikeSql(text: string): boolean {
  const statements = stripSql(text).split(';').map((x) => x.trim()).filter(Boolean);
  return statements.length > 0 && statements.some((st) => STRICT_SQL.test(st)) && statements.every((st) => STRICT_SQL.test(st) || /^(select|insert|begin|commit|set|use|create)\b/i.test(st));
}

export function isSqlClient(name: string): boolean {
  return name in SQL_CLIENTS;
}

export function sqlClient(inv: Invocation, s: ShellScope): boolean {
  const spec = SQL_CLIENTS[inv.name];
  if (!spec) return false;
  const w = inv.words.slice(1);
  const texts: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const t = w[i]!.text;
    const f = spec.flags.find((x) => t === x || t.startsWith(x + '='));
    if (f) { texts.push(t === f ? w[i + 1]?.text ?? '' : t.slice(f.length + 1)); i++; continue; }
    if (spec.positionalSql && !t.startsWith('-') && looksLikeSql(t)) texts.push(t);
    if (/^-[a-zA-Z]$/.test(t) && !spec.flags.includes(t) && i + 1 < w.length && !w[i + 1]!.text.startsWith('-') && !looksLikeSql(w[i + 1]!.text) && !['-c'].includes(t)) i++;
  }
  for (const r of inv.command.redirects) if (r.heredoc) texts.push(r.heredoc.body);
  if (inv.index > 0) {
    const prev = inv.pipeline.commands[inv.index - 1]!;
    const n = prev.words[0]?.text;
    if (n === 'echo' || n === 'printf') texts.push(prev.words.slice(1).map((x) => x.text).join(' '));
  }
  for (const t of texts) reportSql(t, inv, s);
  return true;
}

export function reportSql(text: string, inv: Invocation | null, s: ShellScope): void {
  for (const id of new Set(sqlFindings(text))) add(s, id, inv ? subjectOf(inv) : clip(text));
}

const REDIS_RISKY = /^(del|unlink|shutdown|config|debug|script|slaveof|replicaof|migrate|rename|expire|pexpire|swapdb|cluster)$/i;

export function redisCli(inv: Invocation, s: ShellScope): void {
  const cmd = inv.words.slice(1).map((w) => w.text).filter((t, i, all) => !t.startsWith('-') && !/^-(h|p|a|n|u|-user|-pass|-tls|-cacert|-scan|-pattern)$/.test(all[i - 1] ?? ''));
  const verb = cmd[0] ?? '';
  if (REDIS_RISKY.test(verb) && !(verb.toLowerCase() === 'config' && /^get$/i.test(cmd[1] ?? ''))) add(s, 'db.redis.change', subjectOf(inv), verb.toUpperCase());
  const piped = inv.index > 0 ? inv.pipeline.commands[inv.index - 1]!.words.map((w) => w.text) : [];
  const heredocs = inv.command.redirects.flatMap((r) => (r.heredoc ? r.heredoc.body.split(/\s+/) : []));
  if ([...inv.words.slice(1).map((w) => w.text), ...piped, ...heredocs].some((t) => /^(flushall|flushdb)$/i.test(t))) add(s, 'db.flushall', subjectOf(inv));
}

export function pgRestore(inv: Invocation, s: ShellScope): void {
  if (inv.words.some((w) => /^(-c|--clean)$/.test(w.text))) add(s, 'db.reset', subjectOf(inv), 'pg_restore --clean drops objects first');
}

export function dropdb(inv: Invocation, s: ShellScope): void {
  if (inv.words.slice(1).some((w) => !w.text.startsWith('-'))) add(s, 'db.dropdb', subjectOf(inv));
}

export function mysqladmin(inv: Invocation, s: ShellScope): void {
  if (inv.words.slice(1).some((w) => /^drop$/i.test(w.text))) add(s, 'db.dropdb', subjectOf(inv));
}

const RESET_TASKS = /^(ecto\.(reset|drop|rollback)|db:(drop|reset|purge|schema:load|rollback|migrate:reset|truncate_all|seed:replant)|migrate:(fresh|reset|rollback|refresh)|db:wipe|flush|sqlflush|reset_db|downgrade|migrate:undo(:all)?|db:migrate:undo(:all)?|migration:revert|schema:drop)$/;

/** rails/rake/artisan/manage.py/prisma/alembic/sequelize: tasks that wipe or roll back a database. */
export function frameworkReset(inv: Invocation, s: ShellScope, words: Word[] = inv.words): void {
  const t = words.slice(1).map((w) => w.text);
  if (t.some((x) => RESET_TASKS.test(x))) return add(s, 'db.reset', subjectOf(inv));
  if (inv.name === 'prisma' || t[0] === 'prisma') {
    const j = t.join(' ');
    if (/migrate reset|db push.*(--force-reset|--accept-data-loss)/.test(j)) add(s, 'db.reset', subjectOf(inv));
  }
}
