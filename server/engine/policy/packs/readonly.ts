/** Commands that only read: when every command of a call is one of these, the call is SAFE. */
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';

definePack('readonly', {
  'safe.read-only': { category: 'SAFE', reason: 'Read-only command' },
});

const READ_ONLY = new Set([
  'ls', 'll', 'la', 'pwd', 'echo', 'printf', 'cat', 'head', 'tail', 'wc', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack',
  'which', 'type', 'whereis', 'whatis', 'hash', 'command', 'file', 'stat', 'du', 'df', 'tree', 'date', 'whoami', 'id',
  'uname', 'hostname', 'true', 'false', 'test', '[', 'basename', 'dirname', 'realpath', 'readlink', 'sort', 'uniq',
  'cut', 'tr', 'diff', 'cmp', 'comm', 'column', 'nl', 'less', 'more', 'man', 'jq', 'yq', 'md5sum', 'sha1sum',
  'sha256sum', 'sha512sum', 'cksum', 'seq', 'sleep', 'cd', 'env', 'printenv', 'uptime', 'free', 'ps', 'pgrep', 'lsof',
  'history', 'tput', 'locale', 'nproc', 'arch', 'fold', 'fmt', 'expand', 'rev', 'tac', 'strings', 'xxd', 'hexdump', 'od',
]);
const GIT_READ = new Set(['status', 'log', 'diff', 'show', 'branch', 'tag', 'remote', 'rev-parse', 'describe', 'blame', 'ls-files', 'ls-tree', 'shortlog', 'reflog', 'grep', 'config', 'stash', 'cat-file', 'help', 'version', 'whatchanged', 'for-each-ref', 'name-rev', 'merge-base', 'count-objects']);

export function isReadOnly(inv: Invocation): boolean {
  const name = inv.name;
  if (inv.elevated || inv.argsFromInput) return false;
  if (name === 'find') return !inv.words.some((w) => /^-(delete|exec|execdir|ok|okdir|fprint|fprint0|fprintf|fls)$/.test(w.text));
  if (name === 'sed') return !inv.words.some((w) => /^-[a-zA-Z]*i|^--in-place/.test(w.text));
  if (name === 'sort') return !inv.words.some((w) => /^-o|^--output/.test(w.text));
  if (name === 'env' || name === 'printenv') return inv.words.length === 1 || name === 'printenv';
  if (name === 'git') {
    const sub = inv.words.slice(1).find((w) => !w.text.startsWith('-'))?.text;
    if (!sub || !GIT_READ.has(sub)) return false;
    const rest = inv.words.map((w) => w.text);
    if (sub === 'branch' || sub === 'tag' || sub === 'remote' || sub === 'config' || sub === 'stash') {
      // Listing forms only.
      const after = rest.slice(rest.indexOf(sub) + 1);
      if (sub === 'stash') return after[0] === 'list' || after[0] === 'show';
      if (sub === 'config') return after.some((x) => /^(--get|--list|-l|--get-all|--get-regexp)$/.test(x));
      return after.every((x) => x.startsWith('-') && !/^-(d|D|m|M|c|C|f|-delete|-move|-copy|-force|-set-upstream-to|-unset-upstream|-edit-description)/.test(x)) || sub === 'remote' && (after[0] === '-v' || after[0] === 'show' || after.length === 0);
    }
    return true;
  }
  return READ_ONLY.has(name);
}
