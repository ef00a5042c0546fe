// Interpreters: code that runs code — shells given a script (-c, stdin, heredocs, here-strings), eval,
// xargs, parallel, find -exec, watch, ssh, su, and inline python/node/ruby/perl/php/deno.
import { describe, expect, test } from 'vitest';
import { expectAsks, expectDenied, expectGuarded, expectNoDeny, expectNoFriction } from '../helpers/classify.js';

describe('sh -c / bash -c bodies are judged like the top level', () => {
  test.each([
    ["bash -c 'rm -rf /'", 'fs.rm.critical'],
    ['bash -c "rm -rf ~"', 'fs.rm.critical'],
    ["sh -c 'git push -f origin main'", 'git.push.force-protected'],
    ["zsh -c 'rm -rf ~'", 'fs.rm.critical'],
    ["dash -c 'rm -rf ~'", 'fs.rm.critical'],
    ["fish -c 'rm -rf ~'", 'fs.rm.critical'],
    ["bash -xc 'rm -rf ~'", 'fs.rm.critical'],
    ["bash -e -c 'rm -rf ~'", 'fs.rm.critical'],
    ["bash --norc -c 'rm -rf ~'", 'fs.rm.critical'],
    ["sh -lc 'rm -rf /'", 'fs.rm.critical'],
    ["bash -o pipefail -c 'rm -rf ~'", 'fs.rm.critical'],
    ["/bin/sh -c 'rm -rf ~'", 'fs.rm.critical'],
    ["/usr/bin/env bash -c 'rm -rf ~'", 'fs.rm.critical'],
    ["sudo bash -c 'rm -rf /'", 'fs.rm.critical'],
    ["bash -c 'bash -c \"rm -rf ~\"'", 'fs.rm.critical'],
    ["bash -c \"sh -c 'eval \\\"rm -rf ~\\\"'\"", 'fs.rm.critical'],
    ["bash -c 'cd / && rm -rf *'", 'fs.rm.critical'],
    ["bash -c 'psql -c \"DROP DATABASE prod\"'", 'db.sql.drop-database'],
    ["sh -c 'mkfs.ext4 /dev/sda1'", 'sys.disk.format'],
    ["bash -c 'task-orchestrator inbox approve 1'", 'self.approve'],
    ["bash -c 'cat .env'", 'secrets.read'],
    ['bash -c "echo hi\nrm -rf ~"', 'fs.rm.critical'],
  ])('%s is denied by %s', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test.each([
    ["sudo sh -c 'echo x > /etc/hosts'", 'fs.write.system'],
    ["bash -c 'git reset --hard'", 'git.reset.hard'],
    ["sh -c 'npm publish'", 'publish.package'],
  ])('%s asks by %s', async (cmd, rule) => {
    await expectAsks(cmd, rule);
  });

  test('a multi-line -c script keeps its lines apart even when the rest of the line needs the full parser', async () => {
    await expectDenied('(cd .); bash -c "echo hi\nrm -rf ~"', 'fs.rm.critical');
  });

  test('a multi-line double-quoted -c script inside if … fi keeps its lines apart', async () => {
    await expectDenied('if true; then sh -c "echo start\ngit push --force origin main"; fi', 'git.push.force-protected');
  });

  test.each(['bash -c "$CMD"', 'bash -c "$(cat script.sh)"', 'sh -c "$1"', 'ls | xargs sh -c', 'cat script.sh | bash', 'some-generator | sh'])('a script only known at run time asks: %s', async (cmd) => {
    await expectAsks(cmd, 'exec.dynamic-script');
  });

  test.each(["bash -c 'echo hi'", "bash -c 'ls -la'", "sh -c 'npm test'", 'bash script.sh', 'bash ./deploy.sh', 'sh -n script.sh', 'echo ls | bash'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('eval', () => {
  test.each([
    ["eval 'rm -rf ~'", 'fs.rm.critical'],
    ['eval "rm -rf /"', 'fs.rm.critical'],
    ['eval rm -rf ~', 'fs.rm.critical'],
    ["builtin eval 'git push -f origin main'", 'git.push.force-protected'],
  ])('%s is denied by %s', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test("eval 'git reset --hard' asks", async () => {
    await expectAsks("eval 'git reset --hard'", 'git.reset.hard');
  });

  test.each(['eval "$CMD"', 'eval $(ssh-agent)', 'eval "$(direnv hook bash)"', 'eval "$(pyenv init -)"'])('%s asks: its text is only known at run time', async (cmd) => {
    await expectAsks(cmd, 'exec.dynamic-script');
  });
});

describe('heredocs and here-strings fed to a shell or an interpreter', () => {
  test.each([
    ['bash <<EOF\nrm -rf ~\nEOF', 'fs.rm.critical'],
    ["bash <<'EOF'\nrm -rf ~\nEOF", 'fs.rm.critical'],
    ['bash <<-EOF\n\trm -rf ~\n\tEOF', 'fs.rm.critical'],
    ['sh <<EOF\ngit push --force origin main\nEOF', 'git.push.force-protected'],
    ['bash -s <<EOF\nrm -rf /\nEOF', 'fs.rm.critical'],
    ['sudo bash <<EOF\nrm -rf /\nEOF', 'fs.rm.critical'],
    ["ssh host bash <<'EOF'\nrm -rf /\nEOF", 'fs.rm.critical'],
    ["python3 <<EOF\nimport shutil\nshutil.rmtree('/')\nEOF", 'fs.rm.critical'],
    ["python3 - <<EOF\nimport shutil\nshutil.rmtree('/home/user')\nEOF", 'fs.rm.critical'],
    ["node <<'EOF'\nrequire('child_process').execSync('rm -rf ~')\nEOF", 'fs.rm.critical'],
    ["bash <<< 'rm -rf ~'", 'fs.rm.critical'],
    ['sh <<< "git push -f origin main"', 'git.push.force-protected'],
    ["echo 'rm -rf ~' | bash", 'fs.rm.critical'],
    ["echo 'rm -rf ~' | sh", 'fs.rm.critical'],
    ["printf 'rm -rf /\\n' | sh", 'fs.rm.critical'],
    ["cat <<'EOF' | sh\nrm -rf ~\nEOF", 'fs.rm.critical'],
    ['cat <<EOF | bash\nrm -rf /\nEOF', 'fs.rm.critical'],
  ])('%s is denied by %s', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test.each([
    'cat <<EOF\nrm -rf ~\nEOF',
    "tee script.sh <<'EOF'\n#!/bin/sh\nrm -rf ~\nEOF",
    'cat > notes.md <<EOF\nDo not run rm -rf / ever\nEOF',
    "cat <<'EOF' > deploy.sh\ngit push --force origin main\nEOF",
    "grep rm <<< 'rm -rf ~'",
    "wc -l <<< 'rm -rf /'",
    'git commit -F- <<EOF\nchore: never rm -rf ~\nEOF',
  ])('a heredoc or here-string that is only data is not refused: %s', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('xargs', () => {
  test.each(["ls | xargs bash -c 'rm -rf ~'", 'xargs rm -rf ~ < /dev/null', 'echo x | xargs -I{} rm -rf /', 'echo . | xargs -0 -n1 sudo rm -rf /'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });

  test.each(['echo ~ | xargs rm -rf', 'ls | xargs rm -rf', 'echo / | xargs -I{} rm -rf {}', "ls | xargs -I{} sh -c 'rm -rf {}'", 'cat dirs.txt | xargs -P4 rm -rf'])(
    '%s asks: the target arrives at run time',
    async (cmd) => {
      await expectAsks(cmd, 'fs.rm.dynamic');
    },
  );

  test.each(['echo x | xargs -n1 echo', 'find . -name "*.ts" | xargs wc -l', 'git ls-files | xargs grep -l TODO', 'lsof -ti:3000 | xargs kill -9'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('GNU parallel', () => {
  test.each(['parallel rm -rf ::: ~ /', "parallel ::: 'rm -rf ~' 'echo hi'", "parallel 'git push -f origin {}' ::: main"])('%s is denied', async (cmd) => {
    await expectDenied(cmd);
  });

  test('parallel rm -rf {} ::: build dist asks', async () => {
    await expectAsks('parallel rm -rf {} ::: build dist', 'fs.rm.recursive');
  });

  test('parallel fed command lines from a pipe asks', async () => {
    await expectAsks('cat cmds.txt | parallel', 'exec.dynamic-script');
  });

  test('parallel echo ::: a b has no friction', async () => {
    await expectNoFriction('parallel echo ::: a b');
  });
});

describe('find -exec', () => {
  test.each([
    ['find . -exec rm -rf ~ \\;', 'fs.rm.critical'],
    ['find . -execdir rm -rf ~ \\;', 'fs.rm.critical'],
    ["find . -exec sh -c 'rm -rf ~' \\;", 'fs.rm.critical'],
    ["find . -name x -exec bash -c 'git push -f origin main' \\;", 'git.push.force-protected'],
    ['find / -exec rm -rf {} \\;', 'fs.find.delete-critical'],
    ['find . -name "*.sql" -exec psql -c "DROP TABLE users" \\;', 'db.sql.drop-table'],
  ])('%s is denied by %s', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test.each(["find . -name '*.ts' -exec grep -l foo {} +", 'find . -type f -exec chmod 644 {} \\;', 'find . -name "*.md" -exec wc -l {} +'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('ssh remote commands', () => {
  test.each([
    ["ssh host 'rm -rf /'", 'fs.rm.critical'],
    ['ssh -p 22 user@host "rm -rf ~"', 'fs.rm.critical'],
    ['ssh host rm -rf /', 'fs.rm.critical'],
    ["ssh -i key -o StrictHostKeyChecking=no host 'rm -rf /'", 'fs.rm.critical'],
    ["ssh -t host 'sudo rm -rf /var'", 'fs.rm.critical'],
    ["ssh host 'sudo reboot'", 'sys.power'],
    ["ssh host 'git push --force origin main'", 'git.push.force-protected'],
    ["ssh db 'psql -c \"DROP DATABASE prod\"'", 'db.sql.drop-database'],
    ['ssh -J bastion host "mkfs.ext4 /dev/sdb"', 'sys.disk.format'],
  ])('%s is denied by %s', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test('the reason says the command runs on the remote host', async () => {
    const c = await expectDenied("ssh prod-db 'rm -rf /var/lib/postgresql'", 'fs.rm.critical');
    expect(c.reason).toContain('prod-db');
  });

  test.each(['ssh host ls', "ssh -i key host 'uptime'", 'ssh host', 'ssh -N -L 5432:localhost:5432 db', "ssh host 'tail -n 100 /var/log/app.log'"])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('inline code: python -c, node -e, ruby -e, perl -e, php -r, deno eval', () => {
  test.each([
    "python -c \"import shutil; shutil.rmtree('/')\"",
    "python3 -c 'import os; os.system(\"rm -rf ~\")'",
    "python3 -c \"import subprocess; subprocess.run(['rm','-rf','/'])\"",
    "python3 -c \"import subprocess; subprocess.call('rm -rf ~', shell=True)\"",
    "python3 -c \"import os; os.popen('rm -rf ~').read()\"",
    "node -e \"require('child_process').execSync('rm -rf ~')\"",
    "node -e \"require('fs').rmSync('/', {recursive:true, force:true})\"",
    "node -e \"const {execSync} = require('child_process'); execSync('rm -rf /')\"",
    "ruby -e 'system(\"rm -rf ~\")'",
    "ruby -e '`rm -rf /`'",
    "ruby -e 'require \"fileutils\"; FileUtils.rm_rf(\"/\")'",
    "perl -e 'system(\"rm -rf /\")'",
    "perl -e '`rm -rf ~`'",
    "php -r 'shell_exec(\"rm -rf /\");'",
    "deno eval \"Deno.removeSync('/', {recursive: true})\"",
    "bun -e \"Bun.spawnSync(['rm','-rf','/'])\"",
    "sudo python3 -c \"import shutil; shutil.rmtree('/etc')\"",
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });

  test("python3 -c \"import shutil; shutil.rmtree('build')\" asks", async () => {
    await expectAsks("python3 -c \"import shutil; shutil.rmtree('build')\"", 'code.delete-tree');
  });

  test.each(["python3 -c \"import os; os.system(input())\"", "node -e \"require('child_process').execSync(process.argv[1])\""])('%s asks: the command is built at run time', async (cmd) => {
    await expectAsks(cmd, 'code.exec-dynamic');
  });

  test.each([
    "python3 -c \"print('rm -rf /')\"",
    "python3 -c \"import os; print(os.getcwd())\"",
    "node -e \"console.log('rm -rf /')\"",
    'node -e "console.log(process.version)"',
    'node -p "1+1"',
    "ruby -e 'puts \"rm -rf /\"'",
    "perl -e 'print \"rm -rf /\\n\"'",
    "perl -pi -e 's/a/b/' file.txt",
    "php -r 'echo \"rm -rf /\";'",
    'python script.py',
    'python -m pytest',
    'python -m venv .venv',
    'node server.js',
    'python3 -c "import json,sys; print(json.load(sys.stdin))" < package.json',
  ])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('watch, su, root shells and other wrappers', () => {
  test.each([
    ["watch -n 5 'rm -rf ~'", 'fs.rm.critical'],
    ["su -c 'rm -rf /'", 'fs.rm.critical'],
    ["sudo su -c 'rm -rf /'", 'fs.rm.critical'],
    ["nohup bash -c 'rm -rf ~' &", 'fs.rm.critical'],
    ["timeout 10 sh -c 'rm -rf ~'", 'fs.rm.critical'],
    ["env -i bash -c 'rm -rf ~'", 'fs.rm.critical'],
    ['FOO="x" bash -c \'rm -rf ~\'', 'fs.rm.critical'],
    ["CMD='rm -rf ~'; $CMD", 'fs.rm.critical'],
  ])('%s is denied by %s', async (cmd, rule) => {
    await expectDenied(cmd, rule);
  });

  test.each(['sudo su', 'sudo -i', 'sudo -s', 'su root', 'sudo bash', 'sudo -u root sh'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'exec.root-shell');
  });

  test.each(['watch -n 1 ls', 'watch kubectl get pods', 'time npm test', 'nice -n 10 make -j4', 'timeout 60 npm test'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('package runners run whatever they name', () => {
  test.each([
    ["npx -y rimraf /", 'any'],
    ["npm exec -- bash -c 'rm -rf ~'", 'fs.rm.critical'],
    ["pnpm dlx bash -c 'rm -rf ~'", 'fs.rm.critical'],
    ["npx --yes -- sh -c 'git push -f origin main'", 'git.push.force-protected'],
    ["uvx --from x sh -c 'rm -rf ~'", 'fs.rm.critical'],
  ])('%s is denied', async (cmd, rule) => {
    await expectDenied(cmd, rule === 'any' ? undefined : rule);
  });
});

describe('commands the parser cannot settle', () => {
  test.each(["bash -c 'rm -rf ~", 'rm -rf ~ )', 'if true; then rm -rf ~'])('a malformed command with a destructive part is never waved through: %s', async (cmd) => {
    await expectGuarded(cmd);
  });

  test('a huge command is refused rather than analysed partially', async () => {
    await expectDenied('echo ' + 'a'.repeat(1_000_001), 'shell.too-large');
  });

  test('nesting beyond the analysis depth asks', async () => {
    let cmd = 'rm -rf build';
    for (let i = 0; i < 8; i++) cmd = `bash -c ${JSON.stringify(cmd)}`;
    await expectGuarded(cmd);
  });
});
