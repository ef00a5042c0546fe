// Self-protection: the agent never decides its own approvals, never edits the orchestrator's state or
// policy, and never switches the guard off.
import { describe, expect, test } from 'vitest';
import { context, expectAllowed, expectDenied, expectNoDeny, expectNoFriction, fileTool } from '../helpers/classify.js';

describe('deciding approvals from the shell', () => {
  test.each([
    'task-orchestrator inbox approve 3',
    'task-orchestrator inbox deny 3',
    'task-orchestrator inbox decide 3 --allow',
    'task-orchestrator inbox always 3',
    'task-orchestrator approve 3',
    'task-orchestrator deny 3',
    'npx task-orchestrator inbox approve 3',
    'node plugin/dist/cli.mjs inbox approve 3',
    'node /home/user/.claude/plugins/task-orchestrator/dist/cli.mjs approve 3',
    'node "$CLAUDE_PLUGIN_ROOT/dist/cli.mjs" inbox approve 3',
    'sudo task-orchestrator inbox approve 3',
    'TASK_ORCHESTRATOR_HOME=/tmp/x task-orchestrator inbox approve 3',
    "bash -c 'task-orchestrator inbox approve 3'",
    'echo y | task-orchestrator inbox approve 3',
    'task-orchestrator inbox list && task-orchestrator inbox approve 3',
    'for i in 1 2 3; do task-orchestrator inbox approve $i; done',
    'task-orchestrator inbox list | xargs -n1 task-orchestrator inbox approve',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'self.approve');
  });

  test('the refusal says deciding is for humans, and where they decide', async () => {
    const c = await expectDenied('task-orchestrator inbox approve 3', 'self.approve');
    expect(c.reason).toMatch(/human/i);
    expect(c.reason).toMatch(/VS Code|terminal/);
  });

  test.each(['task-orchestrator inbox list', 'task-orchestrator inbox', 'task-orchestrator explain "rm -rf /"', 'task-orchestrator doctor', 'task-orchestrator --help'])(
    '%s is not refused',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );

  test.each(['echo "task-orchestrator inbox approve 3"', 'grep -rn "inbox approve" docs/'])('%s is allowed', async (cmd) => {
    await expectAllowed(cmd);
  });

  test('a commit message about approving is data', async () => {
    await expectNoDeny('git commit -m "docs: task-orchestrator inbox approve needs a human"');
  });
});

describe('changing policy or switching the guard off', () => {
  test.each(['task-orchestrator policy set autoAllowSafe false', 'task-orchestrator policy disable git.push.force-protected', 'task-orchestrator policy reset'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'self.state');
  });

  test.each(['claude plugin disable task-orchestrator', 'claude plugin uninstall task-orchestrator', 'claude plugin remove task-orchestrator@marketplace'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'self.disable');
  });

  test('claude plugin list has no friction', async () => {
    await expectNoFriction('claude plugin list');
  });
});

describe('writing the state directory from the shell', () => {
  test.each([
    "echo '{}' > ~/.task-orchestrator/policy.json",
    'echo x >> ~/.task-orchestrator/state.db',
    'echo x > $TASK_ORCHESTRATOR_HOME/policy.json',
    'echo x > "${TASK_ORCHESTRATOR_HOME}/state.db"',
    'echo x > /home/user/.task-orchestrator/policy.json',
    'echo x > .task-orchestrator/policy.json',
    'cp evil.json ~/.task-orchestrator/policy.json',
    'mv x ~/.task-orchestrator/policy.json',
    'ln -sf /tmp/p ~/.task-orchestrator/policy.json',
    'tee .task-orchestrator/policy.json < x',
    "sed -i 's/BLOCKED/SAFE/' .task-orchestrator/policy.json",
    "sed -i 's/a/b/' ~/.task-orchestrator/policy.json",
    'rm ~/.task-orchestrator/state.db',
    'rm -rf ~/.task-orchestrator',
    'chmod 777 ~/.task-orchestrator/state.db',
    'touch ~/.task-orchestrator/x',
    "sqlite3 ~/.task-orchestrator/state.db \"UPDATE approvals SET status='approved'\"",
    'cd ~/.task-orchestrator && rm state.db',
    "python3 -c \"open('/home/user/.task-orchestrator/policy.json','w').write('{}')\"",
    "bash -c 'echo {} > ~/.task-orchestrator/policy.json'",
    'sudo tee ~/.task-orchestrator/policy.json <<EOF\n{}\nEOF',
    'cat > ~/.task-orchestrator/policy.json <<EOF\n{}\nEOF',
    'cat <<EOF > ~/.task-orchestrator/policy.json\n{"autoAllowSafe": true}\nEOF',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'self.state');
  });

  test('the refusal says only a human edits those', async () => {
    const c = await expectDenied("echo '{}' > ~/.task-orchestrator/policy.json", 'self.state');
    expect(c.reason).toMatch(/human/i);
  });

  test.each(['cat ~/.task-orchestrator/policy.json', 'ls ~/.task-orchestrator', 'ls -la .task-orchestrator', 'cd ~/.task-orchestrator && ls', 'jq . .task-orchestrator/policy.json'])(
    'reading the state is not refused: %s',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );
});

describe('writing the state directory with file tools', () => {
  test.each([
    fileTool('Write', '/home/user/.task-orchestrator/policy.json'),
    fileTool('Write', '~/.task-orchestrator/state.db'),
    fileTool('Edit', '/home/user/project/.task-orchestrator/policy.json'),
    fileTool('Edit', '.task-orchestrator/policy.json'),
    fileTool('MultiEdit', '/home/user/.task-orchestrator/policy.json'),
    fileTool('Write', '/home/user/project/../.task-orchestrator/policy.json'),
  ])('%j is denied', async (call) => {
    await expectDenied(call, 'file.write.state');
  });

  test('reading the policy file with Read is not refused', async () => {
    await expectNoDeny(fileTool('Read', '/home/user/.task-orchestrator/policy.json'));
  });
});

describe('a state directory moved by TASK_ORCHESTRATOR_HOME', () => {
  test('writes under the configured state directory are denied', async () => {
    const ctx = context({}, { stateDir: '/srv/orchestrator' });
    await expectDenied('echo x > /srv/orchestrator/policy.json', 'self.state', ctx);
    await expectDenied(fileTool('Write', '/srv/orchestrator/state.db'), 'file.write.state', ctx);
  });
});
