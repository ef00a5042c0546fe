// Policy is data: overrides re-categorise built-in rules, disabledRules switch them off, custom rules add
// findings, autoAllowSafe=false turns SAFE into no opinion, protectedBranches and protectedPaths are honoured.
import { describe, expect, test } from 'vitest';
import type { CustomRule } from '../../../server/engine/policy/types.js';
import {
  context,
  expectAllowed,
  expectAsks,
  expectDenied,
  expectNoOpinion,
  fileTool,
  run,
} from '../helpers/classify.js';

describe('overrides re-categorise a built-in rule', () => {
  test('git reset --hard can be made BLOCKED', async () => {
    await expectDenied('git reset --hard', 'git.reset.hard', context({ overrides: { 'git.reset.hard': 'BLOCKED' } }));
  });

  test('rm -rf ~ can be relaxed to an approval', async () => {
    await expectAsks('rm -rf ~', 'fs.rm.critical', context({ overrides: { 'fs.rm.critical': 'REQUIRES_APPROVAL' } }));
  });

  test('npm publish can be made SAFE', async () => {
    await expectAllowed('npm publish', 'publish.package', context({ overrides: { 'publish.package': 'SAFE' } }));
  });

  test('a rule made SAFE does not mask a more severe finding elsewhere on the line', async () => {
    await expectAsks('npm publish && rm -rf build', 'fs.rm.recursive', context({ overrides: { 'publish.package': 'SAFE' } }));
  });

  test('an override applies wherever the rule fires: nested shells, ssh, file tools', async () => {
    const ctx = context({ overrides: { 'git.reset.hard': 'BLOCKED', 'file.write.persistence': 'BLOCKED' } });
    await expectDenied("bash -c 'git reset --hard'", 'git.reset.hard', ctx);
    await expectDenied("ssh host 'git reset --hard'", 'git.reset.hard', ctx);
    await expectDenied(fileTool('Write', '~/.bashrc'), 'file.write.persistence', ctx);
  });

  test('the read-only rule itself can be re-categorised', async () => {
    await expectAsks('ls', 'safe.read-only', context({ overrides: { 'safe.read-only': 'REQUIRES_APPROVAL' } }));
  });

  test('overriding one rule leaves the others as they were', async () => {
    const ctx = context({ overrides: { 'git.reset.hard': 'BLOCKED' } });
    await expectAsks('git clean -fd', 'git.clean.force', ctx);
    await expectDenied('git push -f origin main', 'git.push.force-protected', ctx);
  });
});

describe('disabledRules turn one rule off', () => {
  test('a disabled rule gives no finding', async () => {
    await expectNoOpinion('git reset --hard', context({ disabledRules: ['git.reset.hard'] }));
  });

  test('other rules on the same line still fire', async () => {
    await expectAsks('git reset --hard && git clean -fd', 'git.clean.force', context({ disabledRules: ['git.reset.hard'] }));
  });

  test('disabling the read-only rule means no auto-allow', async () => {
    await expectNoOpinion('ls', context({ disabledRules: ['safe.read-only'] }));
  });

  test('disabling a file rule lets the file tool through without an opinion', async () => {
    await expectNoOpinion(fileTool('Read', '.env'), context({ disabledRules: ['file.read.secret'] }));
  });

  test('disabling the critical rm rule does not hide a second, independent refusal', async () => {
    await expectDenied('rm -rf ~; mkfs.ext4 /dev/sda1', 'sys.disk.format', context({ disabledRules: ['fs.rm.critical'] }));
  });

  test('the trail records which policy errors were ignored', async () => {
    const c = await run('ls', context({ errors: [{ file: '/home/user/.task-orchestrator/policy.json', message: 'rules[0].category: expected one of SAFE|REQUIRES_APPROVAL|BLOCKED, got "NOPE"' }] }));
    expect(c.trail.some((t) => t.step === 'policy' && t.detail.includes('policy.json'))).toBe(true);
  });
});

describe('custom rules from a policy add findings', () => {
  const rules: CustomRule[] = [
    { id: 'team.terraform', category: 'BLOCKED', reason: 'Terraform runs only in CI here', command: 'terraform' },
    { id: 'team.deploy', category: 'REQUIRES_APPROVAL', reason: 'Deploys need a human', pattern: '^make deploy' },
    { id: 'team.make-test', category: 'SAFE', reason: 'make test is harmless', pattern: '^make test$' },
    { id: 'team.generated', category: 'BLOCKED', reason: 'Generated docs are rebuilt by CI', tool: 'Write', path: '**/docs/generated/**' },
    { id: 'team.webfetch', category: 'REQUIRES_APPROVAL', reason: 'No web access without a human', tool: 'WebFetch' },
    { id: 'team.slack', category: 'BLOCKED', reason: 'No Slack from agents', tool: 'mcp__slack__*' },
  ];
  const ctx = context({ rules });

  test('a command rule matches the command by name', async () => {
    const c = await expectDenied('terraform plan', 'team.terraform', ctx);
    expect(c.reason).toContain('Terraform runs only in CI here');
  });

  test('a command rule matches an absolute path to the command', async () => {
    await expectDenied('/usr/bin/terraform plan', 'team.terraform', ctx);
  });

  test.each(['sudo terraform plan', 'env TF_LOG=1 terraform plan', 'TF_LOG=1 terraform plan', 'cd infra && terraform plan', 'make lint; terraform plan', "bash -c 'terraform plan'", 'command terraform plan'])(
    'a command rule matches after unwrapping and in any segment: %s',
    async (cmd) => {
      await expectDenied(cmd, 'team.terraform', ctx);
    },
  );

  test('a pattern rule matches the normalised segment', async () => {
    await expectAsks('make deploy', 'team.deploy', ctx);
    await expectAsks('make   deploy   ENV=prod', 'team.deploy', ctx);
  });

  test.each(['echo hi; make deploy', 'npm test && make deploy', 'sudo make deploy'])('a pattern rule matches a later segment: %s', async (cmd) => {
    await expectAsks(cmd, 'team.deploy', ctx);
  });

  test('a SAFE custom rule allows what it names', async () => {
    await expectAllowed('make test', 'team.make-test', ctx);
  });

  test('a SAFE custom rule never masks a refusal on the same line', async () => {
    await expectDenied('make test && rm -rf ~', 'fs.rm.critical', ctx);
  });

  test('a custom rule with a path glob applies to file tools', async () => {
    await expectDenied(fileTool('Write', '/home/user/project/docs/generated/a.md'), 'team.generated', ctx);
    await expectNoOpinion(fileTool('Write', '/home/user/project/docs/a.md'), ctx);
  });

  test('a custom rule can name any tool', async () => {
    await expectAsks({ tool_name: 'WebFetch', tool_input: { url: 'https://example.com' } }, 'team.webfetch', ctx);
  });

  test('a custom rule can name MCP tools with a glob', async () => {
    await expectDenied({ tool_name: 'mcp__slack__post_message', tool_input: { text: 'hi' } }, 'team.slack', ctx);
  });

  test('a custom Bash rule does not fire for other commands', async () => {
    await expectAllowed('ls', 'safe.read-only', ctx);
  });

  test('a custom rule is as severe as its category, beside the built-in packs', async () => {
    const c = await run('terraform destroy', ctx);
    expect(c.decision).toBe('deny');
    expect(c.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['team.terraform', 'infra.destroy']));
  });
});

describe('autoAllowSafe=false turns SAFE into no opinion', () => {
  const ctx = context({ autoAllowSafe: false });

  test.each(['ls', 'git status', 'echo hi', 'cat README.md'])('%s gets no opinion, but keeps its rule for explain', async (cmd) => {
    const c = await expectNoOpinion(cmd, ctx);
    expect(c.category).toBe('SAFE');
    expect(c.rule).toBe('safe.read-only');
  });

  test('refusals and approvals are unchanged', async () => {
    await expectDenied('rm -rf ~', 'fs.rm.critical', ctx);
    await expectAsks('git reset --hard', 'git.reset.hard', ctx);
  });

  test('a custom SAFE rule gets no opinion too', async () => {
    const c = await expectNoOpinion('make test', context({ autoAllowSafe: false, rules: [{ id: 'team.make-test', category: 'SAFE', reason: 'fine', pattern: '^make test$' }] }));
    expect(c.rule).toBe('team.make-test');
  });
});

describe('protectedBranches', () => {
  const ctx = context({ protectedBranches: ['main', 'staging', 'env/*'] });

  test.each(['git push --force origin staging', 'git push --force origin env/prod', 'git push -f origin main', 'git push origin +staging'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'git.push.force-protected', ctx);
  });

  test('deleting a listed branch is denied', async () => {
    await expectDenied('git push origin --delete staging', 'git.push.delete-protected', ctx);
  });

  test('a branch no longer listed only asks', async () => {
    await expectAsks('git push -f origin master', 'git.push.force', ctx);
    await expectAsks('git push --force origin feature', 'git.push.force', ctx);
  });

  test('branch globs match case-insensitively', async () => {
    await expectDenied('git push --force origin Staging', 'git.push.force-protected', ctx);
  });

  test('by default main, master, production, prod, release, trunk and release/* are protected', async () => {
    for (const b of ['main', 'master', 'production', 'prod', 'release', 'trunk', 'release/2.1']) {
      await expectDenied(`git push --force origin ${b}`, 'git.push.force-protected');
    }
  });
});

describe('protectedPaths', () => {
  const ctx = context({ protectedPaths: ['**/secrets/**', 'config/prod.yml', '*.secret', '/srv/keys/*'] });

  test.each(['cat config/secrets/db.txt', 'cat config/prod.yml', 'cat app.secret', 'grep x < config/prod.yml', 'cat /srv/keys/a', 'head -1 /home/user/project/config/prod.yml'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'secrets.read', ctx);
    },
  );

  test.each([
    ['Read', '/home/user/project/config/secrets/db.txt'],
    ['Read', 'config/prod.yml'],
    ['Read', '/srv/keys/a'],
  ])('%s %s is denied', async (tool, path) => {
    await expectDenied(fileTool(tool, path), 'file.read.secret', ctx);
  });

  test('writing a protected path asks', async () => {
    await expectAsks(fileTool('Write', '/home/user/project/config/prod.yml'), 'file.write.secret', ctx);
  });

  test('an unlisted neighbour is untouched', async () => {
    await expectAllowed('cat config/dev.yml', 'safe.read-only', ctx);
    await expectNoOpinion(fileTool('Read', 'config/dev.yml'), ctx);
  });

  test('sending a protected path to another host is denied', async () => {
    await expectDenied('scp config/prod.yml host:/tmp', undefined, ctx);
  });

  test('without the policy the same paths are ordinary', async () => {
    await expectAllowed('cat config/prod.yml');
  });
});
