/**
 * The alerting section of the settings: one zod schema (with the defaults of defaults.ts) and a parser
 * that never throws. Imports zod (~20 ms): evaluation does not need this module, only its result.
 *
 * The section configures where alert data goes, so the caller should read it from the user's own
 * settings, never from a project's checked-in files.
 */
import { z } from 'zod/v4';
import { redact } from '../redact.js';
import {
  DEFAULT_COOLDOWN_MINUTES, DEFAULT_RULES, DEFAULT_WEBHOOK_RETRIES, DEFAULT_WEBHOOK_TIMEOUT_MS, HISTORY_MAX_OUTCOMES,
  defaultAlertingConfig,
} from './defaults.js';
import { ALERT_SEVERITIES } from './types.js';
import type { AlertingConfig } from './types.js';
import { urlProblem } from './url.js';

const WEEK_MINUTES = 7 * 24 * 60;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const severity = z.enum(ALERT_SEVERITIES, { error: `must be one of ${ALERT_SEVERITIES.join(', ')}` });
const url = z.string({ error: 'must be an http(s) URL' }).superRefine((value, ctx) => {
  const message = urlProblem(value);
  if (message !== null) ctx.addIssue({ code: 'custom', message, input: value });
});
const int = (min: number, max: number, what: string) =>
  z.number({ error: `must be ${what} from ${min} to ${max}` })
    .int(`must be ${what} from ${min} to ${max}`)
    .min(min, `must be ${what} from ${min} to ${max}`)
    .max(max, `must be ${what} from ${min} to ${max}`);
const enabled = z.boolean({ error: 'must be true or false' }).default(true);
const cooldown = (fallback: number | 'never') =>
  z.union([z.number().min(0).max(WEEK_MINUTES), z.literal('never')], {
    error: `must be a number of minutes from 0 to ${WEEK_MINUTES}, or "never"`,
  }).default(fallback);

// Header values are never echoed in errors (they usually hold a token), so their checks report no input.
const headers = z.record(
  z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
  z.string({ error: 'must be a string' }).refine((v) => !/[\r\n\0]/.test(v), 'must not contain line breaks'),
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object of header names to strings' : undefined) },
);

const webhook = z.strictObject({
  url,
  headers: headers.default(() => ({})),
  minSeverity: severity.default('info'),
  timeoutMs: int(100, 30_000, 'a whole number of ms').default(DEFAULT_WEBHOOK_TIMEOUT_MS),
  retries: int(0, 5, 'a whole number').default(DEFAULT_WEBHOOK_RETRIES),
}, { error: 'must be an object with a "url"' });

const slack = z.strictObject({
  webhookUrl: url,
  minSeverity: severity.default('info'),
  timeoutMs: int(100, 30_000, 'a whole number of ms').default(DEFAULT_WEBHOOK_TIMEOUT_MS),
  retries: int(0, 5, 'a whole number').default(DEFAULT_WEBHOOK_RETRIES),
}, { error: 'must be an object with a "webhookUrl"' });

const section = { error: 'must be an object' };
const rules = z.strictObject({
  highRisk: z.strictObject({
    enabled,
    threshold: z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be a number from 0 to 1')
      .max(1, 'must be a number from 0 to 1').default(DEFAULT_RULES.highRisk.threshold),
  }, section).prefault({}),
  frequencySpike: z.strictObject({
    enabled,
    maxPerHour: int(1, HISTORY_MAX_OUTCOMES - 100, 'a whole number').default(DEFAULT_RULES.frequencySpike.maxPerHour),
  }, section).prefault({}),
  newPattern: z.strictObject({ enabled }, section).prefault({}),
  consecutiveFailures: z.strictObject({
    enabled,
    threshold: int(1, 100, 'a whole number').default(DEFAULT_RULES.consecutiveFailures.threshold),
  }, section).prefault({}),
}, section);

const cooldownMinutes = z.strictObject({
  highRisk: cooldown(DEFAULT_COOLDOWN_MINUTES.highRisk),
  frequencySpike: cooldown(DEFAULT_COOLDOWN_MINUTES.frequencySpike),
  newPattern: cooldown(DEFAULT_COOLDOWN_MINUTES.newPattern),
  consecutiveFailures: cooldown(DEFAULT_COOLDOWN_MINUTES.consecutiveFailures),
}, section);

/** The alerting settings: every field optional, every default filled in on parse. */
export const alertingConfigSchema = z.strictObject({
  enabled: enabled.describe('false: no alerts are evaluated or sent'),
  console: z.boolean({ error: 'must be true or false' }).default(true).describe('Print alerts on stderr'),
  webhooks: z.array(webhook, { error: 'must be an array' }).default(() => []).describe('JSON POST of each alert'),
  slack: z.array(slack, { error: 'must be an array' }).default(() => []).describe('Slack incoming webhooks'),
  rules: rules.prefault({}),
  cooldownMinutes: cooldownMinutes.prefault({}).describe('Minutes before an alert with the same key repeats'),
}, section);

/** The keys allowed at each place (array indices left out), for "unknown key" messages. */
const ALLOWED: Record<string, readonly string[]> = {
  '': Object.keys(alertingConfigSchema.shape),
  webhooks: Object.keys(webhook.shape),
  slack: Object.keys(slack.shape),
  rules: Object.keys(rules.shape),
  cooldownMinutes: Object.keys(cooldownMinutes.shape),
  ...Object.fromEntries(Object.entries(rules.shape).map(([name, s]) => [`rules.${name}`, Object.keys(s.unwrap().shape)])),
};

export interface ParsedAlertingConfig {
  config: AlertingConfig;
  errors: string[];
}

/**
 * Validates the alerting settings. Never throws: an invalid value is dropped (its default applies),
 * an invalid webhook or Slack target is dropped whole, and each problem is one message naming the
 * field and the value received (header values are never shown).
 *
 * @example
 * parseAlertingConfig({ webhooks: [{ url: 'file:///etc/passwd' }], rules: { highRisk: { threshold: 0.9 } } })
 * // → { config: { …, webhooks: [], rules: { highRisk: { enabled: true, threshold: 0.9 }, … } },
 * //     errors: ['alerting.webhooks[0].url: must be an http(s) URL, got "file:///etc/passwd"'] }
 */
export function parseAlertingConfig(raw: unknown): ParsedAlertingConfig {
  if (raw === undefined || raw === null) return { config: defaultAlertingConfig(), errors: [] };
  if (!isPlainObject(raw)) return { config: defaultAlertingConfig(), errors: [`alerting: must be an object, got ${show(raw)}`] };
  try {
    return parseObject(raw);
  } catch (e) {
    // A getter that throws, a Proxy: settings are JSON, so this is someone else's object gone wrong.
    return { config: defaultAlertingConfig(), errors: [`alerting: could not be read (${e instanceof Error ? e.message : String(e)})`] };
  }
}

function parseObject(raw: Record<string, unknown>): ParsedAlertingConfig {
  const errors: string[] = [];
  let data: unknown = raw;
  // Each pass drops what the previous one rejected; two suffice unless a drop uncovers a new problem.
  for (let pass = 0; pass < 4; pass++) {
    const result = alertingConfigSchema.safeParse(data, { reportInput: true });
    if (result.success) return { config: result.data satisfies AlertingConfig, errors: [...new Set(errors)] };
    const cuts: PropertyKey[][] = [];
    for (const issue of result.error.issues) {
      errors.push(...formatIssue(issue));
      if (issue.code === 'unrecognized_keys') cuts.push(...issue.keys.map((k) => [...issue.path, k]));
      else cuts.push(cutPath(issue.path));
    }
    data = dropPaths(data, cuts);
  }
  return { config: defaultAlertingConfig(), errors: [...new Set(errors)] };
}

/** A target's fields without which it would send to the wrong place or without its credentials. */
const VITAL = new Set<PropertyKey>(['url', 'webhookUrl', 'headers']);

/**
 * What to drop for a problem at `path`: the webhook or Slack target when the problem is the target
 * itself or a vital field, else just the value (its default applies).
 */
function cutPath(path: readonly PropertyKey[]): PropertyKey[] {
  const index = path.findIndex((k) => typeof k === 'number');
  if (index < 0) return [...path];
  const field = path[index + 1];
  return field === undefined || VITAL.has(field) ? path.slice(0, index + 1) : path.slice(0, index + 2);
}

/** A copy of `value` without the given paths (array elements removed from the highest index down). */
function dropPaths(value: unknown, paths: PropertyKey[][]): unknown {
  const unique = [...new Map(paths.map((p) => [JSON.stringify(p.map(String)), p])).values()];
  unique.sort((a, b) => comparePaths(b, a));
  let out = value;
  for (const path of unique) out = dropPath(out, path);
  return out;
}

function comparePaths(a: readonly PropertyKey[], b: readonly PropertyKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function dropPath(value: unknown, path: readonly PropertyKey[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    if (rest.length === 0) copy.splice(head, 1);
    else copy[head] = dropPath(copy[head], rest);
    return copy;
  }
  if (!isPlainObject(value) || typeof head === 'symbol') return value;
  const copy: Record<string, unknown> = { ...value };
  if (rest.length === 0) delete copy[String(head)];
  else copy[String(head)] = dropPath(copy[String(head)], rest);
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = ALLOWED[issue.path.filter((k) => typeof k !== 'number').join('.')] ?? [];
    return issue.keys.map((key) => `${placeOf([...issue.path, key])}: unknown key (allowed: ${allowed.join(', ')})`);
  }
  const place = placeOf(issue.path);
  if (issue.code === 'invalid_key') return [`${place}: ${issue.issues.map((inner) => inner.message).join('; ')}`];
  const input = 'input' in issue ? issue.input : undefined;
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) return [`${place}: is required`];
  const secret = issue.path.includes('headers');
  const got = input === undefined || secret ? '' : `, got ${show(input)}`;
  return [`${place}: ${issue.message}${got}`];
}

function placeOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (at, k) => (typeof k === 'number' ? `${at}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `${at}.${String(k)}` : `${at}[${JSON.stringify(String(k))}]`),
    'alerting',
  );
}

/** The value as JSON, redacted and cut to 80 characters. */
function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  text = redact(text);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
