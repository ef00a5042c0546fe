// Git pack: force pushes by branch, remote deletes, and everything that throws away uncommitted work.
import { describe, expect, test } from 'vitest';
import {
  expectAllowed,
  expectAsks,
  expectDenied,
  expectNoDeny,
  expectNoFriction,
  expectNoOpinion,
  expectSuggestsAlternative,
} from '../helpers/classify.js';

describe('git push --force to a protected branch', () => {
  test.each([
    'git push --force origin main',
    'git push -f origin main',
    'git push origin main --force',
    'git push origin --force main',
    'git push origin +main',
    'git push origin +HEAD:main',
    'git push --force origin master',
    'git push --force origin production',
    'git push --force origin release/1.2',
    'git push --force origin trunk',
    'git push --force origin HEAD:main',
    'git push --force origin feature:main',
    'git push --force origin refs/heads/main',
    'git push -uf origin main',
    'git push --force --set-upstream origin main',
    'git push --force=true origin main',
    'git push ‐‐force origin main', // unicode hyphens
    'git -C /x push --force origin main',
    'git -c user.name=x push -f origin main',
    'git --git-dir=.git push -f origin main',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'git.push.force-protected');
  });

  test.each([
    'sudo git push --force origin main',
    'env GIT_TRACE=1 git push --force origin main',
    'command git push -f origin main',
    "bash -c 'git push --force origin main'",
    "sh -c 'git push -f origin main'",
    "eval 'git push --force origin main'",
    'sh <<EOF\ngit push --force origin main\nEOF',
    'sh <<< "git push -f origin main"',
    "ssh host 'git push --force origin main'",
    'git add . && git commit -m wip && git push --force origin main',
    'git push --force origin main; echo done',
    '(cd repo && git push -f origin main)',
    'for r in a b; do git push -f origin main; done',
    'GIT_SSH_COMMAND="ssh -i k" git push --force origin main',
  ])('behind a wrapper or in a compound: %s is denied', async (cmd) => {
    await expectDenied(cmd, 'git.push.force-protected');
  });

  test('the refusal suggests --force-with-lease or a pull request', async () => {
    const c = await expectDenied('git push --force origin main', 'git.push.force-protected');
    expectSuggestsAlternative(c, /--force-with-lease|pull request/);
  });

  test('force-pushing every branch (--all) includes the protected ones: denied', async () => {
    await expectDenied('git push --all --force', 'git.push.force-protected');
  });
});

describe('git push --force to other branches', () => {
  test.each(['git push --force origin feature', 'git push -f origin feature', 'git push origin +feature', 'git push --force origin fix/login', 'git push --force', 'git push -f', 'git status && git push origin HEAD --force'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'git.push.force');
    },
  );

  test('the approval reason suggests --force-with-lease', async () => {
    const c = await expectAsks('git push --force origin feature', 'git.push.force');
    expectSuggestsAlternative(c, /--force-with-lease/);
  });
});

describe('git push --force-with-lease', () => {
  test.each(['git push --force-with-lease origin feature', 'git push --force-with-lease', 'git push --force-if-includes --force-with-lease origin fix/x'])(
    '%s has no opinion: the lease protects others\' work on an unprotected branch',
    async (cmd) => {
      await expectNoOpinion(cmd);
    },
  );

  // The original classifier listed this as a miss: a lease is safer than --force, but it still rewrites
  // the history of a branch everyone shares, so a human approves it (never a refusal).
  test.each([
    'git push --force-with-lease origin main',
    'git push --force-with-lease=main:abc123 origin main',
    'git push --force-if-includes --force-with-lease origin main',
  ])('%s to a protected branch asks', async (cmd) => {
    await expectAsks(cmd, 'git.push.force-lease-protected');
  });
});

describe('git push that deletes remote refs', () => {
  test.each(['git push origin :main', 'git push origin --delete main', 'git push origin --delete master', 'git push -d origin release/2.0'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'git.push.delete-protected');
  });

  test.each(['git push origin --delete feature', 'git push -d origin feature', 'git push origin :feature', 'git push origin :refs/tags/v1.0'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.push.delete');
  });

  test('git push --mirror asks', async () => {
    await expectAsks('git push --mirror', 'git.push.mirror');
  });
});

describe('ordinary pushes', () => {
  test.each(['git push', 'git push origin feature', 'git push -u origin feature', 'git push origin main', 'git push origin --tags', 'git push --dry-run --force origin main'])(
    '%s is not refused',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );

  test.each(['git push', 'git push origin feature', 'git push -u origin feature', 'git push origin release/1.2', 'git push origin v2-rewrite', 'git push --dry-run --tags'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('pushes that publish or deploy', () => {
  test.each(['git push origin --tags', 'git push --follow-tags origin main', 'git push origin v1.4.0', 'git tag v1.4.0 && git push origin v1.4.0', 'git push origin refs/tags/nightly', 'git push upstream 2.0.0-rc.1'])(
    '%s pushes a release tag: asks',
    async (cmd) => {
      await expectAsks(cmd, 'git.push.release');
    },
  );

  test.each(['git push heroku main', 'git push heroku-staging HEAD:main', 'git push dokku main', 'git push production HEAD:master', 'git push https://git.heroku.com/myapp.git main', 'git push dokku@apps.example.com:api main'])(
    '%s deploys: asks',
    async (cmd) => {
      await expectAsks(cmd, 'git.push.deploy');
    },
  );
});

describe('discarding uncommitted work', () => {
  test.each(['git reset --hard', 'git reset --hard HEAD~3', 'git reset --hard origin/main', 'git reset --merge', 'git reset ‐‐hard', 'git reset\n--hard', 'git reset --hard && git clean -fdx'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'git.reset.hard');
    },
  );

  test('the reset approval suggests git stash', async () => {
    const c = await expectAsks('git reset --hard', 'git.reset.hard');
    expectSuggestsAlternative(c, /git stash/);
  });

  test.each(['git checkout -- .', 'git checkout .', 'git checkout HEAD -- src/a.ts', 'git checkout main -- src/', "git checkout -- '*.ts'"])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.checkout.discard');
  });

  test.each(['git checkout -f main', 'git checkout --force main', 'git switch -f main', 'git switch --discard-changes main'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.checkout.force');
  });

  test.each(['git restore file.ts', 'git restore .', 'git restore --worktree x', 'git restore -W --staged x'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.restore.worktree');
  });

  test.each(['git clean -fd', 'git clean -fdx', 'git clean -f', 'git clean --force -d'])('%s asks', async (cmd) => {
    const c = await expectAsks(cmd, 'git.clean.force');
    expectSuggestsAlternative(c, /git clean -n/);
  });

  test.each(['git branch -D feature', 'git branch -d -f feature', 'git branch --delete --force feature'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.branch.force-delete');
  });

  test.each(['git stash drop', 'git stash clear', 'git stash drop stash@{1}'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.stash.drop');
  });

  test('git worktree remove --force asks', async () => {
    await expectAsks('git worktree remove --force ../wt', 'git.worktree.force-remove');
  });
});

describe('rewriting history', () => {
  test.each([
    'git filter-branch --tree-filter x HEAD',
    'git filter-repo --path x --invert-paths',
    'git reflog expire --expire=now --all',
    'git reflog delete HEAD@{1}',
    'git gc --prune=now',
    'git gc --prune=now --aggressive',
    'git update-ref -d refs/heads/x',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'git.history.rewrite');
  });
});

describe('git -c settings that execute commands', () => {
  test.each([
    ["git -c core.pager='rm -rf ~' log", 'fs.rm.critical'],
    ["git -c core.sshCommand='rm -rf /' fetch", 'fs.rm.critical'],
    ["git -c alias.x='!rm -rf ~' x", 'fs.rm.critical'],
    ["git -c core.editor='git push -f origin main' commit", 'git.push.force-protected'],
  ])('the command in %s is judged like any other', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test('a harmless executed setting still asks', async () => {
    await expectAsks("git -c core.pager='less -R' log", 'git.config.exec');
  });
});

describe('git text that is only data', () => {
  test.each([
    'git commit -m "git push --force origin main"',
    'git commit -m "fix: don\'t git reset --hard"',
    'git commit -am "remove rm -rf ~ from the docs"',
    'git commit -m "$(cat <<\'EOF\'\nchore: stop git push -f origin main\nEOF\n)"',
    'git tag -a v1 -m "git clean -fdx before release"',
    'git log --grep="reset --hard"',
    'echo "git push --force origin main"',
    'grep -rn "git reset --hard" docs/',
    'cat <<EOF\ngit push -f origin main\nEOF',
  ])('%s is not refused', async (cmd) => {
    await expectNoDeny(cmd);
  });

  test.each(['git commit -m "git push --force origin main"', 'git commit -m "drop support for node 16"', 'git add -A && git commit -m "feat: remove deprecated delete endpoint"'])(
    '%s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );

  test.each(['git push --help', 'git reset --help', 'git clean --help', 'git clean -n', 'git clean --dry-run', 'git clean -n -d'])('%s is not refused or asked', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('read-only git is allowed', () => {
  test.each([
    'git status',
    'git log --oneline -5',
    'git log --pretty="%h %s" -n 5',
    'git diff HEAD~1',
    'git diff --stat',
    'git show HEAD',
    'git branch',
    'git branch -a',
    'git remote -v',
    'git stash list',
    'git rev-parse HEAD',
    'git blame src/index.ts',
    'git ls-files',
    'git config --get user.name',
    'git status && git diff',
  ])('%s', async (cmd) => {
    await expectAllowed(cmd);
  });
});

describe('routine git work has no friction', () => {
  test.each([
    'git add .',
    'git commit -am wip',
    'git fetch',
    'git pull',
    'git pull --rebase',
    'git checkout main',
    'git checkout -b feature',
    'git checkout -b fix/delete-user',
    'git switch feature',
    'git switch -c new',
    'git stash',
    'git stash pop',
    'git stash && git pull --rebase && git stash pop',
    'git merge feature',
    'git rebase --continue',
    'git merge --abort',
    'git reset --soft HEAD~1',
    'git reset HEAD file',
    'git restore --staged file.ts',
    'git branch -d feature',
    'git tag v1.0',
    'git cherry-pick abc',
    'git revert HEAD',
    'git worktree add ../wt',
    'git gc',
    'git clone https://github.com/x/y',
    'git submodule update --init',
  ])('%s', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('reasons', () => {
  test('the decision names the command that was judged', async () => {
    const c = await expectDenied('ls && git push -f origin main', 'git.push.force-protected');
    expect(c.reason).toContain('git push -f origin main');
  });
});
