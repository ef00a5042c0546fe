/** Network: HTTP deletes, uploads of secrets, reverse shells, raw sockets. */
import { isSecretPath } from '../paths.js';
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { resolvePath } from '../shell/words.js';

definePack('network', {
  'net.http.delete': { category: 'REQUIRES_APPROVAL', reason: 'Sends an HTTP DELETE (or a delete-by-query / doDelete endpoint), removing a remote resource' },
  'net.exfil.secret': { category: 'BLOCKED', reason: 'Sends a secret file (keys, .env, credentials) to another host' },
  'net.reverse-shell': { category: 'BLOCKED', reason: 'Connects a shell to a network socket (reverse shell)' },
  'net.listen-shell': { category: 'BLOCKED', reason: 'Serves a shell or executes commands received over the network' },
});

const DELETE_PATH = /(_delete_by_query|\/doDelete\b|\/_flush\b|\/_all\b.*$)/i;

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
    if (/^(-d|--data|--data-binary|--data-raw|--data-urlencode|--json|-F|--form|-T|--upload-file|--post-file|--body-file)$/.test(t)) { uploads.push(next); i++; continue; }
    if (/^--(post-file|body-file|upload-file|data-binary|data|json)=/.test(t)) { uploads.push(t.slice(t.indexOf('=') + 1)); continue; }
    if (/^https?:\/\//i.test(t) || /^[\w.-]+:\d+\//.test(t)) urls.push(t);
  }
  if (inv.name === 'http' || inv.name === 'https' || inv.name === 'xh') {
    const m = w.slice(1).find((x) => /^(DELETE|GET|POST|PUT|PATCH)$/.test(x.text));
    if (m) method = m.text;
  }
  if (/^delete$/i.test(method) || urls.some((u) => DELETE_PATH.test(u.replace(/[?#].*$/, '')) && /_delete_by_query|doDelete/.test(u))) add(s, 'net.http.delete', subject, method || undefined);
  for (const u of uploads) {
    const file = u.replace(/^[^=@<]*=/, '').replace(/^[@<]/, '');
    if (!u.includes('@') && !u.startsWith('<') && !/^(-T|--upload-file)$/.test('') && !/^[./~]/.test(u)) continue;
    const r = resolvePath({ text: file.split(';')[0]!, quoted: true, dynamic: false, glob: false, subs: [] }, { ctx: s.ctx, vars: inv.vars });
    if (r.kind === 'path' && isSecretPath(r.abs, s.ctx)) add(s, 'net.exfil.secret', subject, r.abs);
  }
  urls = [];
}

export function netcat(inv: Invocation, s: ShellScope): void {
  const t = inv.words.slice(1).map((w) => w.text);
  if (t.some((x) => /^-[a-zA-Z]*[ec]$/.test(x) || x === '--exec' || x === '--sh-exec' || x === '--lua-exec')) add(s, 'net.reverse-shell', subjectOf(inv));
}

export function socat(inv: Invocation, s: ShellScope): void {
  if (inv.words.slice(1).some((w) => /^(exec|system):/i.test(w.text) && /(sh|bash|zsh|python|perl)/.test(w.text))) add(s, 'net.reverse-shell', subjectOf(inv));
}

/** scp/rsync/sftp/rclone: a secret as a source sent to a remote destination. */
export function transfer(inv: Invocation, s: ShellScope): void {
  const pos = inv.words.slice(1).filter((w) => !w.text.startsWith('-'));
  if (pos.length < 2) return;
  const dest = pos[pos.length - 1]!.text;
  if (!/^[^/]*:/.test(dest) && !/^\w+:\/\//.test(dest)) return;
  for (const src of pos.slice(0, -1)) {
    const r = resolvePath(src, { ctx: s.ctx, vars: inv.vars });
    if (r.kind === 'path' && isSecretPath(r.abs, s.ctx)) add(s, 'net.exfil.secret', subjectOf(inv), r.abs);
  }
}

/** `>& /dev/tcp/host/port` and friends. */
export function devTcp(target: string, s: ShellScope, subject: string): void {
  if (/^\/dev\/(tcp|udp)\//.test(target)) add(s, 'net.reverse-shell', subject, target);
}
