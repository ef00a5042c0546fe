/**
 * The cost engine: the dated price table and its overrides, pricing, the ledger, budgets and the summary.
 * The MCP server calls checkBudget before and recordUsage after every LLM call (docs/cost.md).
 */
export * from './price-table.js';
export * from './price-file.js';
export * from './pricing.js';
export * from './windows.js';
export * from './ledger.js';
export * from './budgets.js';
export * from './budget-check.js';
export * from './summary.js';
