/** Infrastructure and remote data: deploys, destroys, deletes across cloud, cluster and SaaS CLIs. */
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { zoneOf } from '../paths.js';
import { isDryRun } from '../shell/words.js';

definePack('cloud', {
  'infra.destroy': { category: 'REQUIRES_APPROVAL', reason: 'Destroys infrastructure managed by this tool (terraform/pulumi/cdk destroy)' },
  'infra.apply': { category: 'REQUIRES_APPROVAL', reason: 'Applies infrastructure changes without a reviewed plan' },
  'infra.deploy': { category: 'REQUIRES_APPROVAL', reason: 'Deploys or rolls back a running service' },
  'k8s.delete': { category: 'REQUIRES_APPROVAL', reason: 'Deletes, drains or force-replaces Kubernetes resources' },
  'sync.delete': { category: 'REQUIRES_APPROVAL', reason: 'Synchronises by deleting destination files that are not in the source (or removes the source)' },
  'docker.volumes': { category: 'REQUIRES_APPROVAL', reason: 'Removes containers together with their data volumes' },
  'docker.host-mount': { category: 'REQUIRES_APPROVAL', reason: 'Runs a container with the host root filesystem or full privileges' },
  'docker.swarm': { category: 'REQUIRES_APPROVAL', reason: 'Forces this node out of its swarm (or rebuilds the swarm from it): a manager leaving can cost the cluster its quorum' },
  'generic.destructive': { category: 'REQUIRES_APPROVAL', reason: 'Runs a destructive subcommand (delete, destroy, purge, prune, remove…)' },
  'generic.unsafe': { category: 'REQUIRES_APPROVAL', reason: "Turns off the tool's own safety checks (--safety=none, --unsafe, --accept-data-loss …), the ones that exist to stop data loss" },
});

export function terraform(inv: Invocation, s: ShellScope): boolean {
  const t = inv.words.slice(1).map((w) => w.text).filter((x) => !/^-chdir=/.test(x));
  const sub = t.find((x) => !x.startsWith('-'));
  const subject = subjectOf(inv);
  if (sub === 'plan' || sub === 'show' || sub === 'validate' || sub === 'fmt') return true; // previews
  if (sub === 'destroy' || t.includes('-destroy') || t.includes('--destroy') || sub === 'run-all' && t.includes('destroy')) { add(s, 'infra.destroy', subject); return true; }
  if ((sub === 'apply' || sub === 'run-all' && t.includes('apply')) && !t.some((x) => x.endsWith('.tfplan') || x.endsWith('.plan'))) { add(s, 'infra.apply', subject); return true; }
  if (sub === 'state' && /^(rm|push|replace-provider)$/.test(t[t.indexOf('state') + 1] ?? '')) { add(s, 'infra.destroy', subject); return true; }
  if (sub === 'workspace' && t.includes('delete') || sub === 'force-unlock' || sub === 'taint') { add(s, 'infra.apply', subject); return true; }
  return true;
}

export function pulumi(inv: Invocation, s: ShellScope): boolean {
  const t = inv.words.slice(1).map((w) => w.text);
  const sub = t.find((x) => !x.startsWith('-'));
  if (sub === 'destroy' || sub === 'stack' && t.includes('rm') || sub === 'state' && (t.includes('delete') || t.includes('rm'))) add(s, 'infra.destroy', subjectOf(inv));
  else if ((sub === 'up' || sub === 'update') && !t.includes('--preview-only')) add(s, 'infra.apply', subjectOf(inv));
  return true;
}

const DEPLOY: Record<string, RegExp> = {
  cdk: /^(deploy|destroy)$/,
  sam: /^(deploy|delete)$/,
  serverless: /^(deploy|remove)$/,
  sls: /^(deploy|remove)$/,
  fly: /^(deploy|destroy)$/,
  flyctl: /^(deploy|destroy)$/,
  firebase: /^(deploy|hosting:disable|firestore:delete|database:remove|functions:delete)$/,
  vercel: /^(deploy|--prod|remove|rm|promote|rollback)$/,
  netlify: /^(deploy|sites:delete)$/,
  heroku: /^(apps:destroy|pg:reset|releases:rollback|rollback|destroy|addons:destroy)$/,
  eb: /^(deploy|terminate)$/,
  wrangler: /^(deploy|publish|delete)$/,
  railway: /^(up|down|delete)$/,
  kamal: /^(deploy|rollback|remove)$/,
};

export function deployCli(inv: Invocation, s: ShellScope): boolean {
  const re = DEPLOY[inv.name];
  if (!re) return false;
  const t = inv.words.slice(1).map((w) => w.text);
  const hitWord = t.find((x) => re.test(x));
  if (hitWord && !isDryRun(inv.words) && !t.some((x) => /^--(build-only|local)$/.test(x))) add(s, /destroy|delete|remove|rm|terminate|reset|down/.test(hitWord) ? 'infra.destroy' : 'infra.deploy', subjectOf(inv));
  return true;
}

/** The first positional word, skipping global options and their values. */
function subcommand(t: string[], valued: RegExp): string | undefined {
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (!x.startsWith('-')) return x;
    if (valued.test(x) && !x.includes('=')) i++;
  }
  return undefined;
}
const KUBE_VALUED = /^(-n|--namespace|--context|--kubeconfig|--cluster|--user|-s|--server|--token|--as|--as-group|--certificate-authority|--client-certificate|--client-key|--request-timeout|--tls-server-name|-v|--v|--cache-dir)$/;

const HOST_ACCESS = /"privileged"\s*:\s*true|"host(PID|Network|IPC)"\s*:\s*true|"hostPath"\s*:|^--privileged(=true)?$|^--profile=(sysadmin|netadmin)$/;

export function kubectl(inv: Invocation, s: ShellScope): boolean {
  const t = inv.words.slice(1).map((w) => w.text);
  if (isDryRun(inv.words)) return true;
  const sub = subcommand(t, KUBE_VALUED);
  if (/^(delete|drain|cordon|taint)$/.test(sub ?? '') || sub === 'replace' && t.includes('--force') || sub === 'apply' && t.some((x) => x.startsWith('--prune')) || sub === 'scale' && t.some((x) => /--replicas=0$/.test(x))) add(s, 'k8s.delete', subjectOf(inv));
  else if (sub === 'rollout' && t.includes('undo')) add(s, 'infra.deploy', subjectOf(inv));
  // apply/replace/kustomize write manifests into the live cluster: what runs there changes now.
  else if (sub === 'apply' || sub === 'replace') add(s, 'infra.deploy', subjectOf(inv), sub);
  // A pod given the node's privileges, or a debug shell on a node: root on that host.
  if ((sub === 'run' || sub === 'debug') && t.some((x) => HOST_ACCESS.test(x)) || sub === 'debug' && t.some((x) => /^(node\/|nodes\/)/.test(x))) add(s, 'docker.host-mount', subjectOf(inv), sub);
  return true;
}

export function helm(inv: Invocation, s: ShellScope): boolean {
  const sub = subcommand(inv.words.slice(1).map((w) => w.text), KUBE_VALUED);
  if (sub === 'uninstall' || sub === 'delete' || sub === 'del' || sub === 'un') add(s, 'k8s.delete', subjectOf(inv));
  else if (sub === 'rollback' || (sub === 'install' || sub === 'upgrade') && !isDryRun(inv.words)) add(s, 'infra.deploy', subjectOf(inv), sub);
  return true;
}

export function docker(inv: Invocation, s: ShellScope): boolean {
  const t = inv.words.slice(1).map((w) => w.text);
  const subject = subjectOf(inv);
  if (t.includes('compose') || inv.name === 'docker-compose') {
    if (t.includes('down') && t.some((x) => x === '-v' || x === '--volumes')) add(s, 'docker.volumes', subject);
    if (t.includes('rm') && t.some((x) => x === '-v')) add(s, 'docker.volumes', subject);
    return false;
  }
  if (t[0] === 'run' || t[0] === 'create' || t[0] === 'container' && t[1] === 'run') {
    const mounts = t.flatMap((x, k) => (x === '-v' || x === '--volume' || x === '--mount' ? [t[k + 1] ?? ''] : /^(--volume|--mount)=/.test(x) ? [x.slice(x.indexOf('=') + 1)] : []));
    const critical = mounts.some((m) => {
      const src = (/(?:^|,)(?:source|src)=([^,]+)/.exec(m)?.[1] ?? m.split(':')[0] ?? '').replace(/^\$\{?HOME\}?|^~/, s.ctx.home);
      return src.startsWith('/') && ['root', 'system', 'home', 'home-child', 'state'].includes(zoneOf(src.replace(/\/+$/, '') || '/', s.ctx));
    });
    if (t.includes('--privileged') || critical) add(s, 'docker.host-mount', subject);
    return true;
  }
  if ((t[0] === 'build' || t[0] === 'buildx' || t[0] === 'image') && t.includes('--push')) add(s, 'publish.package', subject);
  if (t[0] === 'swarm' && (t[1] === 'leave' && t.some((x) => x === '-f' || x === '--force') || t[1] === 'init' && t.includes('--force-new-cluster'))) add(s, 'docker.swarm', subject);
  return false;
}

/** rsync/rclone/aws s3 sync: deleting on the destination (or moving away the source). */
export function syncTool(inv: Invocation, s: ShellScope): boolean {
  const t = inv.words.slice(1).map((w) => w.text);
  const dry = isDryRun(inv.words) || inv.name === 'rsync' && t.some((x) => /^-[a-zA-Z]*n[a-zA-Z]*$/.test(x));
  if (dry) return true;
  const subject = subjectOf(inv);
  if (inv.name === 'rsync') {
    if (t.some((x) => /^--(del|delete(-\w+)?|remove-source-files)$/.test(x))) add(s, 'sync.delete', subject);
    return true;
  }
  if (inv.name === 'gsutil') {
    if (t.includes('rsync') && t.some((x) => /^-[a-zA-Z]*d[a-zA-Z]*$/.test(x)) && !t.some((x) => /^-[a-zA-Z]*n[a-zA-Z]*$/.test(x))) add(s, 'sync.delete', subject);
    return false;
  }
  if (inv.name === 'rclone') {
    const sub = t.find((x) => !x.startsWith('-'));
    if (sub === 'sync' || sub === 'move' || sub === 'moveto' || t.some((x) => /^--delete/.test(x))) add(s, 'sync.delete', subject);
    return false; // rclone delete/purge/rmdir fall through to the generic verbs
  }
  return false;
}

const VERB = /^(delete|destroy|remove|purge)[\w-]*$|^(drop|prune|forget|rm|rmdir|rmdirs|dedupe|recreate|rb|rmi|del|erase|wipe|truncate|terminate|revoke|disable|unregister|deregister|unsubscribe|uninstall|cleanup|compact|flush|flushall|flushdb|archive|reset|rdelete|nuke|evict|expunge|shred|zap|drain|clear|kill-?all)([-_:][\w-]*)?$/i;
const VERB_CLEAR = /^clear$/i;
/** Verbs strong enough to count anywhere in a hyphenated name (`repo-delete`, `kafka-delete-records`). */
const STRONG_PART = /(^|[-_])(delete|deletion|destroy|purge|wipe|erase|truncate|terminate|drop|removal)([-_]|$)/i;
const FLAG = /^--(delete|del|remove|purge|prune|destroy|drop|wipe|truncate|force-delete|delete-[\w-]+|remove-[\w-]+|drop-[\w-]+|purge-[\w-]+|force-delete-[\w-]+)(=.*)?$/i;
const IDENT = /^[a-z][a-z0-9]*([_:.-][a-z0-9]+)*$/i;
/** A short prefix glued to a destructive verb: LVM's lvremove/vgremove/pvremove and their like. */
const GLUED_VERB = /^[a-z]{2,3}(remove|delete|destroy|purge|wipe)$/;
/** Flags whose whole point is to switch off a tool's guard against data loss. */
const UNSAFE_FLAG = /^--(safety|safe-mode|safeguards?|safety-checks?)=(none|off|false|0|no|disabled?)$|^--no-(safety|safety-checks?|safeguards?|safe-mode)$|^--(unsafe|skip-safety-checks?|disable-safety(-checks?)?|i-know-what-i-am-doing|i-know-what-im-doing|yes-i-really-mean-it|yes-i-really-really-mean-it|really-delete|allow-data-loss|accept-data-loss)$/i;
/** CLIs whose delete is a mode flag rather than a subcommand (tar-style: `tarsnap -d -f archive`). */
const DELETE_MODE: Record<string, RegExp> = {
  tarsnap: /^(-[a-zA-Z]*d[a-zA-Z]*|--nuke|--fsck-prune)$/,
};

/**
 * For any CLI without a dedicated rule: a destructive verb among its leading subcommand words
 * (`aws s3 rb`, `vault kv destroy`, `gh repo delete`, `nats stream purge`) or a destructive flag
 * (`--delete`, `--remove-source-files`). Dry runs and help are exempt.
 */
export function genericVerbs(inv: Invocation, s: ShellScope): void {
  if (isDryRun(inv.words)) return;
  const unsafe = inv.words.find((w) => UNSAFE_FLAG.test(w.text));
  if (unsafe) add(s, 'generic.unsafe', subjectOf(inv), unsafe.text);
  const mode = DELETE_MODE[inv.name];
  const deletes = mode && inv.words.slice(1).find((w) => mode.test(w.text));
  if (deletes) return add(s, 'generic.destructive', subjectOf(inv), deletes.text);
  let seen = 0;
  const rest = inv.words.slice(1);
  for (let i = 0; i < rest.length && seen < 4; i++) {
    const w = rest[i]!;
    const t = w.text;
    if (t.startsWith('-')) {
      if (FLAG.test(t)) return add(s, 'generic.destructive', subjectOf(inv), t);
      continue;
    }
    seen++;
    if (w.quoted || !IDENT.test(t)) continue;
    if (VERB.test(t) && !VERB_CLEAR.test(t) || STRONG_PART.test(t)) return add(s, 'generic.destructive', subjectOf(inv), t);
  }
  if (STRONG_PART.test(inv.name) && IDENT.test(inv.name) || GLUED_VERB.test(inv.name)) return add(s, 'generic.destructive', subjectOf(inv), inv.name);
  for (const w of rest.slice(0)) if (w.text.startsWith('--') && FLAG.test(w.text)) return add(s, 'generic.destructive', subjectOf(inv), w.text);
}
