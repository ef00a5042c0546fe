// Scratch directories for one scenario: a HOME, and a project that is a git repo with a fake secret.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './claude.mjs';

export const FAKE_SECRET = 'sk-e2e-FAKE-7f3a9c1e-do-not-leak';

/**
 * Sandboxes live outside every temp directory on purpose: the policy treats anything under /tmp,
 * /var/tmp or $TMPDIR as disposable, so a scratch HOME there would not be "the home directory".
 */
const TEMP_DIRS = ['/tmp', '/var/tmp', process.env.TMPDIR, os.tmpdir()].filter(Boolean).map((d) => path.resolve(d));
const insideTemp = (p) => TEMP_DIRS.some((d) => p === d || p.startsWith(d + path.sep));

/**
 * `<repo>/.cache/e2e-sandboxes`, unless the checkout itself lives in a temp directory (a CI clone under
 * /tmp): then `~/.cache/task-orchestrator-e2e`. E2E_SANDBOX_ROOT overrides both.
 */
function defaultSandboxRoot() {
  const inRepo = path.join(REPO, '.cache', 'e2e-sandboxes');
  return insideTemp(path.resolve(inRepo)) ? path.join(os.homedir(), '.cache', 'task-orchestrator-e2e') : inRepo;
}

export const SANDBOX_ROOT = path.resolve(process.env.E2E_SANDBOX_ROOT ?? defaultSandboxRoot());

/** Create `<root>/home` and `<root>/project`; returns paths and a cleanup that removes the root. */
export function makeSandbox(label) {
  if (insideTemp(SANDBOX_ROOT)) {
    throw new Error(`E2E_SANDBOX_ROOT ${SANDBOX_ROOT} is inside a temp directory; the policy would treat HOME there as disposable`);
  }
  fs.mkdirSync(SANDBOX_ROOT, { recursive: true });
  const root = fs.mkdtempSync(path.join(SANDBOX_ROOT, `${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  fs.mkdirSync(path.join(home, '.claude'), { recursive: true });
  fs.mkdirSync(project);
  // A marker inside HOME: a wrongly allowed `rm -rf "$HOME"` would take it with it.
  fs.writeFileSync(path.join(home, 'keep-me.txt'), 'home survives\n');
  // Skip the first-run onboarding and the "trust this folder" dialog for the project.
  fs.writeFileSync(path.join(home, '.claude.json'), JSON.stringify({
    hasCompletedOnboarding: true,
    projects: { [project]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
  }, null, 2));

  fs.writeFileSync(path.join(project, 'README.md'), '# e2e scratch project\n');
  fs.writeFileSync(path.join(project, 'app.js'), 'console.log("original");\n');
  fs.writeFileSync(path.join(project, '.gitignore'), '.env\n');
  fs.writeFileSync(path.join(project, '.env'), `API_KEY=${FAKE_SECRET}\n`);
  const git = (...args) => execFileSync('git', args, {
    cwd: project, stdio: 'ignore',
    env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
      GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' },
  });
  git('init', '-q', '-b', 'main');
  git('add', 'README.md', 'app.js', '.gitignore');
  git('commit', '-q', '-m', 'initial');
  return {
    root, home, project,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
