#!/usr/bin/env node
// Installs the pinned code-server (test/vscode/code-server/package.json: 4.100.3 = VS Code 1.100.3 for the
// web, the last line that runs on Node 20) into .cache/code-server for `npm run test:extension`. Never part of
// the root install: a user's `npm ci` does not download it. Idempotent: a marker file records what was
// installed and for which Node ABI; a second run with the same inputs does nothing.
//
// Why not a plain `npm install code-server`: its postinstall downloads ripgrep from GitHub and builds every
// native module, which needs the internet and minutes. Here everything is installed with --ignore-scripts,
// Debian's ripgrep is linked where VS Code looks for it, and only the native modules code-server needs to
// start and run an extension host are built (offline, against the local Node headers):
//   argon2 (code-server imports it at start-up), @vscode/spdlog (the server's logger),
//   native-watchdog (the extension host's parent watch), node-pty (terminals).
// Not built: kerberos (only for a Negotiate-authenticating proxy; loaded lazily) and @vscode/deviceid
// (telemetry). @parcel/watcher ships prebuilt binaries in its platform packages.
//
// Usage: node scripts/install-code-server.mjs [--check] [--force]
//   --check: exit 0 if installed and usable, 1 if not (prints why); installs nothing.
// Exit: 0 installed (or already), 1 failed (the reason on stderr, with what to install).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PIN_DIR = join(ROOT, 'test/vscode/code-server');
export const CODE_SERVER_DIR = join(ROOT, '.cache/code-server');
const PKG = join(CODE_SERVER_DIR, 'node_modules/code-server');
const VSCODE = join(PKG, 'lib/vscode');
const MARKER = join(CODE_SERVER_DIR, '.installed.json');
/** The entry point `node <ENTRY>` starts. */
export const CODE_SERVER_ENTRY = join(PKG, 'out/node/entry.js');
const NATIVE = [
  { dir: CODE_SERVER_DIR, name: 'argon2', file: 'node_modules/argon2/lib/binding/napi-v3/argon2.node' },
  { dir: VSCODE, name: '@vscode/spdlog', file: 'node_modules/@vscode/spdlog/build/Release/spdlog.node' },
  { dir: VSCODE, name: 'native-watchdog', file: 'node_modules/native-watchdog/build/Release/watchdog.node' },
  { dir: VSCODE, name: 'node-pty', file: 'node_modules/node-pty/build/Release/pty.node' },
];

function pinnedVersion() {
  return JSON.parse(readFileSync(join(PIN_DIR, 'package.json'), 'utf8')).dependencies['code-server'];
}

function wanted() {
  return { codeServer: pinnedVersion(), node: process.version, abi: process.versions.modules, lock: readFileSync(join(PIN_DIR, 'package-lock.json'), 'utf8').length };
}

/** Why the cached install is not usable, or null when it is. */
export function installProblem() {
  if (!existsSync(MARKER)) return 'code-server is not installed in .cache/code-server';
  let marker;
  try {
    marker = JSON.parse(readFileSync(MARKER, 'utf8'));
  } catch {
    return 'the install marker is unreadable';
  }
  const w = wanted();
  for (const k of Object.keys(w)) if (marker[k] !== w[k]) return `installed for ${k}=${marker[k]}, need ${w[k]}`;
  for (const n of NATIVE) if (!existsSync(join(n.dir, n.file))) return `native module ${n.name} is not built`;
  if (!existsSync(join(VSCODE, 'node_modules/@vscode/ripgrep/bin/rg'))) return 'ripgrep is not linked';
  return null;
}

/** What the machine lacks to install (apt packages), or []. */
export function missingTools() {
  const need = [];
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  if (!has('rg')) need.push('ripgrep');
  for (const t of ['make', 'g++', 'python3']) if (!has(t)) need.push(t === 'g++' ? 'g++' : t);
  if (!nodeHeaders()) need.push('nodejs headers (Debian: libnode-dev, or a Node install with include/node)');
  return need;
}

/** A directory with include/node/node.h for node-gyp, so nothing is downloaded. */
function nodeHeaders() {
  const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..'), '/usr', '/usr/local'].filter(Boolean);
  return candidates.find((d) => existsSync(join(d, 'include/node/node.h'))) ?? null;
}

function run(cmd, args, cwd, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 600_000 });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed after ${took}s${r.error ? `: ${r.error.message}` : ''}\n${out}`);
  }
  console.log(`  ${cmd} ${args.join(' ')}  (${took}s)`);
}

function link(target, path) {
  try {
    lstatSync(path);
    unlinkSync(path);
  } catch {
    /* absent */
  }
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

/** Installs (or repairs) .cache/code-server; returns its entry point. Throws with an actionable message. */
export function installCodeServer({ force = false } = {}) {
  const problem = installProblem();
  if (!force && problem === null) return CODE_SERVER_ENTRY;
  const missing = missingTools();
  if (missing.length) throw new Error(`cannot install code-server: missing ${missing.join(', ')} (apt-get install -y ripgrep make g++ python3)`);
  console.log(`installing code-server ${pinnedVersion()} into .cache/code-server (${force ? 'forced' : problem})`);
  if (force) rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  rmSync(MARKER, { force: true });
  copyFileSync(join(PIN_DIR, 'package.json'), join(CODE_SERVER_DIR, 'package.json'));
  copyFileSync(join(PIN_DIR, 'package-lock.json'), join(CODE_SERVER_DIR, 'package-lock.json'));
  const quiet = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', ['ci', ...quiet], CODE_SERVER_DIR);
  // What code-server's postinstall.sh does, minus its downloads: VS Code's own dependencies (pinned by its
  // npm-shrinkwrap.json), the built-in extensions' dependencies, and the links VS Code expects.
  run('npm', ['install', '--omit=dev', ...quiet], VSCODE);
  run('npm', ['install', '--omit=dev', ...quiet], join(VSCODE, 'extensions'));
  link('node_modules', join(VSCODE, 'node_modules.asar'));
  link('code-linux.sh', join(VSCODE, 'bin/remote-cli/code-server'));
  link('browser-linux.sh', join(VSCODE, 'bin/helpers/browser.sh'));
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  link(rg, join(VSCODE, 'node_modules/@vscode/ripgrep/bin/rg'));
  const env = { npm_config_nodedir: nodeHeaders(), npm_config_yes: 'true', npm_config_build_from_source: 'true' };
  for (const n of NATIVE) run('npm', ['rebuild', n.name, '--ignore-scripts=false', '--no-audit', '--no-fund', '--loglevel=error'], n.dir, env);
  for (const n of NATIVE) if (!existsSync(join(n.dir, n.file))) throw new Error(`building ${n.name} produced no ${n.file}`);
  writeFileSync(MARKER, `${JSON.stringify({ ...wanted(), installedAt: new Date().toISOString() }, null, 2)}\n`);
  const left = installProblem();
  if (left) throw new Error(`code-server install is incomplete: ${left}`);
  return CODE_SERVER_ENTRY;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    const p = installProblem();
    console.log(p ?? `code-server ${pinnedVersion()} is installed in .cache/code-server`);
    process.exit(p ? 1 : 0);
  }
  try {
    const started = Date.now();
    installCodeServer({ force: args.includes('--force') });
    console.log(`code-server ${pinnedVersion()} ready (${((Date.now() - started) / 1000).toFixed(1)}s): ${CODE_SERVER_ENTRY.slice(ROOT.length + 1)}`);
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
