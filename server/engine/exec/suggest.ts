/**
 * Proposed fixes for common errors, by language, type and message. Pure; a rule returns null when it
 * has nothing better than the error itself to say.
 */
import type { Finding } from './types.js';

type Rule = (e: Finding, where: string) => string | null;

const quoted = (text: string, re: RegExp): string | undefined => re.exec(text)?.[1];

/** "at src/app.py:12" for the innermost frame, or "". */
function whereOf(e: Finding): string {
  const f = e.frames[0];
  return f ? ` at ${f.file}:${f.line}${f.column ? `:${f.column}` : ''}` : '';
}

function moduleHint(name: string, lang: 'python' | 'node'): string {
  if (/^[./]/.test(name)) {
    return `"${name}" is a relative path: check that the file exists at that path${lang === 'node' ? ' (ES modules need the file extension, e.g. "./x.js")' : ''}`;
  }
  if (lang === 'python') {
    const top = name.split('.')[0];
    return `Install it in the project's environment (\`pip install ${top}\`, or add it to requirements / pyproject), and check that the right virtual environment is active (\`which python\`)`;
  }
  const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
  return `Install it (\`npm install ${pkg}\`) or run \`npm install\` if it is already in package.json; check the spelling`;
}

const NODE_CODES: Record<string, string> = {
  ENOENT: 'The file or directory does not exist: check the path (relative paths resolve against the working directory) or create it first',
  EADDRINUSE: 'The port is already in use: stop the process holding it (`lsof -i :PORT`) or listen on another port',
  ECONNREFUSED: 'Nothing is listening at that address: start the service, or check the host and port',
  EACCES: 'Permission denied: check the file\'s permissions, or use a port above 1024',
  EPERM: 'The operation is not permitted: check permissions and whether the file is in use',
  ETIMEDOUT: 'The connection timed out: check the network, the host and any proxy',
  ENOTFOUND: 'The host name does not resolve: check the spelling and DNS',
};

const PYTHON: Rule = (e, where) => {
  const m = e.message;
  switch (e.type) {
    case 'ModuleNotFoundError':
    case 'ImportError': {
      const name = quoted(m, /No module named '([^']+)'/);
      return name ? moduleHint(name, 'python') : 'Check the import: the name may not exist in that module, or a circular import may be involved';
    }
    case 'NameError': {
      const name = quoted(m, /name '([^']+)' is not defined/);
      return `${name ? `"${name}"` : 'The name'} is not defined${where}: check the spelling, add the missing import, or assign it before use`;
    }
    case 'TypeError':
      if (/'NoneType' object/.test(m)) return `A value is None where an object was expected${where}: check what returned None (a missing return, a failed lookup)`;
      if (/argument/.test(m)) return `Check the call's arguments against the function's signature${where}`;
      return `Check the types of the values used${where}`;
    case 'AttributeError':
      return /'NoneType'/.test(m)
        ? `A value is None where an object was expected${where}: check what returned None`
        : `The object has no such attribute${where}: check the spelling and the object's type`;
    case 'KeyError':
      return `The key ${m || ''} is missing${where}: use dict.get(key, default) or check that it is set`.replace('  ', ' ');
    case 'IndexError':
      return `The index is past the end of the sequence${where}: check its length first`;
    case 'FileNotFoundError':
      return 'The file does not exist: check the path (relative paths resolve against the working directory)';
    case 'PermissionError':
      return 'Permission denied: check the file\'s permissions and owner';
    case 'ZeroDivisionError':
      return `Guard the division against a zero divisor${where}`;
    case 'SyntaxError':
    case 'IndentationError':
    case 'TabError':
      if (/never closed|unmatched/.test(m)) return `Check for unclosed parentheses, brackets or braces${where}`;
      if (/expected ':'/.test(m)) return `Add the missing ":" at the end of the line${where}`;
      return `Fix the syntax${where}; indentation must be consistent (spaces, not tabs)`;
    case 'ConnectionRefusedError':
      return NODE_CODES.ECONNREFUSED!;
    default:
      return null;
  }
};

const NODE: Rule = (e, where) => {
  const m = e.message;
  const code = quoted(e.type, /\[([A-Z0-9_]+)\]/) ?? quoted(m, /^(E[A-Z]+)\b/) ?? quoted(m, /\b(EADDRINUSE|ECONNREFUSED|ENOENT|EACCES)\b/);
  if (code && NODE_CODES[code]) return NODE_CODES[code]!;
  const mod = quoted(m, /Cannot find (?:module|package) '([^']+)'/);
  if (mod) return moduleHint(mod, 'node');
  const prop = quoted(m, /Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '([^']+)'\)/);
  if (prop !== undefined) return `A value is undefined or null where an object was expected, when reading "${prop}"${where}: check where it comes from, or use optional chaining (?.) if it may be absent`;
  if (/is not a function/.test(m)) return `The value called is not a function${where}: check the import (default vs named export) and the spelling`;
  if (e.type === 'ReferenceError') return `${m.replace(/ is not defined$/, '')} is not defined${where}: declare or import it`;
  if (/Cannot use import statement outside a module/.test(m)) return 'Set "type": "module" in package.json or rename the file to .mjs (or use require)';
  if (e.type === 'SyntaxError') return `Fix the syntax${where}`;
  return null;
};

const TSC: Record<string, string> = {
  TS2307: 'Install the module and its types (`npm install -D @types/<name>` if it ships none), or fix the import path',
  TS2304: 'The name is not declared: import it, declare it, or add the types it comes from',
  TS2322: 'The value\'s type does not match the declared type: fix the value or widen the declared type',
  TS2339: 'The property does not exist on that type: check the spelling, or narrow or extend the type',
  TS2345: 'The argument\'s type does not match the parameter: convert the value or fix the call',
  TS7006: 'Give the parameter a type annotation (noImplicitAny is on)',
  TS2532: 'The value may be undefined: check it first, or use optional chaining (?.)',
  TS18048: 'The value may be undefined: check it first, or use optional chaining (?.)',
  TS2554: 'The call passes the wrong number of arguments: check the function\'s signature',
};

const GO: Rule = (e, where) => {
  const m = e.message;
  if (/nil pointer dereference/.test(m)) return `A nil pointer is dereferenced${where}: check that it is initialised (and that the error returned with it is handled)`;
  if (/index out of range/.test(m)) return `The index is past the end of the slice${where}: check len() first`;
  if (/assignment to entry in nil map/.test(m)) return `The map is nil${where}: create it with make(map[K]V) first`;
  if (/all goroutines are asleep - deadlock/.test(m)) return 'Every goroutine is blocked: check for channel sends without a receiver, or a WaitGroup that never reaches zero';
  const undef = quoted(m, /^undefined: (\S+)/);
  if (undef) return `"${undef}" is not defined${where}: check the spelling, the package import, and that the name is exported (capitalised)`;
  if (/declared and not used/.test(m)) return 'Remove the unused variable or use it (assign to _ to ignore a value)';
  if (/imported and not used/.test(m)) return 'Remove the unused import (goimports does it for you)';
  return null;
};

const RUST: Rule = (e, where) => {
  const m = e.message;
  if (e.type === 'panic') {
    if (/on a `None` value/.test(m)) return `unwrap() found None${where}: handle the None case with match, if let, or ? (or expect() with a reason)`;
    if (/on an `Err` value/.test(m)) return `unwrap() found an Err${where}: propagate it with ? or handle it with match`;
    if (/index out of bounds/.test(m)) return `The index is past the end${where}: check len() first or use .get(i)`;
    if (/divide by zero/.test(m)) return `Guard the division against a zero divisor${where}`;
    if (/overflow/.test(m)) return `Arithmetic overflowed${where}: use checked_, wrapping_ or saturating_ operations, or a wider type`;
    return null;
  }
  const specific: Record<string, string> = {
    E0425: 'The value is not in scope: check the spelling, declare it, or import it with use',
    E0433: 'The path does not resolve: add the missing use or the crate to Cargo.toml',
    E0308: 'Mismatched types: convert the value (into(), as, parse()) or fix the declared type',
    E0382: 'The value was moved: borrow it (&x), clone it, or restructure ownership',
    E0502: 'Conflicting borrows: end the first borrow before the second (limit its scope)',
    E0599: 'No such method for that type: check the spelling or bring the trait into scope with use',
  };
  const s = specific[e.type];
  if (s) return `${s}${where ? ` (${where.trim()})` : ''}; \`rustc --explain ${e.type}\` explains it in full`;
  return /^E\d{4}$/.test(e.type) ? `Run \`rustc --explain ${e.type}\` for the full explanation` : null;
};

const SHELL: Rule = (e) => {
  if (e.type === 'command not found') {
    const cmd = e.message.replace(/: command not found$/, '');
    return `"${cmd}" is not installed or not on PATH: install it, or check PATH (\`command -v ${cmd}\`)`;
  }
  if (e.type === 'No such file or directory') return 'The path does not exist: check it relative to the working directory (`ls`, `pwd`)';
  if (e.type === 'Permission denied') return 'Permission denied: make the script executable (`chmod +x`) or run it with its interpreter (`bash script.sh`); check file ownership';
  return null;
};

/**
 * A proposed fix for a parsed error, or null.
 *
 * @example
 * suggestFix({ language: 'python', type: 'ModuleNotFoundError', message: "No module named 'requests'", frames: [] })
 * // → "Install it in the project's environment (`pip install requests`, …), and check that the right virtual environment is active (`which python`)"
 */
export function suggestFix(e: Finding): string | null {
  const where = whereOf(e);
  switch (e.language) {
    case 'python': return PYTHON(e, where);
    case 'node': return NODE(e, where);
    case 'typescript': return TSC[e.type] ? `${TSC[e.type]}${where}` : null;
    case 'go': return GO(e, where);
    case 'rust': return RUST(e, where);
    case 'shell': return SHELL(e, where);
  }
}
