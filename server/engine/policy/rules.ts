/**
 * Rule tables: every built-in rule is data (id → category + reason) declared in its pack; the
 * matching is code in the same pack. `hit()` is the one place where the policy's overrides and
 * disabled rules are applied, so a rule's category is never decided anywhere else.
 */
import type { Category, Finding, Policy } from './types.js';

export interface RuleSpec {
  category: Category;
  reason: string;
}
export type RuleTable = Record<string, RuleSpec>;

const registry = new Map<string, RuleSpec & { pack: string }>();

/** Declares a pack's rules; returns the table typed by its ids, so packs cannot cite an unknown id. */
export function definePack<T extends RuleTable>(pack: string, table: T): { [K in keyof T]: RuleSpec } {
  for (const [id, spec] of Object.entries(table)) {
    if (registry.has(id)) throw new Error(`duplicate rule id ${id}`);
    registry.set(id, { ...spec, pack });
  }
  return table;
}

export function allRules(): ReadonlyMap<string, RuleSpec & { pack: string }> {
  return registry;
}

/** A finding for rule `id`, after the policy's overrides; null when the policy disabled the rule. */
export function hit(policy: Policy, id: string, subject?: string, detail?: string): Finding | null {
  const spec = registry.get(id);
  if (!spec) throw new Error(`unknown rule id ${id}`);
  if (policy.disabledRules.includes(id)) return null;
  const category = policy.overrides[id] ?? spec.category;
  const reason = detail ? `${spec.reason} (${detail})` : spec.reason;
  return subject === undefined ? { rule: id, category, reason } : { rule: id, category, reason, subject };
}
