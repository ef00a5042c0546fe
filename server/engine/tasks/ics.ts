/**
 * RFC 5545 text: content lines (folding at 75 octets, TEXT escaping, parameters), the VEVENTs of a
 * calendar file, and replacing one event while every other line of the file stays as it was. Pure.
 */

const CRLF = '\r\n';

/**
 * Escapes a TEXT value: backslash, `;`, `,` and newlines (RFC 5545 §3.3.11).
 * @example escapeText('a, b; c\nd') // 'a\\, b\\; c\\nd'
 */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Reverses escapeText (also accepts `\N`).
 * @example unescapeText('a\\, b\\nc') // 'a, b\nc'
 */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Folds one content line into lines of at most 75 octets (UTF-8), never splitting a character; the
 * continuation lines start with a space. Joined with CRLF, without a trailing one.
 * @example foldLine('DESCRIPTION:' + 'x'.repeat(100)).split('\r\n').length // 2
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // a continuation's leading space counts
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.map((l, i) => (i === 0 ? l : ` ${l}`)).join(CRLF);
}

/** One unfolded content line: `NAME;PARAM=VALUE:value`. Names and parameter names upper-cased. */
export interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

/**
 * Parses an unfolded content line; null for a line that is not one (no colon, bad name).
 * @example parseContentLine('DTSTART;TZID="America/New_York":20250106T090000') // { name: 'DTSTART', params: { TZID: 'America/New_York' }, value: '20250106T090000' }
 */
export function parseContentLine(line: string): ContentLine | null {
  const name = /^[A-Za-z0-9-]+/.exec(line)?.[0];
  if (!name) return null;
  const params: Record<string, string> = {};
  let i = name.length;
  while (line[i] === ';') {
    const m = /^;([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)/.exec(line.slice(i));
    if (!m) return null;
    params[m[1]!.toUpperCase()] = m[2]!.replace(/"/g, '');
    i += m[0].length;
  }
  if (line[i] !== ':') return null;
  return { name: name.toUpperCase(), params, value: line.slice(i + 1) };
}

/** A physical line of the file and where it ends. */
interface RawLine {
  text: string;
  eol: string;
}

function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  const re = /\r\n|\n|\r/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(last, m.index), eol: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) lines.push({ text: text.slice(last), eol: '' });
  return lines;
}

/** Joins folded lines: a line starting with a space or tab continues the previous one. */
function unfold(lines: readonly RawLine[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const t = lines[i]!.text;
    if ((t.startsWith(' ') || t.startsWith('\t')) && out.length > 0) out[out.length - 1] += t.slice(1);
    else if (t !== '') out.push(t);
  }
  return out;
}

/** A VEVENT of a calendar file: its properties (unfolded, repeated ones kept in order) and where it is. */
export interface IcsEvent {
  props: ContentLine[];
  uid: string | null;
  /** Physical line range [first, last] of BEGIN:VEVENT … END:VEVENT. */
  lines: [number, number];
}

export interface ParsedCalendar {
  events: IcsEvent[];
  /** Index of the physical line END:VCALENDAR, or -1. */
  endLine: number;
  hasCalendar: boolean;
}

/**
 * The top-level VEVENTs of an .ics text (nested VALARMs stay inside their event's props range but are not
 * returned as properties).
 * @example parseCalendar(text).events.map((e) => e.uid)
 */
export function parseCalendar(text: string): ParsedCalendar {
  const lines = splitLines(text);
  const events: IcsEvent[] = [];
  let hasCalendar = false;
  let endLine = -1;
  let start = -1;
  let nested = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.trim().toUpperCase();
    if (t === 'BEGIN:VCALENDAR') hasCalendar = true;
    else if (t === 'END:VCALENDAR' && start === -1) endLine = i;
    else if (t === 'BEGIN:VEVENT' && start === -1) (start = i), (nested = 0);
    else if (start !== -1 && t.startsWith('BEGIN:')) nested++;
    else if (start !== -1 && t.startsWith('END:') && t !== 'END:VEVENT') nested--;
    else if (t === 'END:VEVENT' && start !== -1 && nested === 0) {
      const props: ContentLine[] = [];
      let depth = 0;
      for (const l of unfold(lines, start + 1, i)) {
        const upper = l.toUpperCase();
        if (upper.startsWith('BEGIN:')) depth++;
        else if (upper.startsWith('END:')) depth--;
        else if (depth === 0) {
          const p = parseContentLine(l);
          if (p) props.push(p);
        }
      }
      const uid = props.find((p) => p.name === 'UID')?.value.trim() ?? null;
      events.push({ props, uid, lines: [start, i] });
      start = -1;
    }
  }
  return { events, endLine, hasCalendar };
}

export interface NewEvent {
  uid: string;
  summary: string;
  description: string;
  start: number;
  end: number;
  /** DTSTAMP: when the event was written. */
  stamp: number;
  categories?: string[];
}

/**
 * A UTC date-time in the RFC 5545 basic form.
 * @example icsUtc(Date.UTC(2025, 0, 6, 9)) // '20250106T090000Z'
 */
export function icsUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * One VEVENT as folded CRLF lines (UTC DTSTAMP/DTSTART/DTEND, escaped TEXT), without a trailing CRLF.
 * @example formatEvent({ uid: 'k7qz3mw9ra@task-orchestrator', summary: '[Task] Ship', description: 'Task ID: k7qz3mw9ra', start, end, stamp: now })
 */
export function formatEvent(e: NewEvent): string {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${icsUtc(e.stamp)}`,
    `DTSTART:${icsUtc(e.start)}`,
    `DTEND:${icsUtc(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    ...(e.categories?.length ? [`CATEGORIES:${e.categories.map(escapeText).join(',')}`] : []),
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
  return lines.map(foldLine).join(CRLF);
}

/**
 * The calendar this module starts when the file does not exist yet.
 * @example parseCalendar(emptyCalendar()).hasCalendar // true
 */
export function emptyCalendar(): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Task Orchestrator//Tasks//EN', 'CALSCALE:GREGORIAN', 'END:VCALENDAR', ''].join(CRLF);
}

/**
 * The file text with every VEVENT whose UID is `uid` removed and `event` (already formatted, or null to
 * only remove) inserted before END:VCALENDAR. Every other line is kept byte for byte. Throws for a text
 * that is not an iCalendar object.
 * @example replaceEvent(readFileSync(file, 'utf8'), uid, formatEvent(ev))
 */
export function replaceEvent(text: string, uid: string, event: string | null): string {
  const source = text.trim() === '' ? emptyCalendar() : text;
  const cal = parseCalendar(source);
  if (!cal.hasCalendar || cal.endLine === -1) throw new Error('not an iCalendar file (no BEGIN:VCALENDAR … END:VCALENDAR)');
  const lines = splitLines(source);
  const drop = new Set<number>();
  for (const e of cal.events) if (e.uid === uid) for (let i = e.lines[0]; i <= e.lines[1]; i++) drop.add(i);
  // Our lines follow the file's own line ending when it is consistently LF; CRLF otherwise (the RFC's).
  const eol = lines.length > 1 && lines.every((l) => l.eol === '\n' || l.eol === '') ? '\n' : CRLF;
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (i === cal.endLine && event !== null) out.push(event.replace(/\r\n/g, eol) + eol);
    if (!drop.has(i)) out.push(l.text + (i === cal.endLine && l.eol === '' ? eol : l.eol));
  });
  return out.join('');
}
