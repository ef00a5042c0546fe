/**
 * The shell analysis driver: parse → for every simple command, unwrap wrappers → run the rule packs
 * → analyse the nested scripts they found (bash -c bodies, heredocs, inline code) the same way.
 */
import { allPipelines, type Command, type Pipeline, type Word } from '../../shell/ast.js';
import { parseShell } from '../../shell/parse.js';
import { matchCustomRules } from '../policy-file.js';
import { definePack } from '../rules.js';
import { ciTrigger } from '../packs/cicd.js';
import * as cloud from '../packs/cloud.js';
import { analyzeCode } from '../packs/code.js';
import * as db from '../packs/database.js';
import * as fs from '../packs/filesystem.js';
import { git } from '../packs/git.js';
import * as interp from '../packs/interpreters.js';
import * as net from '../packs/network.js';
import { orchestrator, stateRedirect } from '../packs/orchestrator.js';
import { publish, PUBLISHERS } from '../packs/publishing.js';
import { remoteCli } from '../packs/remote.js';
import { isReadOnly } from '../packs/readonly.js';
import * as secrets from '../packs/secrets.js';
import * as sys from '../packs/system.js';
import { commandName, unwrap, type Invocation } from './invocation.js';
import { expandBraces, resolveCommandWord } from './expand.js';
import { add, clip, type NestedScript, type ShellScope } from './scope.js';
import { isHelpOnly, resolvePath } from './words.js';

definePack('shell', {
  'shell.too-deep': { category: 'REQUIRES_APPROVAL', reason: 'Commands nest too deeply (shells within shells) to analyse safely' },
  'shell.too-large': { category: 'BLOCKED', reason: 'The command is too large to analyse safely; split it into smaller steps' },
  'shell.unparsed': { category: 'REQUIRES_APPROVAL', reason: 'The command could not be analysed' },
  'shell.dynamic-command': { category: 'REQUIRES_APPROVAL', reason: 'The command to run is only known at run time (a variable or command substitution), so it cannot be checked' },
});

const MAX_DEPTH = 6;
export const MAX_COMMAND_BYTES = 1_000_000;

/** Commands whose arguments are data (printed, searched, compared), never executed or deleted. */
const DATA_COMMANDS = new Set([
  'echo', 'printf', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'awk', 'gawk', 'cat', 'head', 'tail', 'less',
  'more', 'wc', 'sort', 'uniq', 'cut', 'tr', 'tee', 'base64', 'md5sum', 'sha256sum', 'sha1sum', 'jq', 'yq', 'diff',
  'cmp', 'man', 'which', 'type', 'whereis', 'hash', 'file', 'stat', 'ls', 'pwd', 'date', 'sleep', 'true', 'false',
  'test', '[', 'basename', 'dirname', 'realpath', 'readlink', 'touch', 'mkdir', 'cd', 'export', 'local', 'declare',
  'readonly', 'set', 'unset', 'alias', 'read', 'column', 'nl', 'fold', 'printenv', 'tput', 'notify-send', 'say',
  'logger', 'wall', 'git', 'rm', 'rmdir', 'cp', 'mv', 'ln', 'install', 'chmod', 'chown', 'chgrp', 'find', 'srm',
  'npm', 'pnpm', 'yarn', 'bun', 'pip', 'pip3', 'uv', 'poetry', 'cargo', 'go', 'gem', 'bundle', 'composer', 'dotnet',
  'conda', 'mamba', 'pipx', 'deno', 'rustup', 'nvm', 'volta', 'asdf', 'mise', 'bd',
]);

export async function analyzeShell(source: string, s: ShellScope): Promise<void> {
  if (source.length > MAX_COMMAND_BYTES) return add(s, 'shell.too-large', `${source.length} bytes`);
  const script = await parseShell(source);
  s.trail.push({ step: 'parse', detail: `${s.depth ? `nested (depth ${s.depth}) ` : ''}${script.parser}${script.hadErrors ? ' with syntax errors (also read leniently)' : ''}: ${script.pipelines.length} pipeline(s)` });
  const vars = new Map<string, string>();
  let previous: Command | null = null;
  for (const p of allPipelines(script)) {
    for (let i = 0; i < p.commands.length; i++) {
      let cmd = p.commands[i]!;
      if (cmd.compound) { s.readOnly = false; checkRedirects(cmd, null, vars, s); continue; } // `while …; done < .env`
      // A "command" that starts with a flag is the continuation of the previous line (`git reset\n--hard`).
      if (previous && i === 0 && cmd.words[0] && !cmd.words[0].quoted && /^-/.test(cmd.words[0].text)) {
        cmd = { ...cmd, words: [...previous.words, ...cmd.words] };
      }
      analyzeCommand(cmd, p, i, vars, s);
      if (!cmd.words.length) {
        for (const a of cmd.assignments) vars.set(a.name, tildeValue(a.value.text, s));
        sys.historyOff(cmd.assignments.map((a) => `${a.name}=${a.value.text}`), s);
      }
      const dir = cdTarget(cmd, vars, s);
      if (dir) s.ctx = { ...s.ctx, cwd: dir };
      previous = cmd.words.length ? cmd : previous;
    }
  }
  sys.forkBombs(script.functions, s);
  await analyzeNested(s);
}

/** `cd DIR` / `pushd DIR` move where later relative paths point (failure of cd is not assumed). */
function cdTarget(cmd: Command, vars: Map<string, string>, s: ShellScope): string | null {
  const name = cmd.words[0] ? commandName(cmd.words[0].text) : '';
  if (name !== 'cd' && name !== 'pushd') return null;
  const arg = cmd.words.slice(1).find((w) => !w.text.startsWith('-'));
  const target = arg ? resolvePath(arg, { ctx: s.ctx, vars }) : { kind: 'path' as const, abs: s.ctx.home, glob: false };
  return target.kind === 'path' && !target.glob ? target.abs : null;
}

/** Assignment values get tilde expansion (`x=~/build`). */
function tildeValue(v: string, s: ShellScope): string {
  return v === '~' || v.startsWith('~/') ? s.ctx.home + v.slice(1) : v;
}

async function analyzeNested(s: ShellScope): Promise<void> {
  const queue: NestedScript[] = s.nested.splice(0);
  for (const n of queue) {
    const child: ShellScope = { ...s, nested: [], depth: s.depth + 1, remote: n.remote ?? s.remote };
    if (child.depth > MAX_DEPTH) { add(s, 'shell.too-deep', clip(n.source)); continue; }
    s.trail.push({ step: 'nested', detail: `${n.via}: ${clip(n.source.replace(/\s+/g, ' '), 100)}` });
    if (n.lang === 'sh') await analyzeShell(n.source, child);
    else if (n.lang === 'sql' || n.lang === 'mongo') db.reportSql(n.source, null, child);
    else {
      analyzeCode(n.lang, n.source, child);
      await analyzeNested(child);
    }
    s.readOnly &&= child.readOnly;
  }
}

function analyzeCommand(cmd: Command, pipeline: Pipeline, index: number, vars: Map<string, string>, s: ShellScope): void {
  const env = new Map(vars);
  for (const a of cmd.assignments) env.set(a.name, tildeValue(a.value.text, s));
  checkRedirects(cmd, null, env, s);
  if (!cmd.words.length) return;
  let words = expandBraces(cmd.words);
  const head = words[0]!;
  if (head.dynamic) {
    const resolved = resolveCommandWord(head, env);
    if (resolved === null) {
      s.readOnly = false;
      return add(s, 'shell.dynamic-command', words.map((w) => w.text).join(' '));
    }
    // Unquoted values are split into words, as bash does: `$CMD` holding "rm -rf ~" runs rm.
    const split = head.quoted ? [resolved] : resolved.split(/[ \t\n]+/).filter(Boolean);
    words = [...split.map((text) => ({ text, quoted: head.quoted, dynamic: false, glob: /[*?[]/.test(text), subs: [] })), ...words.slice(1)];
    s.trail.push({ step: 'expand', detail: `command word ${head.text} → ${split.join(' ')}` });
    if (!words.length) return;
  }
  const u = unwrap(words);
  for (const a of u.extraAssignments) env.set(a.name, a.value);
  if (u.via.length) s.trail.push({ step: 'unwrap', detail: `${u.via.join(' → ')} → ${u.name || '(nothing)'}` });
  if (u.lookupOnly || !u.words.length) {
    if (u.via.includes('sudo') && cmd.words.some((w) => /^-[a-zA-Z]*[is]$/.test(w.text))) {
      const inv = makeInvocation(u.words.length ? u.words : cmd.words, cmd, pipeline, index, env, u);
      return interp.su({ ...inv, elevated: true, words: [inv.words[0]!] }, s);
    }
    return;
  }
  const inv = makeInvocation(u.words, cmd, pipeline, index, env, u);
  runRules(inv, s);
}

function makeInvocation(words: Word[], cmd: Command, pipeline: Pipeline, index: number, vars: Map<string, string>, u: ReturnType<typeof unwrap>): Invocation {
  return { name: commandName(words[0]!.text), words, command: cmd, pipeline, index, via: u.via, elevated: u.elevated, argsFromInput: u.argsFromInput, placeholder: u.placeholder, vars };
}

function checkRedirects(cmd: Command, inv: Invocation | null, vars: Map<string, string>, s: ShellScope): void {
  if (!cmd.redirects.length) return;
  const fake: Invocation | null = inv ?? { name: '', words: [], command: cmd, pipeline: { commands: [cmd], origin: 'top' }, index: 0, via: [], elevated: false, argsFromInput: false, placeholder: null, vars };
  fs.redirects(cmd.redirects, fake, s);
  secrets.secretInput(fake, cmd.redirects, s);
  for (const r of cmd.redirects) {
    if (!r.target) continue;
    net.devTcp(r.target.text, s, `${r.op} ${r.target.text}`);
    const p = resolvePath(r.target, { ctx: s.ctx, vars });
    if (/>/.test(r.op)) stateRedirect(r.target.text, p.kind === 'path' ? p.abs : null, s);
  }
}

/** The policy's own rules, matched against what actually runs (after sudo/env/bash -c unwrapping). */
function customRules(inv: Invocation, s: ShellScope): void {
  if (!s.ctx.policy.rules.length) return;
  const segment = inv.words.map((w) => w.text).join(' ');
  for (const r of matchCustomRules(s.ctx.policy.rules, { tool: 'Bash', command: inv.name, segment })) {
    if (s.findings.some((f) => f.rule === r.id)) continue;
    s.findings.push({ rule: r.id, category: r.category, reason: r.reason, subject: segment });
    s.trail.push({ step: 'rule', detail: `[${r.id}] ${r.category} (policy rule) on \`${clip(segment)}\`` });
  }
}

/** Runs every applicable pack on one invocation. Exported for find -exec and tests. */
export function runRules(inv: Invocation, s: ShellScope): void {
  const before = s.findings.length;
  const name = inv.name;
  if (name.includes('=')) return; // an assignment-looking word that unwrap could not strip
  orchestrator(inv, s);
  customRules(inv, s);
  if (inv.words[0]!.text.includes('/') && net.isDownloaded(inv.words[0]!.text, inv, s)) add(s, 'exec.remote-script', inv.words[0]!.text);
  secrets.secretArgs(inv, s);
  secrets.secretOutput(inv, s);
  const nestedSh = (src: string, via: string) => s.nested.push({ lang: 'sh', source: src, via });
  let handled = true;
  switch (name) {
    case 'rm': case 'unlink': fs.rm(inv, s); break;
    case 'rimraf': case 'del-cli': fs.rm({ ...inv, words: [{ ...inv.words[0]!, text: 'rm' }, { text: '-rf', quoted: false, dynamic: false, glob: false, subs: [] }, ...inv.words.slice(1).filter((w) => !w.text.startsWith('-'))] }, s); break;
    case 'find': fs.find(inv, s, (words, parent) => {
      const u = unwrap(words);
      if (u.words.length) runRules({ ...parent, name: commandName(u.words[0]!.text), words: u.words, via: [...parent.via, 'find -exec', ...u.via] }, s);
    }); break;
    case 'shred': case 'srm': case 'wipe': fs.shred(inv, s); break;
    case 'truncate': fs.truncate(inv, s); break;
    case 'chmod': case 'chown': case 'chgrp': case 'setfacl': fs.chmodLike(inv, s); break;
    case 'cp': case 'mv': case 'install': case 'ln': fs.copyLike(inv, s); break;
    case 'tee': fs.tee(inv, s); break;
    case 'sed': fs.sedInPlace(inv, s); break;
    case 'dd': fs.dd(inv, s); sys.dd(inv, s); break;
    case 'git': git(inv, s, nestedSh); break;
    case 'eval': interp.evalLike(inv, s); break;
    case 'source': case '.': interp.source(inv, s); break;
    case 'ssh': interp.ssh(inv, s); break;
    case 'su': interp.su(inv, s); break;
    case 'watch': interp.watch(inv, s); break;
    case 'parallel': interp.parallel(inv, s); break;
    case 'curl': case 'wget': case 'http': case 'https': case 'xh': net.httpClient(inv, s); break;
    case 'nc': case 'ncat': case 'netcat': net.netcat(inv, s); break;
    case 'socat': net.socat(inv, s); break;
    case 'scp': case 'sftp': net.transfer(inv, s); break;
    case 'sendmail': case 'mail': case 'mailx': case 'mutt': case 'msmtp': case 'swaks': net.sendmail(inv, s); break;
    case 'powershell': case 'pwsh': case 'powershell.exe': interp.powershell(inv, s); break;
    case 'crontab': sys.crontab(inv, s); break;
    case 'sysctl': case 'spctl': case 'csrutil': case 'journalctl': sys.securityKnobs(inv, s); break;
    case 'redis-cli': db.redisCli(inv, s); break;
    case 'dropdb': case 'dropuser': db.dropdb(inv, s); break;
    case 'mysqladmin': db.mysqladmin(inv, s); break;
    case 'pg_restore': db.pgRestore(inv, s); break;
    case 'shutdown': case 'reboot': case 'poweroff': case 'halt': case 'init': case 'telinit': case 'systemctl': sys.power(inv, s); break;
    case 'kill': case 'killall5': sys.kill(inv, s); break;
    case 'killall': case 'pkill': sys.killByName(inv, s); break;
    case 'service': case 'rc-service': case 'launchctl': sys.serviceManager(inv, s); break;
    case 'iptables': case 'ip6tables': case 'nft': case 'ufw': case 'setenforce': sys.firewall(inv, s); break;
    case 'userdel': case 'deluser': case 'usermod': case 'useradd': case 'adduser': case 'passwd': case 'chpasswd': case 'visudo': case 'groupdel': case 'gpasswd': sys.accounts(inv, s); break;
    case 'history': sys.history(inv, s); break;
    case 'unset': case 'export': case 'declare': case 'typeset': sys.historyOff(inv.words.slice(1).map((w) => w.text), s, inv.name); break;
    case 'format': case 'format.com': case 'rd': case 'del': case 'erase': case 'remove-item': case 'ri': sys.windows(inv, s); break;
    default: handled = false;
  }
  if (PUBLISHERS.has(name)) publish(inv, s);
  ciTrigger(inv, s);
  net.envExfil(inv, s);
  net.cloudUpload(inv, s);
  fs.deviceOutputs(inv, s);
  // SQL sent as a quoted argument to any tool that is not only printing it (wrangler d1 --command, …).
  if (!DATA_COMMANDS.has(name) && !db.isSqlClient(name)) for (const w of inv.words.slice(1)) if (w.quoted && db.looksLikeSql(w.text)) db.reportSql(w.text, inv, s);
  if (!handled) {
    if (/^mkfs(\.\w+)?$|^(mke2fs|mkswap|fdisk|sfdisk|cfdisk|gdisk|sgdisk|parted|wipefs|mkfs)$/.test(name)) sys.mkfs(inv, s);
    else if (interp.SHELLS.has(name)) interp.shell(inv, s);
    else if (interp.interpreterOf(name)) {
      interp.interpreter(inv, s, interp.interpreterOf(name)!);
      db.frameworkReset(inv, s);
    } else if (db.sqlClient(inv, s)) {
      if (name === 'bq' || name === 'clickhouse') cloud.genericVerbs(inv, s);
    }
    else if (secrets.secretStore(inv, s)) { /* handled */ }
    else if (name === 'terraform' || name === 'tofu' || name === 'terragrunt') cloud.terraform(inv, s);
    else if (name === 'pulumi') cloud.pulumi(inv, s);
    else if (name === 'kubectl' || name === 'oc' || name === 'k') cloud.kubectl(inv, s);
    else if (name === 'helm') cloud.helm(inv, s);
    else if (cloud.deployCli(inv, s)) { /* handled */ }
    else {
      const dockerDone = (name === 'docker' || name === 'podman' || name === 'docker-compose') && cloud.docker(inv, s);
      const syncDone = (name === 'rsync' || name === 'rclone' || name === 'gsutil') && cloud.syncTool(inv, s);
      if (name === 'rsync') net.transfer(inv, s);
      if (/^(rails|rake|artisan|prisma|alembic|sequelize|sequelize-cli|knex|typeorm|flask|manage\.py|django-admin|mix)$/.test(name)) db.frameworkReset(inv, s);
      if (!dockerDone && !syncDone && !DATA_COMMANDS.has(name)) {
        cloud.genericVerbs(inv, s);
      }
    }
  }
  // The generic "changes a live service" rule speaks only when no specific rule did.
  if (s.findings.length === before) remoteCli(inv, s);
  if (!isReadOnly(inv)) s.readOnly = false;
  // `--help` / `--version` only print: drop approvals (never refusals) raised for this invocation.
  if (isHelpOnly(inv.words)) {
    for (let k = s.findings.length - 1; k >= before; k--) if (s.findings[k]!.category !== 'BLOCKED') s.findings.splice(k, 1);
  }
}
