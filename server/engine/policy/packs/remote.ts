/**
 * Live services changed from the command line: cloud accounts, clusters, PaaS, payments and messaging
 * CLIs. Deletes are caught everywhere by the generic verbs (cloud.ts); here, for CLIs that act on a
 * remote service, any *change* to existing resources asks (deploy, update, scale, stop, send, refund …),
 * creating something that acts on the world asks (a charge, a message, a deployment), and opening
 * access (0.0.0.0/0, owner/admin roles) asks. Reads, plans, diffs and dry runs stay silent.
 */
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { isDryRun } from '../shell/words.js';

definePack('remote', {
  'remote.change': { category: 'REQUIRES_APPROVAL', reason: 'Changes a live service (deploy, update, scale, stop, restart, apply, rollback …) through its CLI' },
  'remote.act': { category: 'REQUIRES_APPROVAL', reason: 'Creates something that acts on the world: a charge or refund, a message or email, a deployment' },
  'remote.open-network': { category: 'REQUIRES_APPROVAL', reason: 'Opens network access to the whole internet (0.0.0.0/0 or *)' },
  'remote.grant-admin': { category: 'REQUIRES_APPROVAL', reason: 'Grants an owner/administrator role or policy' },
  'remote.credentials': { category: 'REQUIRES_APPROVAL', reason: 'Creates long-lived cloud credentials (access keys, service-account keys)' },
  'remote.remote-command': { category: 'REQUIRES_APPROVAL', reason: 'Runs a command on remote hosts (ansible ad-hoc); its effect there cannot be checked here' },
});

/** CLIs whose subcommands act on a remote service or cluster. */
export const REMOTE_CLIS = new Set([
  'aws', 'gcloud', 'gsutil', 'bq', 'az', 'doctl', 'linode-cli', 'hcloud', 'oci', 'ibmcloud', 'scw', 'exo', 'vultr-cli',
  'heroku', 'fly', 'flyctl', 'vercel', 'netlify', 'railway', 'render', 'wrangler', 'firebase', 'supabase', 'amplify',
  'kubectl', 'oc', 'k', 'helm', 'helmfile', 'kustomize', 'argocd', 'flux', 'spin', 'eksctl', 'kops', 'copilot', 'eb', 'ecs-cli',
  'stripe', 'twilio', 'vault', 'consul', 'nomad', 'circleci', 'glab', 'gitlab-runner', 'sentry-cli', 'doppler', 'op',
  'kafka-topics', 'kafka-configs', 'kafka-consumer-groups', 'rabbitmqctl', 'rabbitmqadmin', 'nats',
  'pulumi', 'cdk', 'sam', 'serverless', 'sls', 'ansible-playbook', 'ansible', 'salt', 'knife', 'cf',
  'velero', 'etcdctl', 'slack', 'slack-cli', 'mailgun', 'sendgrid', 'pagerduty', 'pd', 'opsgenie', 'pushover',
]);

const READ = /^(update-kubeconfig|get|get-[\w-]+|list|list-[\w-]+|ls|describe|describe-[\w-]+|show|status|info|logs?|tail|wait|view|whoami|version|help|diff|plan|template|lint|validate|validate-[\w-]+|head-[\w-]+|lookup-[\w-]+|search|search-[\w-]+|query|scan|select-[\w-]+|batch-get-[\w-]+|estimate-[\w-]+|preview|test-[\w-]+|simulate-[\w-]+|check|explain|top|events|history|inspect|export|download|cat|find|stats|receive-message|get|login|auth|configure|completion|cp|presign|sync|mb|watch|port-forward|proxy|dry-run|render|build|pull|fetch|open|browse|docs|env)$/i;
const MUTATE = /^(deploy|redeploy|rollback|roll-back|rollout|patch|replace|set|set-[\w-]+|update|update-[\w-]+|upsert|upsert-[\w-]+|put|put-[\w-]+|modify-[\w-]+|attach-[\w-]+|detach-[\w-]+|associate-[\w-]+|disassociate-[\w-]+|authorize-[\w-]+|revoke-[\w-]+|add-iam-policy-binding|remove-iam-policy-binding|stop|stop-[\w-]+|reboot|reboot-[\w-]+|restart|restart-[\w-]+|scale|scale-[\w-]+|resize|resize-[\w-]+|cancel|cancel-[\w-]+|refund|send|send-[\w-]+|publish|execute|execute-[\w-]+|run-task|trigger|invoke|promote|transfer|seal|unseal|unset|failover|failover-[\w-]+|restore|restore-[\w-]+|reset|reset-[\w-]+|deallocate|edit|enable-[\w-]+|disable|disable-[\w-]+|rotate|rotate-[\w-]+|recreate|dedupe|migrate|move|rename|change-[\w-]+|swap|swap-[\w-]+|shutdown|suspend|resume|sync-[\w-]+|recycle|rerun|retry)$/i;
const ACTION_NOUNS = /^(charges?|refunds?|payouts?|transfers?|payments?|payment_intents|messages?|calls?|emails?|mail|notifications?|sms|deployments?|rollouts?|releases?|invoices?|broadcasts?|campaigns?|incidents?)$/i;
const WORLD = /(^|[\s=,'"])(0\.0\.0\.0\/0|::\/0)($|[\s,'"])|^\*$/;
const ADMIN = /(^|[/:=\s])(owner|administrator|administratoraccess|poweruseraccess|cluster-admin|roles\/owner|roles\/editor|iamfullaccess|contributor|user access administrator)$/i;

/** Leading subcommands that act on the client itself (its config, plugins, chart caches), not on the service. */
const LOCAL_SCOPE: Record<string, RegExp> = {
  gcloud: /^(config|components)$/,
  kubectl: /^(config|krew|plugin|completion)$/,
  oc: /^(config|plugin|completion)$/,
  az: /^(config|extension|cache)$/,
  helm: /^(repo|dependency|dep|plugin|registry|env|completion|create|package|pull|show|verify)$/,
};

const VERB_FIRST = new Set(['kubectl', 'oc', 'k', 'helm']);

/** Positional words of a CLI call, with `noun:verb` (heroku, stripe, twilio) split into both parts. */
function positionals(inv: Invocation): string[] {
  const out: string[] = [];
  const w = inv.words.slice(1).map((x) => x.text);
  for (let i = 0; i < w.length && out.length < 8; i++) {
    const t = w[i]!;
    if (t === '--') break;
    if (t.startsWith('-')) continue;
    out.push(...t.split(':').filter(Boolean));
  }
  return out;
}

export function remoteCli(inv: Invocation, s: ShellScope): void {
  if (!REMOTE_CLIS.has(inv.name) || isDryRun(inv.words)) return;
  const args = inv.words.slice(1).map((w) => w.text);
  // Previews, and runs against a local emulator or that only build.
  if (args.some((a) => /^(--check|--syntax-check|--list-hosts|--list-tasks|--dry-run=(client|server)|--preview|--diff|--local|--build-only|--emulator)$/.test(a))) return;
  const subject = subjectOf(inv);
  if (args.some((a) => WORLD.test(a)) && positionals(inv).some((p) => MUTATE.test(p) || /^(create|add|allow|authorize[\w-]*|rule|rules)$/i.test(p))) add(s, 'remote.open-network', subject);
  if (args.some((a, k) => ADMIN.test(a) && (k === 0 || /role|policy|member|assignee|acl/i.test(args[k - 1] ?? '') || /role|policy/i.test(a)))) add(s, 'remote.grant-admin', subject);
  if (inv.name === 'ansible') {
    if (args.some((a) => a === '-a' || a === '--args') || args.some((a) => /^-m$/.test(a))) add(s, 'remote.remote-command', subject);
    return;
  }
  if (inv.name === 'ansible-playbook') return add(s, 'remote.change', subject, 'runs a playbook against hosts');
  const pos = positionals(inv);
  if (LOCAL_SCOPE[inv.name]?.test(pos[0] ?? '')) return; // the client's own settings, plugins and caches
  if (pos.some((p) => /^create-access-key$|^create-service-specific-credential$/i.test(p)) || pos.includes('keys') && pos.includes('create')) return add(s, 'remote.credentials', subject);
  if (inv.name === 'heroku' && pos[0] === 'run') {
    const k = inv.words.findIndex((w) => w.text === 'run');
    const rest = inv.words.slice(k + 1).filter((w, i, all) => !(/^-(a|-app|r|-remote|s|-size|e|-env)$/.test(w.text) || /^-(a|-app|r|-remote|s|-size|e|-env)$/.test(all[i - 1]?.text ?? '')));
    if (rest.length) s.nested.push({ lang: 'sh', source: rest.map((w) => w.text).join(' '), via: 'heroku run', remote: 'heroku' });
    return;
  }
  if (args.some((a) => /^--(alter|execute|force-apply)$/.test(a))) return add(s, 'remote.change', subject, args.find((a) => /^--(alter|execute|force-apply)$/.test(a)));
  // Many CLIs put the verb after its noun (`velero restore get`): a read verb anywhere makes it a read.
  if (pos.slice(0, 4).some((p) => READ.test(p))) return;
  // kubectl and helm put the verb first; a later `deploy` or `rollout` is a resource kind or a name.
  const verbs = VERB_FIRST.has(inv.name) ? pos.slice(0, 1) : pos;
  for (let k = 0; k < verbs.length; k++) {
    const p = verbs[k]!;
    if (/^create$/i.test(p) || /^(new|add)$/i.test(p)) {
      if (pos.slice(0, k).some((n) => ACTION_NOUNS.test(n)) || pos.slice(0, k).some((n) => /^(deployment|assignment)$/i.test(n))) return add(s, 'remote.act', subject, pos.slice(0, k + 1).join(' '));
      return;
    }
    if (MUTATE.test(p)) return add(s, 'remote.change', subject, p);
  }
}
