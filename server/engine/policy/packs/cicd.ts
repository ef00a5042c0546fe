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

/** The words after the trigger subcommand, or null when this invocation triggers nothing. */
function triggerArgs(inv: Invocation): string[] | null {
  const t = inv.words.slice(1).map((w) => w.text);
  const after = (...path: string[]) => {
    const k = t.findIndex((_, i) => path.every((p, j) => t[i + j] === p));
    return k < 0 ? null : t.slice(k + path.length);
  };
  switch (inv.name) {
    case 'gh': return t[0] === 'workflow' && t[1] === 'run' ? t.slice(2) : t[0] === 'run' && t[1] === 'rerun' ? t.slice(2) : null;
    case 'glab': return after('ci', 'run') ?? after('ci', 'trigger') ?? after('pipeline', 'run');
    case 'jenkins-cli': return after('build');
    case 'java': return t.some((x) => /(^|\/)jenkins-cli\.jar$/.test(x)) ? after('build') : null;
    case 'az': return after('pipelines', 'run');
    case 'circleci': return after('pipeline', 'trigger') ?? after('trigger');
    case 'bk': return after('build', 'create') ?? after('build', 'new');
    default: return null;
  }
}

export const CI_TRIGGERS = new Set(['gh', 'glab', 'jenkins-cli', 'java', 'az', 'circleci', 'bk']);

export function ciTrigger(inv: Invocation, s: ShellScope): void {
  const args = triggerArgs(inv);
  if (!args || isDryRun(inv.words)) return;
  const named = args.find((a) => PRODUCTION.test(a));
  if (named) add(s, 'ci.trigger-production', subjectOf(inv), named);
}
