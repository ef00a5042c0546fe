// redact(): every secret shape the store must never keep, and ordinary text left exactly as it was.
import { describe, expect, test } from 'vitest';
import { HINT_WORDS, redact, RULE_HINTS } from '../../../server/engine/redact.js';

/** Asserts the secret is gone, the marker names its kind, and the text around it is kept. */
function expectRedacted(input: string, secret: string, kind: string, kept: string[] = []): void {
  const out = redact(input);
  expect(out).not.toContain(secret);
  expect(out).toContain(`«redacted:${kind}»`);
  for (const k of kept) expect(out).toContain(k);
  expect(redact(out)).toBe(out); // idempotent
}

describe('API keys and tokens', () => {
  test('OpenAI keys (sk-…, sk-proj-…)', () => {
    expect(redact('OPENAI=sk-abc123DEF456ghi789JKL012mno345')).toBe('OPENAI=«redacted:openai-key»');
    expectRedacted('curl api -k sk-proj-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWx', 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWx', 'openai-key', ['curl api -k ']);
  });

  test('Anthropic keys (sk-ant-…)', () => {
    const key = 'sk-ant-api03-AbCdEf012345_GhIjKl678901-MnOpQr';
    expectRedacted(`ANTHROPIC_API_KEY=${key} claude`, key, 'anthropic-key', ['ANTHROPIC_API_KEY=', ' claude']);
    expect(redact(`key ${key} here`)).toBe('key «redacted:anthropic-key» here');
  });

  test('AWS access key ids (AKIA…)', () => {
    expect(redact('aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE')).toBe('aws configure set aws_access_key_id «redacted:aws-key»');
    expectRedacted('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI', 'secret');
  });

  test('GitHub tokens (ghp_, gho_, github_pat_)', () => {
    expect(redact('git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r')).not.toContain('ghp_abcdef');
    expect(redact('token gho_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')).toBe('token «redacted:github-token»');
    expect(redact('GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF')).toBe('GH=«redacted:github-token»');
  });

  test('Slack tokens (xoxb-, xoxp-)', () => {
    expect(redact('slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx')).toBe('slack «redacted:slack-token»');
    expect(redact('xoxp-1234-5678-abcdefghij')).toBe('«redacted:slack-token»');
  });

  test('Google API keys (AIza…)', () => {
    expect(redact('maps?key=AIzaSyA-1234567890abcdefghijklmnopqrstu&x=1')).toBe('maps?key=«redacted:google-key»&x=1');
  });

  test('JWTs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(redact(`cookie session=${jwt}; path=/`)).toBe('cookie session=«redacted:jwt»; path=/');
  });

  test('Stripe, npm, Hugging Face and GitLab tokens', () => {
    expect(redact('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('«redacted:stripe-key»');
    expect(redact('//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789')).not.toContain('npm_abc');
    expect(redact('hf_abcdefghijklmnopqrstuvwxyzABCDEFGH')).toBe('«redacted:huggingface-token»');
    expect(redact('glpat-abcdefghij0123456789')).toBe('«redacted:gitlab-token»');
  });
});

describe('private keys', () => {
  test('a whole BEGIN … PRIVATE KEY block, any key type', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc+/=\n-----END RSA PRIVATE KEY-----';
    expect(redact(`cat <<EOF > k\n${pem}\nEOF`)).toBe('cat <<EOF > k\n«redacted:private-key»\nEOF');
    expect(redact('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----')).toBe('«redacted:private-key»');
    expect(redact('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqh')).toBe('«redacted:private-key»'); // truncated paste
  });

  test('public keys and certificates stay', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(redact(cert)).toBe(cert);
  });
});

describe('passwords', () => {
  test('password=… and password: …', () => {
    expect(redact('db password=hunter2 host=x')).toBe('db password=«redacted:password» host=x');
    expect(redact('{"user":"bob","password":"hunter2"}')).toBe('{"user":"bob","password":"«redacted:password»"}');
    expect(redact('DB_PASSWORD="s3cr3t word" ./run')).toBe('DB_PASSWORD="«redacted:password»" ./run');
  });

  test('--password … and --password=…', () => {
    expect(redact('psql --password s3cret -h db')).toBe('psql --password «redacted:password» -h db');
    expect(redact('tool --password=s3cret --verbose')).toBe('tool --password=«redacted:password» --verbose');
    expect(redact("vault login --token 'hvs.abcdef'")).toBe("vault login --token '«redacted:token»'");
    expect(redact('cli --api-key abc123 --client-secret xyz')).toBe('cli --api-key «redacted:secret» --client-secret «redacted:secret»');
  });

  test('mysql -p<password> (glued), but not `-p` followed by a database name', () => {
    expect(redact('mysql -u root -phunter2 shop')).toBe('mysql -u root -p«redacted:password» shop');
    expect(redact('mysqldump -uroot -pS3cr3t! db > d.sql')).toBe('mysqldump -uroot -p«redacted:password» db > d.sql');
    expect(redact('mysql -u root -p shop')).toBe('mysql -u root -p shop');
    expect(redact('sshpass -p hunter2 ssh host')).toBe('sshpass -p «redacted:password» ssh host');
  });

  test('Authorization headers', () => {
    expect(redact('curl -H "Authorization: Bearer abc.def.ghi123" https://api')).toBe('curl -H "Authorization: Bearer «redacted:bearer»" https://api');
    expect(redact("curl -H 'Authorization: Basic dXNlcjpwYXNz' x")).toBe("curl -H 'Authorization: Basic «redacted:basic»' x");
    expect(redact('{"authorization":"token ghx1234567890"}')).toBe('{"authorization":"token «redacted:token»"}');
    expect(redact('Authorization: abcdef123456')).toBe('Authorization: «redacted:authorization»');
  });

  test('URLs with user:password@', () => {
    expect(redact('git clone https://bob:hunter2@git.example.com/r.git')).toBe('git clone https://bob:«redacted:password»@git.example.com/r.git');
    expect(redact('DATABASE_URL=postgres://app:p%40ss@db:5432/app psql')).toBe('DATABASE_URL=postgres://app:«redacted:password»@db:5432/app psql');
    expect(redact('curl -u admin:hunter2 https://x')).toBe('curl -u admin:«redacted:password» https://x');
  });

  test('export X_TOKEN=… and other secret-named variables', () => {
    expect(redact('export X_TOKEN=abc123 && run')).toBe('export X_TOKEN=«redacted:token» && run');
    expect(redact('export GITHUB_TOKEN=$(cat f)')).not.toMatch(/GITHUB_TOKEN=\$\(cat/);
    expect(redact('STRIPE_SECRET=whsec_1 MY_API_KEY=k1 SIGNING_KEY=zz node app')).toBe(
      'STRIPE_SECRET=«redacted:secret» MY_API_KEY=«redacted:secret» SIGNING_KEY=«redacted:secret» node app',
    );
  });
});

describe('ordinary text is unchanged', () => {
  const ordinary = [
    'ls -la /tmp',
    'git push origin feature/login --force-with-lease',
    'npm install --save-dev typescript@5.9.3',
    'rm -rf node_modules && npm ci',
    'The password policy requires 12 characters.',
    'grep -rn "token" src/ | wc -l',
    'curl https://example.com/api/v1/users?page=2',
    'docker run -p 8080:80 nginx',
    'ssh -p 2222 user@host',
    'task-orchestrator inbox list --json',
    'sort_key=name max_tokens=100 keyboard=us',
    'python -m pip install scikit-learn',
    'const sk = require("sk-lib"); // a disk-based cache',
    'echo $HOME; cd "$PWD"',
    'kubectl get secrets -n prod',
    'Bearer tokens are described in RFC 6750.',
    '«redacted:password» is what a redacted value looks like',
    '',
  ];
  test.each(ordinary)('%s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('the quick pre-test (HINT_WORDS) never skips a text some rule would look at', () => {
  const covered = (text: string) => HINT_WORDS.some((w) => text.toLowerCase().includes(w));
  // Each alternative of each rule's hint, in several cases.
  const witnesses = [
    'PRIVATE KEY-----', 'eyJ', 'sk-ant-', 'sk-', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_',
    'github_pat_', 'glpat-', 'xox', 'xapp-', 'AIza', '_live_', '_test_', 'npm_', 'hf_', 'authorization', 'Authorization',
    'bearer', 'Bearer', '://', '-u', '--user', '-pass', '--PWD', '-token', '--Secret', '-key', '--auth', '--db-password',
    'mysql', 'mariadb', 'sshpass', 'pass', 'PWD', 'Secret', 'TOKEN', 'key', 'credential', 'Credentials', '_KEY', '_PAT',
  ];
  test.each(witnesses)('%s', (w) => {
    expect(RULE_HINTS.some((h) => h.test(w)), `${w} is not a hint witness`).toBe(true);
    expect(covered(w)).toBe(true);
    expect(covered(`x ${w} y`)).toBe(true);
  });

  test('random texts: whenever a hint matches, the pre-test passes', () => {
    const alphabet = 'aAbBcCdDeEgGhHiIkKlLmMnNoOpPrRsStTuUwWxXyYzZjJ_-:/ 0';
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let hinted = 0;
    for (let i = 0; i < 50_000; i++) {
      const len = 2 + Math.floor(rand() * 10);
      let t = '';
      for (let j = 0; j < len; j++) t += alphabet[Math.floor(rand() * alphabet.length)];
      if (RULE_HINTS.some((h) => h.test(t))) {
        hinted++;
        expect(covered(t), t).toBe(true);
      }
    }
    expect(hinted).toBeGreaterThan(100);
  });
});

describe('markers do not nest', () => {
  test('a token used as the user of a URL is one marker, not a garbled one', () => {
    const token = `ghp_${'a'.repeat(36)}`;
    const out = redact(`git clone https://${token}@github.com/o/r.git`);
    expect(out).toBe('git clone https://«redacted:github-token»@github.com/o/r.git');
    expect(redact(out)).toBe(out);
  });

  test('user:password after a redacted token still loses the password', () => {
    const out = redact('curl https://bob:hunter2@example.com/x');
    expect(out).toBe('curl https://bob:«redacted:password»@example.com/x');
  });
});
