/**
 * The store's facade for the sql.js side (CLI, MCP server, extension). Hooks must import
 * `./journal.js` and `./paths.js` directly: this module pulls in sql.js and proper-lockfile.
 */
export { Store, StoreError, Db, listBackups, type OpenOptions, type StoreErrorCode } from './store.js';
export { storePaths, resolveStateDir, type StorePaths } from './paths.js';
export * from './journal.js';
export * from './repos.js';
export { LATEST_SCHEMA, MIGRATIONS } from './migrations.js';
export { DEFAULT_RETENTION, type Retention } from './fold.js';
export { redact } from '../redact.js';
