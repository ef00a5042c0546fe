/**
 * Email sync over IMAP (imapflow): the messages above a persisted UID watermark are read (envelope and
 * the plain-text part, never marking them read unless asked), the rules in email-rules.ts turn requests
 * into tasks, and each message's Message-ID is the task's source id, so a message never becomes two
 * tasks. The watermark lives in the store's `meta` table, per account and mailbox, with the mailbox's
 * UIDVALIDITY (a reset mailbox is read again; the Message-ID still prevents duplicates).
 * No connection is held inside a store transaction: read the watermark, talk IMAP, then one write.
 */
import { ImapFlow } from 'imapflow';
import { z } from 'zod/v4';
import { redact } from '../redact.js';
import type { Db } from '../store/db.js';
import { metaJson } from '../store/repos-immune.js';
import { analyzeEmail, type EmailCategory } from './email-rules.js';
import { EmailSyncError, describeImapError } from './email-errors.js';
import { htmlToText, textPart } from './mime.js';
import { describeIssues, type Task, timeZoneSchema } from './model.js';
import { addTask, findTaskBySource } from './repo.js';
import { defaultTimeZone } from './zoned.js';

export const imapConfigSchema = z
  .object({
    host: z.string().trim().min(1, 'must name the IMAP server'),
    port: z.number().int().min(1).max(65535, 'must be a TCP port (1–65535)'),
    /** TLS from the first byte (port 993). false: plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean(),
    user: z.string().min(1, 'must not be empty'),
    password: z.string().min(1, 'must not be empty'),
    mailbox: z.string().min(1).default('INBOX'),
    maxMessages: z.number().int().min(1).max(1000).default(50),
    /** Mark the messages that became tasks as read (\Seen). Default false: the mailbox is left as it was. */
    markSeen: z.boolean().default(false),
    /**
     * With secure=false, refuse to log in unless STARTTLS succeeds, so the password never crosses the
     * network in clear. Default: true, except for a loopback host (a local bridge or test server).
     */
    requireTls: z.boolean().optional(),
    /** Reject a server certificate that does not verify (default true). */
    rejectUnauthorized: z.boolean().default(true),
    /** Connection, greeting and socket timeouts, ms. */
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    /** Project the created tasks belong to. */
    project: z.string().default(''),
    /** How "by Friday" is read (default the process's time zone). */
    timeZone: timeZoneSchema.optional(),
    now: z.number().int().optional(),
  })
  .strict();
export type ImapConfig = z.input<typeof imapConfigSchema>;

/** What the sync needs of the store (a Store; tests may pass their own). */
export interface SyncStore {
  read<T>(fn: (db: Db) => T): Promise<T>;
  write<T>(fn: (db: Db) => T): Promise<T>;
}

interface Watermark {
  uidValidity: string;
  lastUid: number;
}

export interface SyncedMessage {
  uid: number;
  messageId: string;
  subject: string;
  category: EmailCategory;
  outcome: 'created' | 'duplicate' | 'no_request';
  taskId: string | null;
}

export interface SyncResult {
  mailbox: string;
  /** Messages read in this run. */
  fetched: number;
  created: number;
  /** Messages that made no new task: already imported, or nothing asked. */
  skipped: number;
  tasks: Task[];
  messages: SyncedMessage[];
  /** The highest UID read, kept for the next run. */
  watermark: { uidValidity: string; lastUid: number };
  /** Messages above the watermark left for the next run (maxMessages reached). */
  remaining: number;
  /** True when the mailbox's UIDVALIDITY changed and it was read from the start. */
  mailboxReset: boolean;
}

/**
 * The `meta` key of an account's mailbox watermark.
 * @example watermarkKey({ user: 'me@example.com', host: 'imap.example.com', port: 993, mailbox: 'INBOX' }) // 'tasks.email.watermark:me@example.com@imap.example.com:993/INBOX'
 */
export function watermarkKey(c: { user: string; host: string; port: number; mailbox: string }): string {
  return `tasks.email.watermark:${c.user.toLowerCase()}@${c.host.toLowerCase()}:${c.port}/${c.mailbox}`;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * localhost, 127.0.0.0/8 or ::1: traffic that never leaves the machine.
 * @example isLoopback('127.0.0.1') // true; isLoopback('imap.example.com') // false
 */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

interface Fetched {
  uid: number;
  messageId: string;
  subject: string;
  from: string;
  date: number;
  text: string;
}

async function readBody(client: ImapFlow, uid: number, part: { part: string; html: boolean } | null): Promise<string> {
  if (!part) return '';
  const d = await client.download(String(uid), part.part, { uid: true, maxBytes: MAX_BODY_BYTES });
  if (!d.content) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of d.content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  return part.html ? htmlToText(text) : text;
}

const address = (a: { name?: string; address?: string } | undefined): string =>
  !a ? '' : a.name && a.address ? `${a.name} <${a.address}>` : a.address ?? a.name ?? '';

function dateOf(...candidates: Array<Date | string | undefined>): number | null {
  for (const c of candidates) {
    const ms = c === undefined ? Number.NaN : new Date(c).getTime();
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/**
 * Reads new messages from an IMAP mailbox and creates a task for each that asks for something (see
 * email-rules.ts). Safe to run again and again: messages at or below the watermark are not fetched, and a
 * Message-ID already imported is never imported again. Throws EmailSyncError (naming host:port and the
 * cause, never the password) for bad configuration, connection, TLS, authentication or mailbox problems.
 * @example
 * const r = await syncEmail(store, { host: 'imap.example.com', port: 993, secure: true, user, password });
 * `${r.created} new task(s) from ${r.fetched} message(s)`
 */
export async function syncEmail(store: SyncStore, config: ImapConfig): Promise<SyncResult> {
  const parsed = imapConfigSchema.safeParse(config);
  const raw = (config ?? {}) as { host?: unknown; port?: unknown };
  const where = `${String(raw.host ?? '?')}:${String(raw.port ?? '?')}`;
  if (!parsed.success) throw new EmailSyncError('CONFIG', where, `invalid IMAP settings: ${describeIssues(parsed.error, { ...raw, password: '«redacted»' })}`);
  const c = parsed.data;
  const hostPort = `${c.host}:${c.port}`;
  const timeZone = c.timeZone ?? defaultTimeZone();
  const key = watermarkKey(c);
  const saved = await store.read((db) => metaJson.get<Watermark>(db, key));

  const requireTls = c.requireTls ?? !isLoopback(c.host);
  const client = new ImapFlow({
    host: c.host, port: c.port, secure: c.secure, auth: { user: c.user, pass: c.password }, logger: false, disableAutoIdle: true,
    ...(c.secure ? {} : { doSTARTTLS: requireTls ? true : undefined }),
    connectionTimeout: c.timeoutMs, greetingTimeout: c.timeoutMs, socketTimeout: c.timeoutMs * 2, tls: { rejectUnauthorized: c.rejectUnauthorized },
  });
  // imapflow also emits socket errors as events; unhandled, one would end the process.
  let lastEventError: unknown = null;
  client.on('error', (err: unknown) => {
    lastEventError = err;
  });
  const fail = (err: unknown, stage: string): EmailSyncError =>
    err instanceof EmailSyncError ? err : describeImapError(err ?? lastEventError, { hostPort, stage, user: c.user, mailbox: c.mailbox, secrets: [c.password] });

  try {
    await client.connect();
  } catch (err) {
    client.close();
    const e = fail(err, 'connect');
    if (requireTls && !c.secure && e.code === 'TLS' && /STARTTLS/i.test(String((err as Error)?.message))) {
      throw new EmailSyncError('TLS', hostPort, `IMAP ${hostPort}: the server does not offer STARTTLS, and the password is never sent in clear to a remote host; use its TLS port (TASK_ORCHESTRATOR_IMAP_SECURE=true, usually port 993)`);
    }
    throw e;
  }
  try {
    let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
    try {
      lock = await client.getMailboxLock(c.mailbox, { readOnly: !c.markSeen });
    } catch (err) {
      throw fail(err, 'open mailbox');
    }
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '';
      const mailboxReset = saved !== null && saved.uidValidity !== uidValidity;
      const after = saved && !mailboxReset ? saved.lastUid : 0;
      let found: number[];
      try {
        // `N:*` always includes the highest UID, even when it is below N: filter.
        found = ((await client.search({ uid: `${after + 1}:*` }, { uid: true })) || []).filter((u) => u > after).sort((a, b) => a - b);
      } catch (err) {
        throw fail(err, 'search');
      }
      const batch = found.slice(0, c.maxMessages);
      const fetched: Fetched[] = [];
      try {
        if (batch.length > 0) {
          const msgs = await client.fetchAll(batch.join(','), { uid: true, envelope: true, bodyStructure: true, internalDate: true }, { uid: true });
          for (const m of msgs.sort((a, b) => a.uid - b.uid)) {
            const text = await readBody(client, m.uid, textPart(m.bodyStructure));
            fetched.push({
              uid: m.uid,
              messageId: m.envelope?.messageId?.trim() || `imap:${c.host}/${c.mailbox}/${uidValidity}/${m.uid}`,
              subject: m.envelope?.subject ?? '',
              from: address(m.envelope?.from?.[0]),
              date: dateOf(m.envelope?.date, m.internalDate) ?? c.now ?? Date.now(),
              text,
            });
          }
        }
      } catch (err) {
        throw fail(err, 'fetch');
      }

      const lastUid = Math.max(after, ...batch);
      const result = await store.write((db) => {
        const messages: SyncedMessage[] = [];
        const tasks: Task[] = [];
        for (const m of fetched) {
          const analysis = analyzeEmail(m, timeZone);
          const base = { uid: m.uid, messageId: m.messageId, subject: redact(m.subject), category: analysis.category };
          const existing = findTaskBySource(db, 'email', m.messageId);
          if (existing) {
            messages.push({ ...base, outcome: 'duplicate', taskId: existing.id });
            continue;
          }
          if (!analysis.task) {
            messages.push({ ...base, outcome: 'no_request', taskId: null });
            continue;
          }
          const t = analysis.task;
          const task = addTask(
            db,
            {
              title: t.title, priority: t.priority, tags: t.tags, source: 'email', sourceId: m.messageId, project: c.project,
              due: t.due === null ? null : new Date(t.due).toISOString(),
              description: `From: ${m.from}\nDate: ${new Date(m.date).toISOString()}\nSubject: ${m.subject}\n\n${m.text.trim().slice(0, 2000)}`,
              origin: { from: m.from, subject: m.subject, date: new Date(m.date).toISOString(), category: analysis.category, mailbox: c.mailbox, snippet: t.snippet },
            },
            { now: c.now },
          );
          tasks.push(task);
          messages.push({ ...base, outcome: 'created', taskId: task.id });
        }
        metaJson.set(db, key, { uidValidity, lastUid } satisfies Watermark);
        return { messages, tasks };
      });

      if (c.markSeen) {
        const seen = result.messages.filter((m) => m.outcome === 'created').map((m) => m.uid);
        try {
          if (seen.length > 0) await client.messageFlagsAdd(seen.join(','), ['\\Seen'], { uid: true });
        } catch (err) {
          throw fail(err, 'mark read');
        }
      }
      return {
        mailbox: c.mailbox,
        fetched: fetched.length,
        created: result.tasks.length,
        skipped: fetched.length - result.tasks.length,
        tasks: result.tasks,
        messages: result.messages,
        watermark: { uidValidity, lastUid },
        remaining: found.length - batch.length,
        mailboxReset,
      };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
