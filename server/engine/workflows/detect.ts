/** Finding @Workflow triggers in a prompt: only the five known ones, and only as whole words. */
import { WORKFLOWS } from './catalogue.js';

/**
 * `@` not glued to a word, an address or a path before it (`dev@Review.io`, `a/@Docs`), and the name not
 * continued by a word, a domain, a package path or a hyphenated word after it (`@Docs.io`, `@review/pkg`).
 * A sentence's full stop or comma after the trigger is fine.
 */
const TRIGGER = /(?<![\w@./\\-])@([A-Za-z][\w-]*)(?![\w@/\\]|[.-]\w)/g;

/**
 * The known triggers in `prompt` (canonical spelling), most urgent first, each once. Case-insensitive:
 * `@debug` counts; unknown names (`@everyone`) and e-mail addresses do not.
 *
 * @example
 * detectTriggers('@review this, then mail dev@Debug.io') // → ['@Review']
 */
export function detectTriggers(prompt: string): string[] {
  const found = new Map<string, number>();
  for (const m of String(prompt).matchAll(TRIGGER)) {
    const w = WORKFLOWS.find((x) => x.trigger.slice(1).toLowerCase() === (m[1] ?? '').toLowerCase());
    if (w && !found.has(w.trigger)) found.set(w.trigger, m.index);
  }
  const priority = (t: string) => WORKFLOWS.find((w) => w.trigger === t)?.priority ?? 0;
  return [...found.keys()].sort((a, b) => priority(b) - priority(a) || (found.get(a) ?? 0) - (found.get(b) ?? 0));
}
