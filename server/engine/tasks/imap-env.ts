/**
 * The mailbox settings for tasks_sync_email, from the environment. Pure over the `env` it is given.
 */
import type { ImapConfig } from './email-sync.js';

export const IMAP_ENV = {
  host: 'TASK_ORCHESTRATOR_IMAP_HOST',
  port: 'TASK_ORCHESTRATOR_IMAP_PORT',
  user: 'TASK_ORCHESTRATOR_IMAP_USER',
  password: 'TASK_ORCHESTRATOR_IMAP_PASSWORD',
  secure: 'TASK_ORCHESTRATOR_IMAP_SECURE',
  mailbox: 'TASK_ORCHESTRATOR_IMAP_MAILBOX',
} as const;

export type ImapEnvResult =
  | { ok: true; config: Pick<ImapConfig, 'host' | 'port' | 'secure' | 'user' | 'password' | 'mailbox'> }
  | { ok: false; missing: string[]; message: string };

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/**
 * Reads TASK_ORCHESTRATOR_IMAP_HOST, _USER, _PASSWORD (required), _SECURE (default true), _PORT (default
 * 993 when secure, else 143) and _MAILBOX (default INBOX). When something is missing or malformed, says
 * which variables and how to set them; the password's value never appears in the message.
 * @example
 * const r = imapConfigFromEnv(process.env);
 * if (!r.ok) return { error: r.message };
 */
export function imapConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ImapEnvResult {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = [IMAP_ENV.host, IMAP_ENV.user, IMAP_ENV.password].filter((n) => get(n) === undefined);
  const problems: string[] = [];
  const secureText = get(IMAP_ENV.secure);
  let secure = true;
  if (secureText !== undefined) {
    if (TRUE.test(secureText)) secure = true;
    else if (FALSE.test(secureText)) secure = false;
    else problems.push(`${IMAP_ENV.secure} must be true or false, got ${JSON.stringify(secureText)}`);
  }
  const portText = get(IMAP_ENV.port);
  const port = portText === undefined ? (secure ? 993 : 143) : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`${IMAP_ENV.port} must be a TCP port (1–65535), got ${JSON.stringify(portText)}`);
  if (missing.length || problems.length) {
    const parts = [
      ...(missing.length ? [`email sync is not configured: set ${missing.join(', ')}`] : []),
      ...problems,
    ];
    return {
      ok: false,
      missing,
      message: `${parts.join('; ')} (optional: ${IMAP_ENV.port}, ${IMAP_ENV.secure} default true, ${IMAP_ENV.mailbox} default INBOX). See docs/tasks.md.`,
    };
  }
  return {
    ok: true,
    config: { host: get(IMAP_ENV.host)!, port, secure, user: get(IMAP_ENV.user)!, password: env[IMAP_ENV.password]!, mailbox: get(IMAP_ENV.mailbox) ?? 'INBOX' },
  };
}
