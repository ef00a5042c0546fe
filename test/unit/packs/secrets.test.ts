// Secrets pack: key material read into the conversation, packed into archives, and secret-store writes.
import { describe, expect, test } from 'vitest';
import {
  context,
  expectAllowed,
  expectAsks,
  expectDenied,
  expectNoDeny,
  expectNoFriction,
  expectNotAllowed,
  expectSuggestsAlternative,
} from '../helpers/classify.js';

describe('reading .env files', () => {
  test.each([
    'cat .env',
    'cat ./.env',
    'cat .env.local',
    'cat .env.production',
    'cat config/.env',
    'cat /home/user/project/.env',
    'cat ../other/.env',
    'cat prod.env',
    'head -n 5 .env',
    'tail .env',
    'less .env',
    'more .env',
    'bat .env',
    'grep API_KEY .env',
    'rg SECRET .env',
    "awk -F= '{print $1}' .env",
    'cut -d= -f1 .env',
    'sed -n 1p .env',
    'sort .env',
    'base64 .env',
    'xxd .env',
    'diff .env .env.example',
    'cat < .env',
    'node app.js < .env',
    'while read l; do echo $l; done < .env',
    'export $(cat .env | xargs)',
    'env $(cat .env) node app.js',
    'sudo cat .env',
    "bash -c 'cat .env'",
    'ls && cat .env',
    'cat .env | pbcopy',
    'python -c "print(open(\'.env\').read())"',
    'node -e "console.log(require(\'fs\').readFileSync(\'.env\',\'utf8\'))"',
    'ruby -e \'puts File.read(".env")\'',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'secrets.read');
  });

  test('the refusal suggests .env.example or variable names', async () => {
    const c = await expectDenied('cat .env', 'secrets.read');
    expectSuggestsAlternative(c, /\.env\.example|variable names/);
    expect(c.reason).toContain('/home/user/project/.env');
  });

  test.each(['cat .env.example', 'cat .env.sample', 'cat .env.template', 'cat .env.dist', 'cat .env.defaults', 'cat config/.env.example', 'grep -c KEY .env', 'grep -q API_KEY .env', 'ls .env', 'ls -la .env*', 'test -f .env && echo ok', 'stat .env', 'wc -l .env', 'echo .env', 'grep -r "API_KEY" src/'])(
    '%s is allowed',
    async (cmd) => {
      await expectAllowed(cmd);
    },
  );

  test.each(['cp .env.example .env', 'source .env', '. .env', 'set -a; source .env; set +a', 'git add .env.example', 'cp .env .env.bak', 'docker run --env-file .env img', 'npx dotenv -e .env -- node app.js'])(
    '%s is not refused (nothing is printed)',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );
});

describe('reading keys and credentials', () => {
  test.each([
    'cat ~/.ssh/id_rsa',
    'cat ~/.ssh/id_ed25519',
    'cat $HOME/.ssh/id_rsa',
    'cat "$HOME/.aws/credentials"',
    'cat /home/user/.ssh/id_ecdsa',
    'cat ~/.aws/credentials',
    'cat ~/.kube/config',
    'cat ~/.docker/config.json',
    'cat ~/.npmrc',
    'cat .npmrc',
    'cat ~/.pypirc',
    'cat ~/.netrc',
    'cat ~/.git-credentials',
    'cat ~/.pgpass',
    'cat ~/.config/gh/hosts.yml',
    'cat ~/.config/gcloud/application_default_credentials.json',
    'cat ~/.claude/.credentials.json',
    'cat server.key',
    'cat certs/privkey.pem',
    'cat config/master.key',
    'cat credentials.json',
    'cat service-account.json',
    'cat id_rsa',
    'cat keystore.jks',
    'cat /etc/shadow',
    'sudo cat /etc/shadow',
    'cat /etc/ssh/ssh_host_ed25519_key',
    'xxd ~/.ssh/id_rsa',
    'strings ~/.ssh/id_rsa',
    'openssl rsa -in server.key -text',
    'cat ~/.ssh/*',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'secrets.read');
  });

  test.each(['cat ~/.ssh/id_rsa.pub', 'cat ~/.ssh/known_hosts', 'cat ~/.ssh/config', 'cat ~/.aws/config', 'cat cert.pem', 'cat /etc/passwd', 'ls -la ~/.ssh', 'ls ~/.aws'])(
    '%s is allowed',
    async (cmd) => {
      await expectAllowed(cmd);
    },
  );

  test.each(['ssh-keygen -y -f ~/.ssh/id_rsa', 'ssh-keygen -lf ~/.ssh/id_rsa', 'ssh-keygen -t ed25519', 'ssh-add ~/.ssh/id_ed25519', 'ssh -i ~/.ssh/id_rsa host uptime', 'chmod 600 ~/.ssh/id_rsa'])(
    '%s is not refused',
    async (cmd) => {
      await expectNoDeny(cmd);
    },
  );

  test('git show of a committed .env prints it: denied', async () => {
    await expectDenied('git show HEAD:.env');
  });

  test('gpg --export-secret-keys --armor prints the private key: denied', async () => {
    await expectDenied('gpg --armor --export-secret-keys');
  });

  test.each(['printenv AWS_SECRET_ACCESS_KEY', 'echo $GITHUB_TOKEN', 'echo "$OPENAI_API_KEY"'])('printing a secret-named variable (%s) is not auto-allowed', async (cmd) => {
    await expectNotAllowed(cmd);
  });
});

describe('packing secrets into archives', () => {
  test.each(['tar czf keys.tgz ~/.ssh', 'zip -r backup.zip ~/.ssh', 'tar cf - ~/.gnupg | gzip > g.tgz', 'zip creds.zip ~/.aws/credentials', 'tar czf env.tgz .env'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'secrets.archive');
  });

  test.each(['tar czf src.tgz src', 'zip -r dist.zip dist', 'tar xzf archive.tar.gz'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('secret managers: writes ask, reads do not', () => {
  test.each([
    'vault kv put secret/x a=1',
    'vault kv delete secret/x',
    'vault write auth/x/config k=v',
    'op item delete x',
    'op item edit x password=y',
    'doppler secrets set X=1',
    'doppler secrets delete X',
    'infisical secrets set X=1',
    'aws secretsmanager delete-secret --secret-id x',
    'aws secretsmanager put-secret-value --secret-id x --secret-string y',
    'aws ssm delete-parameter --name x',
    'gcloud secrets delete x',
    'gcloud secrets versions destroy 1 --secret=x',
    'gh secret set X',
    'gh secret delete X',
    'gh variable set X --body 1',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'secrets.store-write');
  });

  test.each(['vault kv get secret/x', 'op item get x', 'doppler secrets get X', 'aws secretsmanager list-secrets', 'gh secret list', 'gcloud secrets list'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('protected paths from the policy', () => {
  test('a path listed in protectedPaths reads like a secret', async () => {
    await expectDenied('cat config/prod.yml', 'secrets.read', context({ protectedPaths: ['config/prod.yml'] }));
    await expectAllowed('cat config/prod.yml');
  });
});
