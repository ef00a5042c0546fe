// Email sync's pure parts: the rules (category, request phrases, due dates, the task), which body part
// is read, HTML to text, the configuration from the environment, and error messages without the password.
import { describe, expect, test } from 'vitest';
import {
  analyzeEmail, categorizeEmail, describeImapError, dueFromText, EmailSyncError, htmlToText, IMAP_ENV, imapConfigFromEnv, isLoopback, requestPhrase, syncEmail, textPart,
} from '../../../server/engine/tasks/index.js';

const MON = Date.parse('2025-03-03T10:00:00Z');

describe('email categories from the subject', () => {
  test.each([
    ['URGENT: checkout is failing', 'urgent'],
    ['Need this ASAP', 'urgent'],
    ['Action required: confirm your address', 'action_required'],
    ['Please sign the NDA', 'action_required'],
    ['Following up on the proposal', 'follow_up'],
    ['Reminder: dentist', 'follow_up'],
    ['The Weekly digest #42', 'newsletter'],
    ['Lunch on Thursday', 'informational'],
    ['Your transaction receipt', 'informational'], // "transaction" is not "action"
  ])('%s → %s', (subject, category) => {
    expect(categorizeEmail(subject)).toBe(category);
  });
});

describe('request phrases in the body', () => {
  test('the trigger phrases, whole words, any case and spacing', () => {
    expect(requestPhrase('Hi,\nCould you send the slides?')).toBe('could you');
    expect(requestPhrase('we NEED   YOU TO sign')).toBe('need you to');
    expect(requestPhrase('The deadline is near')).toBe('deadline');
    expect(requestPhrase('Send it by Friday.')).toBe('by friday');
    expect(requestPhrase('pleased to meet you; canyon trip')).toBeNull();
    expect(requestPhrase('FYI, the build is green.')).toBeNull();
  });

  test('due dates from "by tomorrow / by <weekday> / by EOD": 17:00 that day in the time zone', () => {
    expect(dueFromText('by tomorrow please', MON, 'UTC')).toBe(Date.parse('2025-03-04T17:00:00Z'));
    expect(dueFromText('by Friday', MON, 'UTC')).toBe(Date.parse('2025-03-07T17:00:00Z'));
    expect(dueFromText('by Monday', MON, 'UTC')).toBe(Date.parse('2025-03-10T17:00:00Z')); // next Monday, not today
    expect(dueFromText('by end of day', MON, 'Europe/Berlin')).toBe(Date.parse('2025-03-03T16:00:00Z'));
    expect(dueFromText('sometime next month', MON, 'UTC')).toBeNull();
  });
});

describe('the task an email makes', () => {
  const email = (subject: string, text: string) => ({ subject, from: 'Ana <ana@example.com>', date: MON, text });

  test('a request makes "Review and respond to: <subject>", priority from the urgency', () => {
    const a = analyzeEmail(email('URGENT: invoice   #12', 'Can you approve this by tomorrow?\nThanks'), 'UTC');
    expect(a).toEqual({
      category: 'urgent', request: 'can you',
      task: { title: 'Review and respond to: URGENT: invoice #12', priority: 'high', due: Date.parse('2025-03-04T17:00:00Z'), tags: ['email', 'urgent'], snippet: 'Can you approve this by tomorrow? Thanks' },
    });
    expect(analyzeEmail(email('Contract', 'Would you look at clause 4?'), 'UTC').task?.priority).toBe('low');
    expect(analyzeEmail(email('Action required: contract', 'Would you look at clause 4?'), 'UTC').task).toMatchObject({ priority: 'medium', tags: ['email', 'action-required'] });
  });

  test('no request, or a newsletter, makes no task', () => {
    expect(analyzeEmail(email('URGENT: outage resolved', 'All systems are back.'), 'UTC')).toEqual({ category: 'urgent', request: null, task: null });
    expect(analyzeEmail(email('Weekly digest', 'Please share this with a friend!'), 'UTC').task).toBeNull();
  });

  test('an empty subject still makes a readable title', () => {
    expect(analyzeEmail(email('  ', 'please call me'), 'UTC').task?.title).toBe('Review and respond to: (no subject)');
  });
});

describe('which part is the body', () => {
  test('single part, alternative, mixed with attachments, html only, and nothing readable', () => {
    expect(textPart({ type: 'text/plain' })).toEqual({ part: '1', html: false });
    expect(textPart({ type: 'multipart/alternative', childNodes: [{ part: '1', type: 'text/html' }, { part: '2', type: 'text/plain' }] })).toEqual({ part: '2', html: false });
    expect(textPart({
      type: 'multipart/mixed',
      childNodes: [
        { part: '1', type: 'multipart/alternative', childNodes: [{ part: '1.1', type: 'text/plain' }, { part: '1.2', type: 'text/html' }] },
        { part: '2', type: 'text/plain', disposition: 'attachment' },
      ],
    })).toEqual({ part: '1.1', html: false });
    expect(textPart({ type: 'multipart/mixed', childNodes: [{ part: '1', type: 'text/plain', disposition: 'attachment' }, { part: '2', type: 'text/html' }] })).toEqual({ part: '2', html: true });
    expect(textPart({ type: 'multipart/mixed', childNodes: [{ part: '1', type: 'image/png' }, { part: '2', type: 'message/rfc822' }] })).toBeNull();
    expect(textPart(undefined)).toBeNull();
  });

  test('html to text', () => {
    expect(htmlToText('<html><head><style>p{}</style></head><body><p>Could you <b>review</b> &amp; sign?</p><p>Thanks&nbsp;&#x263A;</p><script>x()</script></body></html>'))
      .toBe('Could you review & sign?\nThanks ☺');
  });
});

describe('the mailbox configuration from the environment', () => {
  const full = { [IMAP_ENV.host]: 'imap.example.com', [IMAP_ENV.user]: 'me@example.com', [IMAP_ENV.password]: 'app-password-123' };

  test('defaults: TLS on port 993, INBOX; SECURE=false means port 143', () => {
    expect(imapConfigFromEnv(full)).toEqual({ ok: true, config: { host: 'imap.example.com', port: 993, secure: true, user: 'me@example.com', password: 'app-password-123', mailbox: 'INBOX' } });
    const plain = imapConfigFromEnv({ ...full, [IMAP_ENV.secure]: 'false', [IMAP_ENV.mailbox]: 'Work' });
    expect(plain.ok && plain.config).toMatchObject({ port: 143, secure: false, mailbox: 'Work' });
    const port = imapConfigFromEnv({ ...full, [IMAP_ENV.port]: '1993' });
    expect(port.ok && port.config.port).toBe(1993);
  });

  test('missing variables are named; malformed ones are explained; the password never appears', () => {
    const none = imapConfigFromEnv({});
    expect(none).toMatchObject({ ok: false, missing: [IMAP_ENV.host, IMAP_ENV.user, IMAP_ENV.password] });
    expect(!none.ok && none.message).toMatch(/^email sync is not configured: set TASK_ORCHESTRATOR_IMAP_HOST, TASK_ORCHESTRATOR_IMAP_USER, TASK_ORCHESTRATOR_IMAP_PASSWORD/);
    const bad = imapConfigFromEnv({ ...full, [IMAP_ENV.port]: 'imap', [IMAP_ENV.secure]: 'maybe' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('TASK_ORCHESTRATOR_IMAP_SECURE must be true or false, got "maybe"');
    expect(!bad.ok && bad.message).toContain('TASK_ORCHESTRATOR_IMAP_PORT must be a TCP port (1–65535), got "imap"');
    expect(!bad.ok && bad.message).not.toContain('app-password-123');
    expect(imapConfigFromEnv({ ...full, [IMAP_ENV.password]: '   ' })).toMatchObject({ ok: false, missing: [IMAP_ENV.password] });
  });
});

describe('IMAP errors', () => {
  const ctx = { hostPort: 'imap.example.com:993', stage: 'connect', user: 'me@example.com', mailbox: 'INBOX', secrets: ['pa55-w0rd-xyz'] };

  test.each([
    [{ message: 'Command failed', authenticationFailed: true, responseText: 'Authentication failed.' }, 'AUTH', /authentication failed for user me@example.com \(server: Authentication failed\.\)/],
    [{ message: 'connect ECONNREFUSED 127.0.0.1:993', code: 'ECONNREFUSED' }, 'CONNECT', /connection refused/],
    [{ message: 'getaddrinfo ENOTFOUND imap.example.com', code: 'ENOTFOUND' }, 'CONNECT', /host not found/],
    [{ message: '80EC4E4CB27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:', code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'TLS', /TLS failed during connect: wrong version number \(the server did not answer with TLS.*IMAP_SECURE=true is for TLS ports/],
    [{ message: 'self-signed certificate', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'TLS', /TLS failed/],
    [{ message: 'Failed to establish connection in required time', code: 'CONNECT_TIMEOUT' }, 'TIMEOUT', /timed out during connect/],
    [{ message: 'Unexpected close', code: 'ClosedAfterConnectText' }, 'CONNECT', /closed the connection.*is this an IMAP port/],
    [{ message: 'Mailbox does not exist', mailboxMissing: true }, 'MAILBOX', /mailbox "INBOX" does not exist/],
  ])('%o → %s', (raw, code, message) => {
    const e = describeImapError(raw, ctx);
    expect(e.code).toBe(code);
    expect(e.server).toBe('imap.example.com:993');
    expect(e.message).toMatch(/^IMAP imap\.example\.com:993: /);
    expect(e.message).toMatch(message);
  });

  test('only loopback hosts may get a password without TLS', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopback(h)).toBe(true);
    for (const h of ['imap.example.com', '10.0.0.1', '128.0.0.1', '127.0.0.1.example.com']) expect(isLoopback(h)).toBe(false);
  });

  test('the password is scrubbed from anything the server or socket said', () => {
    const e = describeImapError({ message: 'LOGIN me@example.com pa55-w0rd-xyz rejected', responseText: 'bad pa55-w0rd-xyz' }, ctx);
    expect(e.message).not.toContain('pa55-w0rd-xyz');
    expect(e.message).toContain('«redacted»');
  });
});

describe('sync settings', () => {
  test('bad settings are refused before any connection, naming the fields; the password is not echoed', async () => {
    const store = { read: async () => { throw new Error('must not be reached'); }, write: async () => { throw new Error('must not be reached'); } };
    const err = (await syncEmail(store, { host: 'imap.example.com', port: 99999, secure: 'yes', user: 'me', password: 'Sup3r-secret-pw', maxMessages: 0 } as never)
      .catch((e: unknown) => e)) as EmailSyncError;
    expect(err).toBeInstanceOf(EmailSyncError);
    expect(err).toMatchObject({ code: 'CONFIG', server: 'imap.example.com:99999' });
    expect(err.message).toMatch(/port: must be a TCP port \(1–65535\), got 99999/);
    expect(err.message).toMatch(/secure: .*got "yes"/);
    expect(err.message).toMatch(/maxMessages: .*got 0/);
    expect(err.message).not.toContain('Sup3r-secret-pw');
    await expect(syncEmail(store, null as never)).rejects.toMatchObject({ code: 'CONFIG', server: '?:?' });
  });
});
