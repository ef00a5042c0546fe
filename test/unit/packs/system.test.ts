// System pack: disks, power, processes, scheduled jobs, firewalls, accounts, history, Windows forms.
import { describe, test } from 'vitest';
import { expectAllowed, expectAsks, expectDenied, expectNoDeny, expectNoFriction } from '../helpers/classify.js';

describe('formatting and repartitioning disks', () => {
  test.each([
    'mkfs.ext4 /dev/sda1',
    'mkfs -t ext4 /dev/sdb',
    'mkfs.xfs -f /dev/nvme0n1p1',
    'sudo mkfs.xfs /dev/nvme0n1',
    'mkfs.vfat -F 32 /dev/sdc1',
    'mke2fs /dev/sda1',
    'mkswap /dev/sda2',
    'fdisk /dev/sda',
    'sfdisk /dev/sda < layout',
    'parted /dev/sda rm 1',
    'parted -s /dev/sda mklabel gpt',
    'wipefs -a /dev/sda',
    'sgdisk --zap-all /dev/sda',
    "bash -c 'mkfs.ext4 /dev/sda1'",
    "ssh host 'sudo mkfs.ext4 /dev/sdb'",
    'echo y | mkfs.ext4 /dev/sdb1',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'sys.disk.format');
  });

  test.each(['mkfs.ext4 --help', 'fdisk -l', 'parted --help', 'man mkfs', 'grep mkfs /var/log/syslog', 'echo "mkfs.ext4 /dev/sda1"'])('%s is not refused', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('writing raw data to disk devices', () => {
  test.each([
    'dd if=/dev/zero of=/dev/sda',
    'dd if=/dev/zero of=/dev/sda bs=1M',
    'dd if=/dev/urandom of=/dev/nvme0n1',
    'sudo dd if=image.iso of=/dev/disk2 bs=4m',
    'dd of=/dev/sda if=/dev/zero',
    'sudo dd if=/dev/zero of=/dev/mmcblk0 status=progress',
    '> /dev/sda',
    ': > /dev/sda',
    'echo x > /dev/sda',
    'cat /dev/zero > /dev/sda',
    'cat image.iso | sudo tee /dev/sdb',
    'shred /dev/sda',
    'shred -n 3 -z /dev/nvme0n1',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, /^(fs\.write\.device|sys\.disk\.dd-device)$/);
  });

  test.each(['dd if=/dev/sda of=backup.img', 'dd if=/dev/zero of=out.img bs=1M count=1', 'dd if=/dev/zero of=/tmp/swap bs=1M count=10', 'echo x > /dev/null', 'cat /dev/urandom | head -c 16 | base64'])(
    '%s is not refused',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );
});

describe('fork bombs', () => {
  test.each([':(){ :|:& };:', 'bomb() { bomb | bomb & }; bomb', 'f(){ f|f & }; f', 'function x { x | x & }; x', ":(){ :|: & };:"])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'sys.fork-bomb');
  });

  test.each(['f() { echo hi; }; f', 'retry() { "$@" || retry "$@"; }; retry ls', 'echo ":(){ :|:& };:"'])('%s is not refused', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('power', () => {
  test.each(['shutdown -h now', 'shutdown -r now', 'sudo shutdown now', 'reboot', 'sudo reboot', 'poweroff', 'halt', 'init 0', 'init 6', 'systemctl poweroff', 'systemctl reboot', 'sudo systemctl halt', "ssh host 'sudo reboot'"])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'sys.power');
    },
  );

  test.each(['shutdown --help', 'echo "shutdown -h now"', 'uptime', 'last reboot'])('%s is not refused', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('killing every process', () => {
  test.each(['kill -9 -1', 'kill -KILL -1', 'kill -s KILL -1', 'sudo kill -9 -1', 'kill 1', 'sudo kill -9 1', 'killall5 -9'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'sys.kill.all');
  });

  test.each(['kill -9 1234', 'kill %1', 'kill $(lsof -t -i:3000)', 'pkill -f vite', 'killall node', 'lsof -ti:3000 | xargs kill -9', 'kill -0 1234'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('services, cron, firewalls, accounts and history', () => {
  test.each(['systemctl stop nginx', 'sudo systemctl disable sshd', 'systemctl mask docker', 'systemctl --user stop app'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.service.stop');
  });

  test.each(['crontab -r', 'crontab -ir', 'crontab -u bob -r'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.cron.remove');
  });

  test.each(['iptables -F', 'sudo iptables --flush', 'iptables -P INPUT ACCEPT', 'nft flush ruleset', 'ufw disable', 'ufw reset', 'setenforce 0'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.firewall');
  });

  test.each(['userdel bob', 'passwd root', 'usermod -aG sudo bob', 'useradd -m eve', 'visudo', 'chpasswd < list', 'sudo deluser bob'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.accounts');
  });

  test.each(['history -c', 'history -cw'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.history.erase');
  });

  test.each(['systemctl status nginx', 'systemctl restart nginx', 'crontab -l', 'iptables -L', 'ufw status', 'sudo apt-get update', 'apt-get install -y curl', 'brew install jq'])(
    '%s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );

  test.each(['history', 'uptime', 'df -h', 'free -m', 'ps aux', 'lsof -i :3000', 'whoami', 'uname -a', 'id'])('%s is allowed', async (cmd) => {
    await expectAllowed(cmd);
  });
});

describe('Windows forms', () => {
  test('format c: is denied', async () => {
    await expectDenied('format c:', 'sys.windows.format');
  });

  test.each(['rd /s /q build', 'del /s /q build\\*', 'Remove-Item -Recurse -Force build'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.windows.delete');
  });

  test.each(['rd /s /q C:\\', 'Remove-Item -Recurse -Force C:\\', 'del /s /q C:\\Windows'])('deleting a whole drive or the Windows directory (%s) is denied', async (cmd) => {
    await expectDenied(cmd);
  });
});

describe('kernel triggers', () => {
  test('echo b > /proc/sysrq-trigger reboots at once: denied', async () => {
    await expectDenied('echo b > /proc/sysrq-trigger');
  });
});

describe('killing processes by name', () => {
  test.each(['killall -9 postgres', 'pkill -9 -f vite', 'killall -s KILL mysqld', 'pkill --signal=KILL java', 'pkill -SIGKILL node', 'pkill -u bob'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.kill.by-name');
  });

  test.each(['pkill -f vite', 'killall node', 'pkill -u bob vim', 'pkill vim -u bob', 'killall -u bob -s TERM vim', 'killall -l', 'kill -9 1234', 'pkill -TERM -f "next dev"'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('hiding what was run', () => {
  test.each(['unset HISTFILE', 'export HISTFILE=/dev/null', 'HISTSIZE=0', 'HISTFILE=', '> ~/.bash_history', 'rm ~/.bash_history', 'cat /dev/null > ~/.zsh_history', 'ln -sf /dev/null ~/.bash_history', 'cp /dev/null ~/.local/share/fish/fish_history'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'sys.history.erase');
    },
  );

  test.each(['export HISTSIZE=10000', 'unset FOO', 'FOO=1 npm test', 'cat ~/.bash_history', 'grep docker ~/.zsh_history', 'echo x >> notes_history.txt'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('stopping services outside systemd', () => {
  test.each(['service nginx stop', 'rc-service nginx stop', 'launchctl unload -w /Library/LaunchDaemons/com.example.agent.plist', 'launchctl bootout system/com.example.agent'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sys.service.stop');
  });

  test.each(['service nginx status', 'service --status-all', 'launchctl list', 'service postgresql restart'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe("entering the host's namespaces", () => {
  test.each(['nsenter -t 1 -m -u -i -n sh', 'nsenter -t 1 -a', 'nsenter --target=1 --mount bash'])('%s is a root shell on the host: asks', async (cmd) => {
    await expectAsks(cmd, 'exec.root-shell');
  });

  test('nsenter -t 1 -m -- rm -rf /var/lib/docker is denied like the rm it runs', async () => {
    await expectDenied('nsenter -t 1 -m -- rm -rf /var/lib/docker', 'fs.rm.critical');
  });

  test.each(['nsenter --target 4242 --net ss -tlnp'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});
