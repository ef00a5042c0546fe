/**
 * The rule-based reading of an email: a category from the subject, whether the body asks for something,
 * a due date from "by tomorrow" / "by Friday", and the task that follows. Pure; words are matched whole,
 * so "transaction" is not "action".
 */
import type { TaskPriority } from './model.js';
import { fromWallClock, wallClock } from './zoned.js';

export const EMAIL_CATEGORIES = ['urgent', 'action_required', 'follow_up', 'newsletter', 'informational'] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];

/** Subject keywords per category, checked in this order (the first match wins). */
export const CATEGORY_KEYWORDS: ReadonlyArray<readonly [EmailCategory, RegExp]> = [
  ['urgent', /\b(urgent|asap|critical|emergency|immediately)\b/i],
  ['action_required', /\b(action|required|please|request(ed)?|approval needed)\b/i],
  ['follow_up', /\b(follow[- ]?up|reminder|following up)\b/i],
  ['newsletter', /\b(newsletter|digest|weekly|unsubscribe)\b/i],
];

/** Phrases in a body that ask the reader to do something. */
export const REQUEST_PHRASES = ['could you', 'can you', 'please', 'need you to', 'would you', 'by tomorrow', 'by friday', 'deadline'] as const;
const REQUEST = new RegExp(`\\b(${REQUEST_PHRASES.map((p) => p.replace(/ /g, '\\s+')).join('|')})\\b`, 'i');

/** Priority of the task an email of each category asks for. */
export const CATEGORY_PRIORITY: Readonly<Record<EmailCategory, TaskPriority>> = {
  urgent: 'high', action_required: 'medium', follow_up: 'medium', newsletter: 'low', informational: 'low',
};

/**
 * The category of a subject line.
 * @example categorizeEmail('URGENT: prod is down') // 'urgent'
 */
export function categorizeEmail(subject: string): EmailCategory {
  return CATEGORY_KEYWORDS.find(([, re]) => re.test(subject))?.[0] ?? 'informational';
}

/**
 * The first request phrase in a body, or null.
 * @example requestPhrase('Could you send the report?') // 'could you'
 */
export function requestPhrase(body: string): string | null {
  return REQUEST.exec(body)?.[1]?.toLowerCase().replace(/\s+/g, ' ') ?? null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * A due instant from "by today / tonight / end of day / tomorrow / <weekday>" (17:00 that day in
 * `timeZone`), relative to `sent`; null when the text names none.
 * @example dueFromText('please send it by Friday', Date.parse('2025-03-03T10:00:00Z'), 'UTC') // Date.parse('2025-03-07T17:00:00Z')
 */
export function dueFromText(text: string, sent: number, timeZone: string): number | null {
  const m = /\bby\s+(today|tonight|eod|end of (?:the )?day|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i.exec(text);
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  const w = wallClock(sent, timeZone);
  let days = 0;
  if (word === 'tomorrow') days = 1;
  else if (WEEKDAYS.includes(word)) days = (WEEKDAYS.indexOf(word) - w.weekday + 7) % 7 || 7;
  return fromWallClock({ year: w.year, month: w.month, day: w.day + days, hour: 17, minute: 0, second: 0 }, timeZone);
}

export interface EmailMessage {
  subject: string;
  from: string;
  /** Sent (ms), from the Date header or the server's internal date. */
  date: number;
  /** Plain text of the body. */
  text: string;
}

export interface EmailAnalysis {
  category: EmailCategory;
  /** The request phrase found, or null (then no task). */
  request: string | null;
  task: { title: string; priority: TaskPriority; due: number | null; tags: string[]; snippet: string } | null;
}

/**
 * What the rules make of one email: its category and, when the body asks for something, the task
 * "Review and respond to: <subject>".
 * @example analyzeEmail({ subject: 'Budget', from: 'ana@example.com', date, text: 'Can you approve this by tomorrow?' }, 'UTC').task?.title // 'Review and respond to: Budget'
 */
export function analyzeEmail(msg: EmailMessage, timeZone: string): EmailAnalysis {
  const category = categorizeEmail(msg.subject);
  const request = requestPhrase(msg.text);
  if (!request || category === 'newsletter') return { category, request, task: null };
  const subject = msg.subject.trim().replace(/\s+/g, ' ') || '(no subject)';
  const snippet = msg.text.replace(/\s+/g, ' ').trim().slice(0, 300);
  return {
    category,
    request,
    task: {
      title: `Review and respond to: ${subject}`.slice(0, 300),
      priority: CATEGORY_PRIORITY[category],
      due: dueFromText(msg.text, msg.date, timeZone),
      tags: ['email', category.replace('_', '-')],
      snippet,
    },
  };
}
