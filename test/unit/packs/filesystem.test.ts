// Filesystem pack: recursive deletes by where they land, their disguises, and writes that change the machine.
import { describe, expect, test } from 'vitest';
import {
  expectAllowed,
  expectAsks,
  expectDenied,
  expectGuarded,
  expectNoDeny,
  expectNoFriction,
  expectSuggestsAlternative,
} from '../helpers/classify.js';

describe('rm -rf of the filesystem root, system directories, home and the project', () => {
  test.each([
    ['rm -rf ~', 'the home directory'],
    ['rm -rf /', 'the filesystem root'],
    ['rm -rf /etc', 'a system directory'],
    ['rm -rf ..', "the project's parent"],
    ['rm -rf ../', "the project's parent, with a trailing slash"],
    ['rm -rf ../../', 'a grandparent of the project'],
    ['rm -rf ./../..', 'a grandparent of the project, spelled with ./'],
    ['rm -rf .', 'the project itself'],
    ['rm -rf /home/user/project', 'the project by absolute path'],
    ['rm -rf /home/user/project/', 'the project with a trailing slash'],
    ['rm -rf /home/user/project/.', 'the project spelled /.'],
    ['rm -rf *', 'every file of the project'],
    ['rm -rf ./*', 'every file of the project, spelled ./*'],
    ['rm -rf /home/user/project/*', 'every file of the project by absolute path'],
    ['rm -rf */', 'every directory of the project'],
    ['rm -rf $HOME', '$HOME'],
    ['rm -rf "$HOME"', 'quoted "$HOME"'],
    ['rm -rf ${HOME}', '${HOME}'],
    ['rm -rf ${HOME:?}', '${HOME:?}'],
    ['rm -rf "${HOME}/"', '"${HOME}/"'],
    ['rm -rf $HOME/..', 'the parent of home'],
    ['rm -rf ~/', '~/'],
    ['rm -rf ~/.', '~/.'],
    ['rm -rf ~/*', 'everything in home'],
    ['rm -rf ~/.*', 'every dotfile in home'],
    ['rm -rf /home/user/*', 'everything in home by absolute path'],
    ['rm -rf /home/user/../user', 'home through a detour'],
    ['rm -rf ~/Documents', 'a direct child of home'],
    ['rm -rf ~/.ssh', 'the SSH directory'],
    ['rm -rf ~/project', 'the project through ~'],
    ['rm -rf "$HOME/project"', 'the project through "$HOME"'],
    ['rm -rf "$PWD"', 'the working directory'],
    ['rm -rf /usr', '/usr'],
    ['rm -rf /var', '/var'],
    ['rm -rf /opt/foo', 'a directory under /opt'],
    ['rm -rf /usr/local/lib/node_modules/x', 'a directory deep under /usr'],
    ['rm -rf /etc/nginx/sites-enabled/x', 'a directory deep under /etc'],
    ['rm -rf /data', 'a top-level directory'],
    ['rm -rf /home', 'every home directory'],
    ['rm -rf /Users', 'every macOS home directory'],
    ['rm -rf /home/other', "another user's home"],
    ['rm -rf ~other', "another user's home through ~name"],
    ['rm -rf ~root', "root's home"],
    ['rm -rf "~"', 'a quoted tilde (conservatively)'],
    ["rm -rf '/'", 'a quoted root'],
    ['rm -rf /tmp/../etc', '/etc through a temp directory'],
    ['rm -rf /tmp/x /etc', 'a temp directory and /etc together'],
    ['rm -rf build /', 'a build directory and the root together'],
    ['rm -rf ../sibling', 'a sibling of the project'],
    ['rm -rf --no-preserve-root /', 'the root with --no-preserve-root'],
    ['rm -r ~', 'home even without -f'],
  ])('%s (%s) is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });

  test('the refusal names the path and suggests deleting the specific subdirectory instead', async () => {
    const c = await expectDenied('rm -rf ~', 'fs.rm.critical');
    expect(c.reason).toContain('/home/user');
    expectSuggestsAlternative(c, /specific subdirectory/);
  });

  // Not refused (both labelled corpora allow it), but never silent: other programs keep files there.
  test('rm -rf /tmp itself (not something in it) asks: other programs live there', async () => {
    await expectAsks('rm -rf /tmp', 'fs.rm.recursive');
  });

  test('rm -rf /var/tmp itself asks', async () => {
    await expectAsks('rm -rf /var/tmp', 'fs.rm.recursive');
  });
});

describe('rm -rf flag spellings', () => {
  test.each([
    'rm -fr ~',
    'rm -r -f ~',
    'rm -f -r ~',
    'rm --recursive --force ~',
    'rm --force --recursive -- ~',
    'rm -Rf ~',
    'rm -R -f ~',
    'rm -rfv ~',
    'rm -vrf ~',
    'rm -i -rf ~',
    'rm -d -r -f ~',
    'rm -rf -- ~',
    'rm -rf --one-file-system ~',
    'rm -r""f ~',
    'rm ‐rf ~', // U+2010 hyphen
    'rm －rf ~', // fullwidth hyphen-minus
    'rm -rf\u00a0~', // no-break space
    'rm -rf ~ 2>/dev/null || true',
    'rm -rf ~ #',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });
});

describe('rm -rf behind wrappers and odd command words', () => {
  test.each([
    'sudo rm -rf /',
    'sudo -u root rm -rf /etc',
    'sudo -E rm -rf /',
    'sudo --preserve-env rm -rf /',
    'sudo rm -rf /*',
    'doas rm -rf /',
    'env X=1 rm -rf ~',
    'env -i rm -rf ~',
    'env -- rm -rf ~',
    "env -S 'rm -rf ~'",
    'FOO=bar rm -rf ~',
    'command rm -rf ~',
    'builtin eval "rm -rf ~"',
    'exec rm -rf ~',
    'nice rm -rf /',
    'nice -n 5 rm -rf ~',
    'timeout 5 rm -rf ~',
    'timeout -s KILL 10 rm -rf ~',
    'time rm -rf ~',
    'nohup rm -rf ~ &',
    'stdbuf -o0 rm -rf ~',
    'ionice -c3 rm -rf ~',
    'busybox rm -rf ~',
    '/usr/bin/rm -rf ~',
    '/bin/rm -rf /',
    '\\rm -rf ~',
    '"rm" -rf ~',
    "'rm' -rf ~",
    "r'm' -rf ~",
    "$'rm' -rf ~",
    "$'\\x72\\x6d' -rf ~", // ANSI-C hex escapes
    "$'\\162\\155' -rf ~", // ANSI-C octal escapes
    'r\\m -rf ~',
    'rm -rf ~ &',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });

  test.each([
    'FOO="a b" rm -rf ~',
    "MSG='two words' rm -rf /",
    'A="1" rm -rf /',
    'true && FOO="x" rm -rf ~',
    'echo ok | FOO="x" rm -rf ~',
  ])('a quoted prefix assignment does not hide the command: %s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });

  test('brace expansion {rm,-rf,~} is read as rm -rf ~ and denied', async () => {
    await expectDenied('{rm,-rf,~}');
  });

  test.each(['$(echo rm) -rf ~', '`echo rm` -rf /', '"$RM" -rf ~', 'rm$IFS-rf$IFS~'])(
    'a command word only known at run time is never waved through: %s',
    async (cmd) => {
      await expectGuarded(cmd);
    },
  );

  test.each(['rimraf /', 'npx rimraf ~', 'npx -y rimraf /etc', 'pnpm dlx rimraf ~', 'bunx rimraf ~', 'npm exec -- rimraf ~'])(
    'rimraf is rm -rf: %s is denied',
    async (cmd) => {
      await expectDenied(cmd);
    },
  );
});

describe('rm -rf hidden in substitutions, nested shells and compound commands', () => {
  test.each([
    'echo $(rm -rf ~)',
    'echo `rm -rf ~`',
    'x=$(rm -rf ~)',
    "bash -c 'rm -rf ~'",
    "sh -lc 'rm -rf /'",
    "eval 'rm -rf ~'",
    'eval "rm -rf /"',
    'bash <<EOF\nrm -rf ~\nEOF',
    "bash <<< 'rm -rf ~'",
    "echo 'rm -rf ~' | sh",
    'find . -name x -exec rm -rf ~ \\;',
    "ssh host 'rm -rf /'",
    'ls && rm -rf ~',
    'ls; rm -rf ~',
    'ls || rm -rf ~',
    'ls | rm -rf ~',
    '(rm -rf ~)',
    '{ rm -rf ~; }',
    'if true; then rm -rf ~; fi',
    'if [ -d x ]; then echo; else rm -rf /; fi',
    'if false; then :; elif true; then rm -rf ~; fi',
    'until false; do rm -rf ~; done',
    'for ((i=0;i<1;i++)); do rm -rf ~; done',
    '[[ -d x ]] && rm -rf ~',
    'test -d x || rm -rf ~',
    '! rm -rf ~',
    'time (rm -rf ~)',
    'coproc rm -rf ~',
    'for d in a b; do rm -rf ~; done',
    'while true; do rm -rf /; done',
    'case x in x) rm -rf ~;; esac',
    'f() { rm -rf ~; }; f',
    'function cleanup { rm -rf /; }; cleanup',
    'diff <(rm -rf ~) x',
    'cd / && rm -rf *',
    'cd ~ && rm -rf *',
    "sh -c 'cd / && rm -rf *'",
    'D=/; rm -rf "$D"',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.critical');
  });

  test('a variable assigned ~ earlier on the line still means home: x=~; rm -rf $x is denied', async () => {
    await expectDenied('x=~; rm -rf $x', 'fs.rm.critical');
  });

  test('cd changes where relative paths point: cd .. && rm -rf project is denied', async () => {
    await expectDenied('cd .. && rm -rf project', 'fs.rm.critical');
  });

  test('cd /etc && rm -rf nginx is denied', async () => {
    await expectDenied('cd /etc && rm -rf nginx', 'fs.rm.critical');
  });

  test('pushd / && rm -rf usr is denied', async () => {
    await expectDenied('pushd / && rm -rf usr', 'fs.rm.critical');
  });

  test('cd build && rm -rf * empties the build directory: asked, not denied', async () => {
    await expectAsks('cd build && rm -rf *', 'fs.rm.recursive');
  });
});

describe('rm -rf inside the project asks, never denies', () => {
  test.each([
    'rm -rf build',
    'rm -rf node_modules',
    'rm -rf ./dist',
    'rm -rf dist build .cache',
    'rm -rf node_modules dist .next',
    'rm -rf src',
    'rm -rf .git',
    'rm -rf /home/user/project/build',
    'rm -rf node_modules && npm install',
    'sudo rm -rf build',
    'rm --recursive --force coverage',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'fs.rm.recursive');
  });

  test('the approval reason says the files may not be recoverable', async () => {
    const c = await expectAsks('rm -rf build', 'fs.rm.recursive');
    expect(c.reason).toMatch(/recoverable|approve/i);
    expect(c.reason).toContain('rm -rf build');
  });

  test.each(['rm -r build', 'rm file.txt', 'rm -f file.txt', 'rm -f *.log', 'rm src/old.ts', 'rmdir empty', 'unlink foo'])(
    'without -rf, %s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );
});

describe('rm -rf in temp directories', () => {
  test.each(['rm -rf /tmp/x', 'rm -rf /var/tmp/cache', 'rm -rf $TMPDIR/foo', 'rm -rf "${TMPDIR}/build-1"', 'rm -rf /tmp/*', 'rm -rf /tmp/a /tmp/b'])(
    '%s is neither denied nor asked',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );
});

describe('rm -rf elsewhere under home asks', () => {
  test.each(['rm -rf ~/projects/other', 'rm -rf ~/.cache/pip', 'rm -rf ~/.npm/_cacache', 'rm -rf ../other-project/build'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'fs.rm.recursive');
    },
  );
});

describe('rm -rf of a path only known at run time asks', () => {
  test.each([
    'rm -rf "$DIR"',
    'rm -rf $DIR/',
    'rm -rf "${BUILD_DIR:?}/"*',
    'rm -rf "$(pwd)"',
    'rm -rf `pwd`',
    'rm -rf $(pwd)/..',
    'echo ~ | xargs rm -rf',
    'ls | xargs rm -rf',
    "find . -name '*.tmp' -print0 | xargs -0 rm -rf",
    'xargs -I{} rm -rf {} < list.txt',
    'xargs -a list.txt rm -rf',
    'find . -exec rm -rf {} \\;',
    'ls | parallel rm -rf',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'fs.rm.dynamic');
  });

  test('an explicit critical target after xargs is still denied', async () => {
    await expectDenied('xargs rm -rf ~ < /dev/null', 'fs.rm.critical');
  });
});

describe('deleting single files in protected places', () => {
  test.each(['rm /etc/passwd', 'unlink /etc/passwd', 'rm -f /etc/hosts', 'rm /usr/bin/node'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.rm.system-file');
  });
});

describe('rm as data is never refused', () => {
  test.each([
    'echo "rm -rf ~"',
    "printf 'rm -rf /\\n'",
    'grep -r "rm -rf" .',
    "rg 'rm -rf /' src",
    "sed -n '/rm -rf/p' file",
    'echo "rm -rf ~" | grep rm',
    "grep -e 'rm -rf' <<< \"rm -rf /\"",
    "grep rm <<< 'rm -rf ~'",
    'cat <<EOF\nrm -rf ~\nEOF',
  ])('%s is allowed as read-only', async (cmd) => {
    await expectAllowed(cmd);
  });

  test.each([
    "awk '/rm -rf \\//' x",
    'git commit -m "remove rm -rf ~ usage"',
    'git commit -m "$(cat <<\'EOF\'\nfix: guard against rm -rf /\nEOF\n)"',
    "tee notes.txt <<EOF\nrm -rf /\nEOF",
    "tee script.sh <<'EOF'\n#!/bin/sh\nrm -rf ~\nEOF",
    'cat > notes.md <<EOF\nDo not run rm -rf / ever\nEOF',
    "echo 'rm -rf ~' > danger.txt",
    'alias nuke="rm -rf ~"',
    "python3 -c \"print('rm -rf /')\"",
    'node -e "console.log(\'rm -rf /\')"',
  ])('%s is not denied', async (cmd) => {
    await expectNoDeny(cmd);
  });

  test.each(['rm --help', 'rm -rf --help', 'man rm', 'which rm', 'type rm', 'command -v rm'])('%s is not denied', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('find -delete and find -exec rm', () => {
  test.each(["find . -name '*.pyc' -delete", 'find /tmp -mtime +7 -delete', 'find . -type d -empty -delete'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'fs.find.delete');
  });

  test.each(['find / -name x -delete', 'find ~ -delete', 'find /etc -name "*.conf" -delete', 'find / -exec rm -rf {} \\;', 'sudo find / -delete'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'fs.find.delete-critical');
    },
  );

  test('find . -type d -name node_modules -exec rm -rf {} + asks', async () => {
    await expectAsks('find . -type d -name node_modules -exec rm -rf {} +');
  });

  test('find -exec rm {} + deletes every match just like -delete: it asks', async () => {
    await expectAsks('find . -type f -exec rm {} +', 'fs.find.delete');
  });

  test('find ~ … -exec rm {} \\; deletes under home just like find ~ -delete: denied', async () => {
    await expectDenied("find ~ -name '*.bak' -exec rm {} \\;", 'fs.find.delete-critical');
  });

  test.each(["find . -name '*.test.ts' | head", "find . -name '*.ts' -not -path './node_modules/*'", 'find . -type f -newer x'])(
    'a listing find %s is allowed',
    async (cmd) => {
      await expectAllowed(cmd);
    },
  );

  test("find . -name '*.ts' -exec grep -l foo {} + is not refused", async () => {
    await expectNoFriction("find . -name '*.ts' -exec grep -l foo {} +");
  });
});

describe('shred and truncate', () => {
  test('shred -r asks', async () => {
    await expectAsks('shred -r dir', 'fs.shred');
  });

  test('shred of a disk device is denied', async () => {
    await expectDenied('shred /dev/sda', 'fs.write.device');
  });

  test('truncate of a system file is denied', async () => {
    await expectDenied('truncate -s 0 /etc/hosts', 'fs.truncate.critical');
  });

  test('truncate of a project log has no friction', async () => {
    await expectNoFriction('truncate -s 0 log.txt');
  });
});

describe('chmod, chown and chgrp', () => {
  test.each(['chmod -R 777 /', 'chmod -R 000 /', 'chmod -R 755 ~', 'chown -R user:user /', 'sudo chown -R me /usr', 'chgrp -R staff /etc', 'chmod --recursive 700 ~/Documents'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'fs.chmod.critical');
    },
  );

  test.each(['chmod u+s /usr/bin/foo', 'chmod 4755 foo', 'chmod g+s dir', 'sudo chmod 2755 /usr/local/bin/x'])('%s (setuid/setgid) is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.chmod.setuid');
  });

  test.each(['chmod 777 file', 'chmod a+rwx file', 'chmod o+w file'])('%s (world-writable) asks', async (cmd) => {
    await expectAsks(cmd, 'fs.chmod.world-writable');
  });

  test.each(['chmod +x script.sh', 'chmod +x scripts/*.sh', 'chmod 644 README.md', 'chown -R me ./src', 'chmod -R u+w ./build'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('mv of critical directories', () => {
  test.each(['mv ~ /tmp/x', 'mv /etc /tmp', 'mv /home/user/project /tmp/p', 'mv .. /tmp/x', 'sudo mv /usr /usr.bak'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.move.critical');
  });

  test.each(['mv a.txt b.txt', 'mv src/old.ts src/new.ts', 'mv build /tmp/old-build'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('writes to disks, system files and start-up files', () => {
  test.each(['echo x > /dev/sda', 'cat img > /dev/sda', '> /dev/sda', ': > /dev/sda', 'cat /dev/zero > /dev/nvme0n1', 'dd if=/dev/zero of=/dev/sda', 'cp disk.img /dev/sdb', 'cat <<EOF > /dev/sda\nx\nEOF'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'fs.write.device');
    },
  );

  test.each(['echo x | sudo tee /etc/sudoers', 'echo "bob ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers', 'cp x /etc/sudoers.d/bob', 'ln -sf /tmp/x /usr/bin/x', 'cp evil /bin/ls'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'fs.write.critical-config');
    },
  );

  test.each(['cp x /etc/hosts', 'echo x > /etc/hosts', 'sed -i "s/a/b/" /etc/hosts', 'sudo tee /etc/nginx/nginx.conf < x', 'cat > /etc/hosts <<EOF\nx\nEOF', 'cat <<EOF > /etc/hosts\nx\nEOF'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'fs.write.system');
    },
  );

  test.each(['echo x >> ~/.bashrc', 'echo "export PATH=$PATH:~/bin" >> ~/.zshrc', 'echo x > .git/hooks/pre-commit', 'cp hook .git/hooks/pre-push', 'tee -a ~/.profile < x', 'cat <<EOF >> ~/.bashrc\nalias x=y\nEOF'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'fs.write.persistence');
    },
  );

  test.each(['echo x > /dev/null', 'ls 2>/dev/null', 'cmd > /dev/stderr', 'echo x >&2', 'dd if=/dev/sda of=backup.img', 'dd if=/dev/zero of=out.img bs=1M count=1'])(
    '%s is not refused',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );
});

describe('routine file work has no friction', () => {
  test.each([
    'mkdir -p build',
    'mkdir -p src/utils && touch src/utils/index.ts',
    'touch a',
    'cp -r src /tmp/x',
    'cp -r templates/ out/',
    "sed -i 's/a/b/' src/x.ts",
    "sed -i 's/foo/bar/g' src/*.ts",
    'ln -s ../shared shared',
    'tar xzf archive.tar.gz',
    'unzip -o build.zip -d out/',
    'echo hi > out.txt',
    'ls > files.txt 2>&1',
    'cat a b > c',
    'truncate -s 0 out.log',
  ])('%s', async (cmd) => {
    await expectNoFriction(cmd);
  });

  test.each(['ls', 'ls -la', 'pwd', 'cat README.md', 'head -n 20 src/index.ts', 'wc -l src/*.ts', 'du -sh node_modules', 'tree -L 2 -I node_modules', 'stat package.json', 'ls -la && pwd', 'file x.png', 'diff a.txt b.txt'])(
    '%s is allowed as read-only',
    async (cmd) => {
      await expectAllowed(cmd);
    },
  );
});

describe('setfacl is a permission change like chmod', () => {
  test('setfacl -m u:nobody:rwx /etc/shadow asks', async () => {
    await expectAsks('setfacl -m u:nobody:rwx /etc/shadow', 'fs.chmod.system');
  });

  test('setfacl -R -m o::rwx /etc is denied', async () => {
    await expectDenied('setfacl -R -m o::rwx /etc', 'fs.chmod.critical');
  });

  test.each(['setfacl -R -m u:me:rwx ./src', 'getfacl /etc/shadow'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('output options that name a disk', () => {
  test.each(['tar -cf /dev/sda .', 'tar czf /dev/sdb ./src', 'tar --create --file=/dev/sda .', 'sort -o /dev/sda x', 'curl -o /dev/nvme0n1 https://example.com/img'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'fs.write.device');
  });

  test.each(['tar -xf /dev/st0', 'tar xf /dev/st0', 'tar -tf /dev/st0', 'tar cvf /dev/null .', 'ssh -o /dev/null host', "curl -o /dev/null -s -w '%{http_code}' https://example.com"])('%s is not denied', async (cmd) => {
    await expectNoDeny(cmd);
  });
});
