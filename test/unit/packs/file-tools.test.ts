// Claude Code's file tools (Read, Write, Edit, MultiEdit, NotebookEdit, NotebookRead): rules by path.
import { describe, expect, test } from 'vitest';
import {
  context,
  expectAsks,
  expectDenied,
  expectNoDeny,
  expectNoFriction,
  expectNoOpinion,
  expectSuggestsAlternative,
  fileTool,
  run,
} from '../helpers/classify.js';

describe('Read of secrets', () => {
  test.each([
    '/home/user/project/.env',
    '.env',
    './.env',
    '.env.local',
    '.env.production',
    'config/.env',
    '/home/user/project/../project/.env',
    '/home/user/.ssh/id_rsa',
    '~/.ssh/id_rsa',
    '~/.ssh/id_ed25519',
    '~/.aws/credentials',
    '~/.kube/config',
    '~/.docker/config.json',
    '~/.netrc',
    '~/.npmrc',
    '~/.git-credentials',
    '~/.config/gh/hosts.yml',
    '~/.claude/.credentials.json',
    '/etc/shadow',
    'server.key',
    'certs/privkey.pem',
    'config/master.key',
    'service-account.json',
    'credentials.json',
  ])('Read %s is denied', async (path) => {
    await expectDenied(fileTool('Read', path), 'file.read.secret');
  });

  test('NotebookRead of a secret is denied', async () => {
    await expectDenied(fileTool('NotebookRead', '/home/user/project/.env'), 'file.read.secret');
  });

  test('the refusal names the resolved path and suggests .env.example', async () => {
    const c = await expectDenied(fileTool('Read', '.env'), 'file.read.secret');
    expect(c.reason).toContain('/home/user/project/.env');
    expectSuggestsAlternative(c, /\.env\.example/);
  });

  test.each(['.env.example', '.env.sample', '.env.template', '~/.ssh/id_rsa.pub', '~/.ssh/known_hosts', '~/.ssh/config', '~/.aws/config', '/etc/hosts', '/etc/passwd', 'src/index.ts', 'src/env.ts', 'docs/.env.md', '~/.task-orchestrator/policy.json'])(
    'Read %s has no friction',
    async (path) => {
      await expectNoFriction(fileTool('Read', path));
    },
  );
});

describe('writing the orchestrator state and policy', () => {
  test.each([
    ['Write', '/home/user/.task-orchestrator/policy.json'],
    ['Write', '~/.task-orchestrator/state.db'],
    ['Edit', '/home/user/project/.task-orchestrator/policy.json'],
    ['Edit', '.task-orchestrator/policy.json'],
    ['MultiEdit', '/home/user/.task-orchestrator/policy.json'],
    ['NotebookEdit', '/home/user/.task-orchestrator/x.ipynb'],
  ])('%s %s is denied', async (tool, path) => {
    const c = await expectDenied(fileTool(tool, path), 'file.write.state');
    expect(c.reason).toMatch(/human/);
  });
});

describe('writing git internals', () => {
  test.each(['/home/user/project/.git/config', '/home/user/project/.git/HEAD', '.git/refs/heads/main', '.git/index', 'sub/.git/packed-refs'])('Write %s is denied', async (path) => {
    const c = await expectDenied(fileTool('Write', path), /^file\.write\.(git-internals|persistence)$/);
    if (c.rule === 'file.write.git-internals') expectSuggestsAlternative(c, /git commands/);
  });

  test('Write of a git hook asks', async () => {
    await expectAsks(fileTool('Write', '/home/user/project/.git/hooks/pre-commit'), 'file.write.persistence');
  });

  test.each(['.gitignore', '.github/workflows/ci.yml', '.gitattributes', 'docs/.git-notes.md'])('Write %s has no friction', async (path) => {
    await expectNoFriction(fileTool('Write', path));
  });
});

describe('writing system directories', () => {
  test.each(['/etc/hosts', '/usr/local/bin/x', '/usr/bin/node', '/bin/sh', '/var/lib/x', '/opt/app/config.yml', '/home/user/project/../../.bashrc'])('Write %s is denied', async (path) => {
    await expectDenied(fileTool('Write', path), 'file.write.system');
  });

  test.each(['/etc/sudoers', '/etc/sudoers.d/bob', '/etc/passwd'])('Write %s (sudo or accounts) is denied', async (path) => {
    await expectDenied(fileTool('Write', path));
  });

  test('Edit /etc/hosts is denied', async () => {
    await expectDenied(fileTool('Edit', '/etc/hosts'), 'file.write.system');
  });
});

describe('writing files that run code at login, in git or in Claude Code', () => {
  test.each([
    ['Write', '~/.bashrc'],
    ['Write', '~/.zshrc'],
    ['Edit', '~/.profile'],
    ['Write', '~/.config/fish/config.fish'],
    ['Write', '~/.ssh/authorized_keys'],
    ['Write', '~/.claude/settings.json'],
    ['Write', '/home/user/project/.claude/settings.json'],
    ['Edit', '/home/user/project/.claude/settings.local.json'],
    ['Write', '/etc/cron.d/x'],
    ['Write', '~/.config/systemd/user/x.service'],
    ['Write', '~/.config/autostart/x.desktop'],
  ])('%s %s asks', async (tool, path) => {
    await expectAsks(fileTool(tool, path), 'file.write.persistence');
  });
});

describe('overwriting secrets', () => {
  test.each([
    ['Write', '/home/user/project/.env'],
    ['Write', '~/.ssh/id_rsa'],
    ['Write', '~/.aws/credentials'],
    ['Edit', '/home/user/project/.env'],
    ['MultiEdit', '/home/user/project/.env.local'],
  ])('%s %s asks', async (tool, path) => {
    await expectAsks(fileTool(tool, path), 'file.write.secret');
  });

  test('Write .env.example has no friction', async () => {
    await expectNoFriction(fileTool('Write', '/home/user/project/.env.example'));
  });
});

describe('ordinary edits', () => {
  test.each([
    ['Write', '/home/user/project/src/a.ts'],
    ['Write', 'src/new-file.ts'],
    ['Edit', '/home/user/project/src/env.ts'],
    ['MultiEdit', '/home/user/project/README.md'],
    ['NotebookEdit', '/home/user/project/nb.ipynb'],
    ['Write', '/tmp/x.txt'],
    ['Write', '/home/user/project/package.json'],
    ['Read', '/home/user/project/src/index.ts'],
  ])('%s %s has no opinion', async (tool, path) => {
    await expectNoOpinion(fileTool(tool, path));
  });

  test('a file tool call without a path has no opinion and does not throw', async () => {
    await expectNoOpinion({ tool_name: 'Write', tool_input: {} });
    await expectNoOpinion({ tool_name: 'Read', tool_input: { file_path: 42 } });
  });

  test('the notebook_path key is read for NotebookEdit', async () => {
    await expectDenied({ tool_name: 'NotebookEdit', tool_input: { notebook_path: '/home/user/.task-orchestrator/a.ipynb' } }, 'file.write.state');
  });
});

describe('protectedPaths from the policy', () => {
  const ctx = context({ protectedPaths: ['**/secrets/**', 'config/prod.yml', '*.secret'] });

  test.each(['/home/user/project/config/secrets/db.txt', '/home/user/project/config/prod.yml', 'app.secret'])('Read %s is denied', async (path) => {
    await expectDenied(fileTool('Read', path), 'file.read.secret', ctx);
  });

  test('Write of a protected path asks', async () => {
    await expectAsks(fileTool('Write', '/home/user/project/config/prod.yml'), 'file.write.secret', ctx);
  });

  test('a path that is not protected is untouched', async () => {
    await expectNoOpinion(fileTool('Read', '/home/user/project/config/dev.yml'), ctx);
  });
});

describe('relative paths resolve against cwd', () => {
  test('Read ../.env from a subdirectory is the project .env', async () => {
    const ctx = context({}, { cwd: '/home/user/project/src' });
    const c = await expectDenied(fileTool('Read', '../.env'), 'file.read.secret', ctx);
    expect(c.reason).toContain('/home/user/project/.env');
  });

  test('an Edit never reads as a Read', async () => {
    const c = await run(fileTool('Edit', '/home/user/project/src/a.ts', { old_string: 'x', new_string: 'cat .env' }));
    expect(c.decision).toBe('none');
    await expectNoDeny(fileTool('Edit', '/home/user/project/src/a.ts', { old_string: 'a', new_string: 'rm -rf ~' }));
  });
});
