/** Network: HTTP deletes, uploads of secrets, reverse shells, raw sockets. */
import type { Command, Word } from '../../shell/ast.js';
import { containsSecrets, isSecretPath, zoneOf } from '../paths.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { resolvePath } from '../shell/words.js';

definePack('network', {
  'net.http.delete': { category: 'REQUIRES_APPROVAL', reason: 'Sends an HTTP DELETE (or a delete-by-query / doDelete endpoint), removing a remote resource' },
  'net.http.write': { category: 'REQUIRES_APPROVAL', reason: 'Calls a remote endpoint that acts on the world: sends a message, moves money, pages someone, deploys or triggers a job' },
  'net.http.cluster-settings': { category: 'REQUIRES_APPROVAL', reason: 'Changes the cluster-wide settings of a search cluster (Elasticsearch/OpenSearch _cluster/settings): one request reconfigures every node, safety switches included' },
  'net.upload': { category: 'REQUIRES_APPROVAL', reason: 'Uploads a local file from outside the project to another host' },
  'net.exfil.env': { category: 'BLOCKED', reason: 'Sends the environment (which holds API keys and tokens) to another host' },
  'net.send-mail': { category: 'REQUIRES_APPROVAL', reason: 'Sends email' },
  'net.exfil.secret': { category: 'BLOCKED', reason: 'Sends a secret file (keys, .env, credentials) to another host' },
  'net.reverse-shell': { category: 'BLOCKED', reason: 'Connects a shell to a network socket (reverse shell)' },
  'net.listen-shell': { category: 'BLOCKED', reason: 'Serves a shell or executes commands received over the network' },
});

/** Endpoints whose name says they destroy, whatever the method. */
const DESTRUCTIVE_PATH = /(_delete_by_query|\/doDelete\b|[/_-](delete|delete-batch|purge|purge_cache|purge-cache|clear|flush|truncate|wipe|destroy|drop)(\b|\/|$))/i;
/**
 * Endpoints whose name says the request acts on the world — sends a message, moves money, pages someone,
 * deploys or triggers a job — as opposed to an ordinary API write.
 */
const ACTING_ENDPOINT = /(hooks\.slack\.com|discord(app)?\.com\/api\/webhooks|outlook\.office\.com\/webhook|[/.](messages?|mail|send|sendmail|sms|notify|notifications?|charges?|refunds?|payments?|payment_intents|payouts?|transfers?|invoices?|enqueue|incidents|alerts|deploy|deployments|dispatches|builds?|trigger|publish|broadcasts?|campaigns?)(\.json)?(\/|$|\?))/i;
const CLUSTER_SETTINGS = /\/_cluster\/settings\/?$/i;
const LOOPBACK = /^(https?:\/\/)?(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|host\.docker\.internal)([:/]|$)/i;

export function httpClient(inv: Invocation, s: ShellScope): void {
  const w = inv.words;
  const subject = subjectOf(inv);
  let method = '';
  const uploads: string[] = [];
  let urls: string[] = [];
  for (let i = 1; i < w.length; i++) {
    const t = w[i]!.text;
    const next = w[i + 1]?.text ?? '';
    if (t === '-X' || t === '--request' || t === '--method') { method = next; i++; continue; }
    if (/^-X[A-Za-z]+$/.test(t)) { method = t.slice(2); continue; }
    if (/^--(request|method)=/.test(t)) { method = t.slice(t.indexOf('=') + 1); continue; }
    if (/^(-d|--data|--data-binary|--data-raw|--data-urlencode|--json|-F|--form|-T|--upload-file|--post-file|--body-file|--form-string)$/.test(t)) { uploads.push(/^(-T|--upload-file|--post-file|--body-file)$/.test(t) ? `@${next}` : next); i++; continue; }
    if (/^-d./.test(t)) { uploads.push(t.slice(2)); continue; }
    if (/^--(post-file|body-file|upload-file)=/.test(t)) { uploads.push(`@${t.slice(t.indexOf('=') + 1)}`); continue; }
    if (/^--(data-binary|data|json|data-urlencode|form)=/.test(t)) { uploads.push(t.slice(t.indexOf('=') + 1)); continue; }
    if (/^https?:\/\//i.test(t) || /^[\w.-]+:\d+\//.test(t) || /^(localhost|[\w-]+\.[\w.-]+)(:\d+)?\/\S*$/.test(t)) urls.push(t);
    if (/^(-u|--user|-H|--header|-A|--user-agent|-e|--referer|-o|--output|-b|--cookie|-c|--cookie-jar|--connect-timeout|-m|--max-time|--retry|-w|--write-out|--cacert|--cert|--key|-x|--proxy)$/.test(t)) i++;
  }
  if (inv.name === 'http' || inv.name === 'https' || inv.name === 'xh') {
    const m = w.slice(1).find((x) => /^(DELETE|GET|POST|PUT|PATCH)$/.test(x.text));
    if (m) method = m.text;
  }
  recordDownloads(inv, s, urls);
  const paths = urls.map((u) => u.replace(/[?#].*$/, ''));
  const writes = /^(post|put|patch)$/i.test(method) || !method && uploads.length > 0;
  if (/^delete$/i.test(method) || (writes || /^get$/i.test(method) === false && method) && paths.some((p) => DESTRUCTIVE_PATH.test(p.replace(/^\w+:\/\/[^/]*/, '')))) add(s, 'net.http.delete', subject, method || undefined);
  else if (writes && urls.some((u) => !LOOPBACK.test(u) && ACTING_ENDPOINT.test(u))) add(s, 'net.http.write', subject, method || 'POST');
  // Any host: a port-forwarded production cluster answers on localhost too.
  if ((writes || /^delete$/i.test(method)) && paths.some((p) => CLUSTER_SETTINGS.test(p))) add(s, 'net.http.cluster-settings', subject, method || 'POST');
  for (const u of uploads) {
    const m = /^(?:[^=@<]*=)?[@<](.+)$/.exec(u) ?? (/^[./~]/.test(u) ? [u, u] : null);
    if (!m || m[1] === '-') continue;
    const r = resolvePath({ text: m[1]!.split(';')[0]!, quoted: true, dynamic: false, glob: false, subs: [] }, { ctx: s.ctx, vars: inv.vars });
    if (r.kind !== 'path') continue;
    if (isSecretPath(r.abs, s.ctx) || containsSecrets(r.abs, s.ctx)) add(s, 'net.exfil.secret', subject, r.abs);
    else if (!['project', 'temp'].includes(zoneOf(r.abs, s.ctx)) && urls.some((x) => !LOOPBACK.test(x))) add(s, 'net.upload', subject, r.abs);
  }
}

/** Where a fetch writes its download: -o/--output/-O (curl), -O/--output-document (wget), or `> file`. */
function recordDownloads(inv: Invocation, s: ShellScope, urls: string[]): void {
  const w = inv.words.map((x) => x.text);
  const out: string[] = [];
  for (let i = 1; i < w.length; i++) {
    if (/^(-o|--output|--output-document)$/.test(w[i]!) || inv.name === 'wget' && w[i] === '-O') out.push(w[i + 1] ?? '');
    else if (/^--(output|output-document)=/.test(w[i]!)) out.push(w[i]!.slice(w[i]!.indexOf('=') + 1));
    else if (inv.name === 'curl' && /^-[a-zA-Z]*O$/.test(w[i]!) || inv.name === 'wget' && !w.some((x) => /^-(O|o)$/.test(x)) && i === w.length - 1) out.push(...urls.map((u) => u.replace(/[?#].*$/, '').split('/').pop() ?? ''));
  }
  for (const r of inv.command.redirects) if (/^>/.test(r.op) && r.target) out.push(r.target.text);
  for (const f of out.filter((x) => x && x !== '-')) {
    const p = resolvePath({ text: f, quoted: true, dynamic: false, glob: false, subs: [] }, { ctx: s.ctx, vars: inv.vars });
    if (p.kind === 'path') (s.downloaded ??= new Set()).add(p.abs);
  }
}

/** True when the word names a file this command line downloaded earlier. */
export function isDownloaded(text: string, inv: Invocation, s: ShellScope): boolean {
  if (!s.downloaded?.size) return false;
  const p = resolvePath({ text, quoted: true, dynamic: false, glob: false, subs: [] }, { ctx: s.ctx, vars: inv.vars });
  return p.kind === 'path' && s.downloaded.has(p.abs);
}

const SENDERS = /^(curl|wget|nc|ncat|netcat|socat|http|https|xh|scp|ssh|telnet|openssl)$/;
const ENV_DUMPERS = /^(env|printenv|set|export|declare)$/;

/** `env | curl …`, `printenv | nc …`, `curl -d "$(env)" …`: the environment sent over the network. */
export function envExfil(inv: Invocation, s: ShellScope): void {
  if (!SENDERS.test(inv.name)) return;
  const name = (c: Command) => (c.words[0]?.text ?? '').replace(/^.*\//, '');
  const piped = inv.pipeline.commands.slice(0, inv.index).some((c) => ENV_DUMPERS.test(name(c)));
  // A substitution that prints one variable (`$(printenv HOME)`) is not the environment.
  const captured = inv.words.slice(1).some((w) => w.subs.some((sub) => sub.pipelines.some((p) => p.commands.some((c) => c.words.length === 1 && ENV_DUMPERS.test(name(c))))));
  if (piped || captured) add(s, 'net.exfil.env', subjectOf(inv));
}

export function sendmail(inv: Invocation, s: ShellScope): void {
  if (!inv.words.some((w) => /^(-bv|-bt|-bp|--help|-V)$/.test(w.text))) add(s, 'net.send-mail', subjectOf(inv));
}

export function netcat(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (t.some((x) => /^-[a-zA-Z]*[ec]$/.test(x) || x === '--exec' || x === '--sh-exec' || x === '--lua-exec')) add(s, 'net.reverse-shell', subjectOf(inv));
}

export function socat(inv: Invocation, s: ShellScope): void {
  if (inv.words.slice(1).some((w) => /^(exec|system):/i.test(w.text) && /(sh|bash|zsh|python|perl)/.test(w.text))) add(s, 'net.reverse-shell', subjectOf(inv));
}

/** Refuses `w` as an upload when it is a secret file or a directory holding secrets. */
function secretSource(w: Word, inv: Invocation, s: ShellScope): void {
  const r = resolvePath(w, { ctx: s.ctx, vars: inv.vars });
  if (r.kind === 'path' && (isSecretPath(r.abs, s.ctx) || containsSecrets(r.abs, s.ctx))) add(s, 'net.exfil.secret', subjectOf(inv), r.abs);
}

/** scp/rsync/sftp and the cloud copies below: a secret as a source sent to a remote destination. */
export function transfer(inv: Invocation, s: ShellScope): void {
  const pos = inv.words.slice(1).filter((w) => !w.text.startsWith('-'));
  if (pos.length < 2) return;
  const dest = pos[pos.length - 1]!.text;
  if (!/^[^/]*:/.test(dest) && !/^\w+:\/\//.test(dest)) return;
  for (const src of pos.slice(0, -1)) secretSource(src, inv, s);
}

/** Cloud and sync CLIs that copy local paths to a remote store: `aws s3 cp`, `gsutil cp`, `rclone copy`, `gh gist create`. */
const UPLOADERS: Record<string, (pos: string[]) => boolean> = {
  aws: (p) => p[0] === 's3' && /^(cp|sync|mv)$/.test(p[1] ?? ''),
  gsutil: (p) => /^(cp|rsync|mv)$/.test(p[0] ?? ''),
  gcloud: (p) => p[0] === 'storage' && /^(cp|rsync|mv)$/.test(p[1] ?? ''),
  rclone: (p) => /^(copy|copyto|sync|move|moveto)$/.test(p[0] ?? ''),
  az: (p) => p[0] === 'storage' && p.includes('upload') || p.includes('upload-batch'),
  gh: (p) => p[0] === 'gist' && p[1] === 'create' || p[0] === 'release' && p[1] === 'upload',
  azcopy: (p) => /^(copy|cp|sync)$/.test(p[0] ?? ''),
  s3cmd: (p) => /^(put|sync|cp)$/.test(p[0] ?? ''),
};
/** Uploaders whose destination is implied (a gist, a release, `-c container`), not a `remote:` word. */
const IMPLIED_DESTINATION = new Set(['gh', 'az']);

/** Uploading a secret file, or a directory holding secrets, with a cloud or sync CLI. */
export function cloudUpload(inv: Invocation, s: ShellScope): void {
  const words = inv.words.slice(1).filter((w) => !w.text.startsWith('-'));
  if (!UPLOADERS[inv.name]?.(words.map((w) => w.text))) return;
  if (IMPLIED_DESTINATION.has(inv.name)) for (const w of words) secretSource(w, inv, s);
  else transfer(inv, s); // a copy whose destination is local is a download: transfer skips it
}

/** `>& /dev/tcp/host/port` and friends. */
export function devTcp(target: string, s: ShellScope, subject: string): void {
  if (/^\/dev\/(tcp|udp)\//.test(target)) add(s, 'net.reverse-shell', subject, target);
}
