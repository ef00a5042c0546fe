/**
 * Inline code (python -c, node -e, heredocs to ruby/perl/php): finds the shell commands it runs
 * (os.system, subprocess, child_process, backticks…), the files it deletes or reads, and hands
 * them back as shell so the same rules judge them. String literals that are only printed stay data.
 */
import { definePack } from '../rules.js';
import { looksLikeSql } from './database.js';
import { add, type CodeLang, type ShellScope } from '../shell/scope.js';

definePack('code', {
  'code.delete-tree': { category: 'REQUIRES_APPROVAL', reason: 'Inline code deletes a directory tree' },
  'code.delete-dynamic': { category: 'REQUIRES_APPROVAL', reason: 'Inline code deletes a path computed at run time' },
  'code.reverse-shell': { category: 'BLOCKED', reason: 'Inline code connects a shell to a network socket (reverse shell)' },
  'code.exec-dynamic': { category: 'REQUIRES_APPROVAL', reason: 'Inline code runs a shell command built at run time' },
});

const STR = String.raw`(?:"""([\s\S]*?)"""|'''([\s\S]*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\x60((?:[^\x60\\]|\\.)*)\x60)`;
const LIST = String.raw`\[((?:\s*${STR}\s*,?)+)\]`;
const EXEC_FN = String.raw`\b(?:os\.system|os\.popen|os\.exec[lv]p?e?|subprocess\.\w+|commands\.getoutput|(?:child_process\.|cp\.|\b)(?:execSync|exec|spawnSync|spawn|execFileSync|execFile)|system|exec|shell_exec|passthru|popen|proc_open|IO\.popen|Open3\.\w+|Kernel\.system|Deno\.run|Bun\.spawn|Bun\.\$|\$\.spawn|run|call|check_output|check_call|Popen|getoutput)\s*\(\s*`;
const TREE_FN = String.raw`(?:\bshutil\.rmtree|\brmtree|\bremove_tree|\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?|rmtree)|(?:\bfs|\bfsp|\bpromises|\))\.(?:rmSync|rmdirSync|rm|rmdir)|\bDeno\.removeSync|\bDeno\.remove|\brimraf(?:\.sync)?)\s*\(\s*`;
const FILE_FN = String.raw`\b(?:os\.(?:remove|unlink|rmdir|removedirs)|Path\(\s*${STR}\s*\)\.unlink|fs\.(?:unlinkSync|unlink)|File\.(?:delete|unlink)|FileUtils\.rm|unlink)\s*\(?\s*(?:glob\(\s*)?`;
const READ_FN = String.raw`\b(?:open|io\.open|readFileSync|readFile|File\.read|File\.open|IO\.read|file_get_contents|fopen|Path)\s*\(\s*`;

function literal(m: RegExpExecArray, from = 1): string | undefined {
  for (let k = from; k < from + 5; k++) if (m[k] !== undefined) return m[k];
  return undefined;
}

function unescape(s: string): string {
  return s.replace(/\\(["'\\`nt])/g, (_x, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function listItems(body: string): string[] {
  const out: string[] = [];
  const re = new RegExp(STR, 'g');
  for (let m = re.exec(body); m; m = re.exec(body)) out.push(unescape(literal(m) ?? ''));
  return out;
}

const shq = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;

export function analyzeCode(lang: CodeLang, code: string, s: ShellScope): void {
  const via = `${lang} code`;
  // 1. Shell commands the code runs.
  for (const m of code.matchAll(new RegExp(EXEC_FN + `(?:${STR}|${LIST}|([A-Za-z_$][\\w.$]*))`, 'g'))) {
    const str = literal(m as RegExpExecArray, 1);
    if (str !== undefined) s.nested.push({ lang: 'sh', source: unescape(str), via });
    else if (m[6] !== undefined) s.nested.push({ lang: 'sh', source: listItems(m[6]).map(shq).join(' '), via });
    else if (m[12] !== undefined && !/^(true|false|null|None)$/.test(m[12]) && /system|exec|popen|spawn|shell|run|call|check_|Popen|getoutput/.test(m[0].split('(')[0]!)) {
      if (/^(os\.system|subprocess|child_process|execSync|exec|system|shell_exec|passthru|popen|spawn)/.test(m[0].replace(/^\W+/, ''))) add(s, 'code.exec-dynamic', m[0].slice(0, 80));
    }
  }
  // socket + dup2/redirected stdio + a shell: the classic reverse shell, in any language.
  if (/socket|TCPSocket|fsockopen|net\.connect|net\.Socket|new\s+Socket/i.test(code) && /(\/bin\/(ba|z|da)?sh|\bpty\.spawn|cmd\.exe|\bspawn\(\s*["'](ba)?sh)/.test(code) && /dup2|pipe\(|stdio|STDIN|STDOUT|exec|spawn|popen/i.test(code)) {
    add(s, 'code.reverse-shell', code.slice(0, 120));
  }
  // perl/ruby list form without parentheses: exec "redis-cli", "FLUSHALL"; system 'rm', '-rf', '/'
  for (const m of code.matchAll(new RegExp(String.raw`\b(?:exec|system)\s+((?:${STR}\s*,\s*)*${STR})`, 'g'))) {
    s.nested.push({ lang: 'sh', source: listItems(m[1]!).map(shq).join(' '), via });
  }
  if (lang === 'ruby' || lang === 'perl' || lang === 'php') {
    for (const m of code.matchAll(/`([^`]*)`|%x\(([^)]*)\)|qx[({/]([^)}/]*)[)}/]/g)) s.nested.push({ lang: 'sh', source: m[1] ?? m[2] ?? m[3] ?? '', via });
  }
  // 2. Files it deletes.
  for (const m of code.matchAll(new RegExp(TREE_FN + `(?:${STR})?`, 'g'))) {
    const p = literal(m as RegExpExecArray, 1);
    if (p === undefined) { add(s, 'code.delete-dynamic', m[0].trim()); continue; }
    add(s, 'code.delete-tree', m[0].trim() + p);
    s.nested.push({ lang: 'sh', source: `rm -rf -- ${shq(unescape(p))}`, via });
  }
  for (const m of code.matchAll(new RegExp(FILE_FN + `(?:${STR})?`, 'g'))) {
    const p = literal(m as RegExpExecArray, 6) ?? literal(m as RegExpExecArray, 1);
    if (p !== undefined) s.nested.push({ lang: 'sh', source: `rm -f -- ${shq(unescape(p))}`, via });
  }
  // 3. Files it reads (secrets are judged by the same path rules as `cat`).
  for (const m of code.matchAll(new RegExp(READ_FN + STR, 'g'))) {
    const p = literal(m as RegExpExecArray, 1);
    if (p && /^[~./\w-][^\s]*$/.test(p) && !/^\w+:\/\//.test(p)) s.nested.push({ lang: 'sh', source: `cat -- ${shq(unescape(p))}`, via });
  }
  // 4. SQL statements it sends to a database (cursor.execute("DROP TABLE users"), client.query(…)); a
  // string that is only printed is data.
  for (const m of code.matchAll(new RegExp(String.raw`\b(?:execute|executemany|executescript|exec|query|run|raw|sql|prepare|unsafe|none|any|one|many|all)\s*\(\s*` + STR, 'g'))) {
    const lit = literal(m as RegExpExecArray, 1);
    if (lit && looksLikeSql(unescape(lit))) s.nested.push({ lang: 'sql', source: unescape(lit), via });
  }
  // 5. Code that is itself shell-like (`node -e "rm -rf /"`): judge it with literals blanked out.
  const bare = code.replace(new RegExp(STR, 'g'), '""').replace(/(^|\s)#[^\n]*/g, '$1').replace(/\/\/[^\n]*/g, '');
  if (/(^|[;\n])\s*(sudo\s+)?(rm|git|dd|mkfs[\w.]*|chmod|chown|curl|wget|find|shred|truncate|kill|shutdown|reboot|psql|mysql)\s+-?\w/.test(bare)) {
    s.nested.push({ lang: 'sh', source: bare, via: `${lang} code read as shell` });
  }
}
