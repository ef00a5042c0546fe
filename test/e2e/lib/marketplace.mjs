// `claude plugin validate / marketplace add / install` in the scenario's scratch HOME.
import fs from 'node:fs';
import path from 'node:path';
import { claudeEnv, runProcess } from './claude.mjs';
import { snapshotToBareRepo, startGitHttp } from './git-http.mjs';

const cli = (ctx, args, timeoutMs = 120_000) =>
  runProcess(ctx.bin, args, { cwd: ctx.sb.project, env: claudeEnv({ home: ctx.sb.home }), timeoutMs });

/** `claude plugin validate DIR`; `notes` are its warning / problem lines (2.1.330 adds directory-listing checks). */
export async function validate(ctx, dir) {
  const r = await cli(ctx, ['plugin', 'validate', dir], 60_000);
  const notes = (r.stdout + r.stderr).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('❯')).map((l) => l.slice(1).trim());
  return { ...r, notes };
}

async function addAndInstall(ctx, t, source) {
  const add = await cli(ctx, ['plugin', 'marketplace', 'add', source]);
  t.check(`plugin marketplace add ${source}`, add.code === 0, (add.stdout + add.stderr).slice(-500));
  const spec = `${ctx.pluginName}@${ctx.marketplaceName}`;
  const inst = add.code === 0 ? await cli(ctx, ['plugin', 'install', spec]) : null;
  t.check(`plugin install ${spec}`, inst?.code === 0, inst ? (inst.stdout + inst.stderr).slice(-500) : 'skipped');
  let installPath = null;
  try {
    const reg = JSON.parse(fs.readFileSync(path.join(ctx.sb.home, '.claude', 'plugins', 'installed_plugins.json'), 'utf8'));
    installPath = reg.plugins?.[spec]?.[0]?.installPath ?? null;
  } catch { /* checked below */ }
  t.check('installed copy in ~/.claude/plugins/cache has the hook bundle and hooks.json',
    installPath != null && fs.existsSync(path.join(installPath, 'hooks', 'hooks.json'))
      && fs.readdirSync(path.join(installPath, 'dist')).some((f) => /^hook\./.test(f)), String(installPath));
  return { ok: inst?.code === 0, installPath };
}

/** The path given in the brief: the repository folder itself as a marketplace. */
export const installFromDirectory = (ctx, t) => addAndInstall(ctx, t, ctx.marketplaceRoot);

/**
 * A git marketplace, as users get it from GitHub: a snapshot of `.claude-plugin/` and the plugin folders
 * served over smart HTTP, cloned by Claude Code, installed into the cache; the server and repo are gone
 * before the session, so only the installed copy can be loaded.
 */
export async function installFromGit(ctx, t) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ctx.marketplaceRoot, '.claude-plugin', 'marketplace.json'), 'utf8'));
  const include = ['.claude-plugin', ...manifest.plugins
    .map((p) => p.source).filter((s) => typeof s === 'string').map((s) => path.normalize(s))];
  const gitRoot = path.join(ctx.sb.root, 'git');
  fs.mkdirSync(gitRoot);
  snapshotToBareRepo(ctx.marketplaceRoot, include, gitRoot, 'marketplace');
  const server = await startGitHttp(gitRoot);
  try {
    return await addAndInstall(ctx, t, `${server.url}/marketplace.git`);
  } finally {
    await server.close();
    fs.rmSync(gitRoot, { recursive: true, force: true });
  }
}
