/**
 * CI/CD triggers: starting a pipeline is routine (`gh workflow run ci.yml`), starting one that deploys to
 * production is a release. The job's name, its ref or one of its inputs says which (deploy-prod,
 * env=production).
 */
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { isDryRun } from '../shell/words.js';

definePack('cicd', {
  'ci.trigger-production': { category: 'REQUIRES_APPROVAL', reason: 'Triggers a CI/CD pipeline that deploys to production: what it ships goes live without a human looking first' },
});

/** One word of a job name or input naming production: `prod`, `production`, `prd`. */
const PRODUCTION = /(^|[^a-z0-9])(prod|production|prd)([^a-z0-9]|$)/i;

/** Where a word sequence starts in `t`: the words after it, or null. */
function after(t: string[], ...path: string[]): string[] | null {
  const k = t.findIndex((_, i) => path.every((p, j) => t[i + j] === p));
  return k < 0 ? null : t.slice(k + path.length);
}

/** Per CLI: the words after its trigger subcommand, or null when the call triggers nothing. */
const TRIGGERS: Record<string, (t: string[]) => string[] | null> = {
  gh: (t) => (t[0] === 'workflow' && t[1] === 'run' || t[0] === 'run' && t[1] === 'rerun' ? t.slice(2) : null),
  glab: (t) => after(t, 'ci', 'run') ?? after(t, 'ci', 'trigger') ?? after(t, 'pipeline', 'run'),
  'jenkins-cli': (t) => after(t, 'build'),
  java: (t) => (t.some((x) => /(^|\/)jenkins-cli\.jar$/.test(x)) ? after(t, 'build') : null),
  az: (t) => after(t, 'pipelines', 'run'),
  circleci: (t) => after(t, 'pipeline', 'trigger') ?? after(t, 'trigger'),
  bk: (t) => after(t, 'build', 'create') ?? after(t, 'build', 'new'),
};

export function ciTrigger(inv: Invocation, s: ShellScope): void {
  const args = TRIGGERS[inv.name]?.(inv.words.slice(1).map((w) => w.text)) ?? null;
  if (!args || isDryRun(inv.words)) return;
  const named = args.find((a) => PRODUCTION.test(a));
  if (named) add(s, 'ci.trigger-production', subjectOf(inv), named);
}
