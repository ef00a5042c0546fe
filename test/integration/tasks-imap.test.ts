// Email sync against a real IMAP server: Debian's dovecot, started from a temporary directory on a free
// 127.0.0.1 port with a passwd-file user, messages delivered into its Maildir. Tasks are created once
// across syncs (the UID watermark), a Message-ID is never imported twice, the mailbox is left unread
// unless markSeen, and bad credentials or a wrong port or TLS setting give a clear error without the password.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { metaJson } from '../../server/engine/store/repos-immune.js';
import { Store } from '../../server/engine/store/store.js';
import { EmailSyncError, type ImapConfig, listTasks, syncEmail, watermarkKey } from '../../server/engine/tasks/index.js';
import { type Dovecot, DOVECOT_INSTALL_HINT, dovecotInstalled, freePort, startDovecot } from '../fixtures/imap/dovecot.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'imap');
const PASSWORD = 'Tr0ub4dor-and-3-horses';

const installed = dovecotInstalled();
if (!installed && process.env.CI !== 'true') console.warn(`\n[tasks-imap] SKIPPED: ${DOVECOT_INSTALL_HINT}\n`);

describe.runIf(!installed && process.env.CI === 'true')('IMAP server for the email sync test', () => {
  test('dovecot is installed in CI', () => {
    throw new Error(DOVECOT_INSTALL_HINT);
  });
});

describe.skipIf(!installed)('email sync against dovecot', () => {
  let server: Dovecot;
  let stateDir: string;
  let store: Store;
  const NOW = Date.parse('2025-03-03T12:00:00Z');
  const config = (over: Partial<ImapConfig> = {}): ImapConfig => ({
    host: '127.0.0.1', port: server.port, secure: false, user: 'alice', password: PASSWORD, timeZone: 'UTC', now: NOW, timeoutMs: 5000, ...over,
  });
  const flags = async (): Promise<Map<string, Set<string>>> => {
    const c = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: 'alice', pass: PASSWORD }, logger: false });
    await c.connect();
    try {
      const lock = await c.getMailboxLock('INBOX', { readOnly: true });
      try {
        const msgs = await c.fetchAll('1:*', { uid: true, envelope: true, flags: true }, { uid: true });
        return new Map(msgs.map((m) => [`${m.uid}:${m.envelope?.subject}`, m.flags ?? new Set()]));
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  };

  beforeAll(async () => {
    server = await startDovecot({ user: 'alice', password: PASSWORD, fixtures: FIXTURES });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  }, 15_000);
  beforeEach(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'to-tasks-imap-state-'));
    store = await Store.open(stateDir);
  });
  afterEach(() => {
    store.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('tasks are created once across syncs; the watermark, Message-ID dedupe and unread mail are kept', async () => {
    for (const f of ['01-urgent-request.eml', '02-html-request.eml', '03-multipart-request.eml', '04-newsletter.eml', '05-no-request.eml']) server.deliver(f);

    const first = await syncEmail(store, config());
    expect(first).toMatchObject({ mailbox: 'INBOX', fetched: 5, created: 3, skipped: 2, remaining: 0, mailboxReset: false });
    expect(first.messages.map((m) => [m.messageId, m.category, m.outcome])).toEqual([
      ['<req-plain-1@mail.example.com>', 'urgent', 'created'],
      ['<html-only-2@mail.example.com>', 'action_required', 'created'],
      ['<mixed-3@mail.example.com>', 'informational', 'created'],
      ['<news-4@lists.example.com>', 'newsletter', 'no_request'],
      ['<fyi-5@mail.example.com>', 'informational', 'no_request'],
    ]);
    const [cert, review, contract] = first.tasks;
    expect(cert).toMatchObject({
      title: 'Review and respond to: URGENT: production certificate expires', priority: 'high', status: 'pending', source: 'email',
      sourceId: '<req-plain-1@mail.example.com>', due: '2025-03-07T17:00:00.000Z', tags: ['email', 'urgent'],
      origin: { from: 'Ana Lima <ana@example.com>', category: 'urgent', mailbox: 'INBOX', date: '2025-03-03T09:15:00.000Z' },
    });
    expect(cert!.description).toContain('Could you renew the certificate for api.example.com by Friday? It expires on the 8th. Thé old one');
    expect(review).toMatchObject({ title: 'Review and respond to: Review requested', priority: 'medium' });
    expect(review!.description).toContain('Can you review PR #42 & merge it?');
    expect(contract).toMatchObject({ title: 'Review and respond to: Contract für Q2', priority: 'low', due: '2025-03-04T17:00:00.000Z' });
    expect(contract!.description).not.toContain('this attachment is not the body');
    expect(first.watermark.lastUid).toBe(5);
    expect(await store.read((db) => metaJson.get(db, watermarkKey({ user: 'alice', host: '127.0.0.1', port: server.port, mailbox: 'INBOX' })))).toEqual(first.watermark);

    const second = await syncEmail(store, config());
    expect(second).toMatchObject({ fetched: 0, created: 0, skipped: 0, tasks: [], watermark: first.watermark });

    server.deliver('06-duplicate-message-id.eml');
    server.deliver('07-no-message-id.eml');
    const third = await syncEmail(store, config());
    expect(third).toMatchObject({ fetched: 2, created: 1, skipped: 1 });
    expect(third.messages.map((m) => m.outcome)).toEqual(['duplicate', 'created']);
    expect(third.messages[0]!.taskId).toBe(cert!.id);
    expect(third.tasks[0]!.sourceId).toMatch(/^imap:127\.0\.0\.1\/INBOX\/\d+\/7$/);

    // A lost watermark (or a reset mailbox) reads everything again, and still creates nothing twice.
    await store.write((db) => db.run('DELETE FROM meta WHERE key LIKE ?', ['tasks.email.watermark:%']));
    const again = await syncEmail(store, config());
    expect(again).toMatchObject({ fetched: 7, created: 0, skipped: 7 });
    expect(await store.read((db) => listTasks(db, { status: 'all' }))).toHaveLength(4);

    for (const f of (await flags()).values()) expect(f.has('\\Seen')).toBe(false);
  }, 60_000);

  test('maxMessages bounds a run and the next run continues; markSeen marks only the messages that became tasks', async () => {
    const fresh = await syncEmail(store, config({ maxMessages: 3, markSeen: true }));
    expect(fresh).toMatchObject({ fetched: 3, created: 3, remaining: 4, watermark: { lastUid: 3 } });
    const rest = await syncEmail(store, config({ maxMessages: 10, markSeen: true }));
    expect(rest).toMatchObject({ fetched: 4, created: 1, remaining: 0, watermark: { lastUid: 7 } });
    const seen = [...(await flags()).entries()].filter(([, f]) => f.has('\\Seen')).map(([k]) => Number(k.split(':')[0]));
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 7]);
  }, 60_000);

  test('a wrong password: an AUTH error naming host:port and the user, never the password; nothing is stored', async () => {
    const wrong = 'not-the-Right-passw0rd';
    const err = await syncEmail(store, config({ password: wrong })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmailSyncError);
    expect((err as EmailSyncError).code).toBe('AUTH');
    expect((err as EmailSyncError).message).toMatch(new RegExp(`^IMAP 127\\.0\\.0\\.1:${server.port}: authentication failed for user alice`));
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain(wrong);
    expect(await store.read((db) => listTasks(db, { status: 'all' }))).toEqual([]);
  }, 30_000);

  test('a port with nothing listening, TLS against a plain port, and a missing mailbox are clear errors', async () => {
    const closed = await freePort();
    const refused = await syncEmail(store, config({ port: closed })).catch((e: unknown) => e as EmailSyncError);
    expect(refused).toMatchObject({ code: 'CONNECT', server: `127.0.0.1:${closed}` });
    expect((refused as Error).message).toContain('connection refused');

    const tls = await syncEmail(store, config({ secure: true })).catch((e: unknown) => e as EmailSyncError);
    expect(tls).toBeInstanceOf(EmailSyncError);
    expect((tls as EmailSyncError).code).toBe('TLS');
    expect((tls as Error).message).toMatch(/TLS failed during connect: wrong version number/);

    // A server without STARTTLS: the password is not sent in clear unless the host is loopback.
    const clear = await syncEmail(store, config({ requireTls: true })).catch((e: unknown) => e as EmailSyncError);
    expect(clear).toMatchObject({ code: 'TLS' });
    expect((clear as Error).message).toContain('does not offer STARTTLS, and the password is never sent in clear to a remote host');

    const missing = await syncEmail(store, config({ mailbox: 'Nope' })).catch((e: unknown) => e as EmailSyncError);
    expect(missing).toMatchObject({ code: 'MAILBOX' });
    expect((missing as Error).message).toContain('mailbox "Nope" does not exist');
    expect(readdirSync(stateDir)).toContain('state.db');
  }, 60_000);

  test('bad settings are refused before connecting, naming the field', async () => {
    const err = await syncEmail(store, config({ port: 0, password: '' })).catch((e: unknown) => e as EmailSyncError);
    expect(err).toMatchObject({ code: 'CONFIG' });
    expect((err as Error).message).toMatch(/port: .*got 0/);
    expect((err as Error).message).toMatch(/password: must not be empty/);
  });
});
