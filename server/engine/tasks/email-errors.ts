/**
 * IMAP failures as one error type whose message names the server, the stage and the cause in words a
 * user can act on — and never the password (it is scrubbed from every text that could carry it).
 */
import { redact } from '../redact.js';

export type EmailSyncErrorCode = 'CONFIG' | 'CONNECT' | 'TLS' | 'AUTH' | 'TIMEOUT' | 'MAILBOX' | 'PROTOCOL';

export class EmailSyncError extends Error {
  override readonly name = 'EmailSyncError';
  constructor(
    readonly code: EmailSyncErrorCode,
    /** `host:port` */
    readonly server: string,
    message: string,
  ) {
    super(message);
  }
}

interface ImapLikeError {
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  mailboxMissing?: boolean;
  reason?: string;
  _err?: ImapLikeError;
  cause?: ImapLikeError;
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_WRONG_VERSION_NUMBER|HOSTNAME_MISMATCH)/;
const TLS_TEXT = /\b(ssl|tls|certificate|wrong version number|handshake)\b/i;

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('«redacted»');
  return redact(out).replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * An EmailSyncError for whatever imapflow or the socket threw, e.g. `IMAP imap.example.com:993: authentication
 * failed for user me@example.com (server: Authentication failed.); check TASK_ORCHESTRATOR_IMAP_USER and _PASSWORD`.
 * @example throw describeImapError(err, { hostPort: 'imap.example.com:993', stage: 'connect', user, mailbox: 'INBOX', secrets: [password] })
 */
export function describeImapError(
  raw: unknown,
  ctx: { hostPort: string; stage: string; user: string; mailbox: string; secrets: readonly string[] },
): EmailSyncError {
  const e = (raw && typeof raw === 'object' ? raw : { message: String(raw) }) as ImapLikeError;
  const inner = e._err ?? e.cause;
  const code = e.code ?? inner?.code ?? '';
  const server = e.responseText ? ` (server: ${e.responseText})` : '';
  const detail = [e.message, inner?.message].filter(Boolean).join(': ') || 'unknown error';
  const say = (c: EmailSyncErrorCode, text: string) => new EmailSyncError(c, ctx.hostPort, scrub(`IMAP ${ctx.hostPort}: ${text}`, ctx.secrets));

  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return say('AUTH', `authentication failed for user ${ctx.user}${server}; check TASK_ORCHESTRATOR_IMAP_USER and TASK_ORCHESTRATOR_IMAP_PASSWORD (many providers need an app password)`);
  }
  if (e.mailboxMissing || (ctx.stage === 'open mailbox' && e.serverResponseCode === 'NONEXISTENT')) {
    return say('MAILBOX', `mailbox ${JSON.stringify(ctx.mailbox)} does not exist${server}; set TASK_ORCHESTRATOR_IMAP_MAILBOX (default INBOX)`);
  }
  if (e.tlsFailed || TLS_CODES.test(code) || TLS_TEXT.test(detail)) {
    // OpenSSL's "80EC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…" → "wrong version number"
    const why = /SSL routines:[^:]*:([^:]+)/.exec(detail)?.[1] ?? detail;
    const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? ' (the server did not answer with TLS: a plain or STARTTLS port?)' : '';
    return say('TLS', `TLS failed during ${ctx.stage}: ${why}${hint}${code ? ` [${code}]` : ''}; TASK_ORCHESTRATOR_IMAP_SECURE=true is for TLS ports such as 993, false for 143 (STARTTLS)`);
  }
  if (code === 'ECONNREFUSED') return say('CONNECT', `connection refused; is an IMAP server listening there?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return say('CONNECT', `host not found (${code}); check TASK_ORCHESTRATOR_IMAP_HOST`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return say('CONNECT', `network error during ${ctx.stage}: ${detail} [${code}]`);
  if (/TIMEOUT/i.test(code) || code === 'ETIMEDOUT') return say('TIMEOUT', `timed out during ${ctx.stage} [${code}]; check host, port and TASK_ORCHESTRATOR_IMAP_SECURE`);
  if (code === 'ClosedAfterConnectText' || code === 'ClosedAfterConnectTLS' || code === 'NoConnection' || code === 'EConnectionClosed') {
    return say('CONNECT', `the server closed the connection during ${ctx.stage} [${code}]${e.reason ? `: ${e.reason}` : ''}; is this an IMAP port, and is TASK_ORCHESTRATOR_IMAP_SECURE right for it?`);
  }
  return say('PROTOCOL', `${ctx.stage} failed: ${detail}${server}${code ? ` [${code}]` : ''}`);
}
