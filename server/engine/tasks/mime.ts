/**
 * Which part of a message to read as its text (from IMAP BODYSTRUCTURE) and HTML reduced to text. Pure.
 */

/** The fields of imapflow's MessageStructureObject this module reads. */
export interface BodyNode {
  part?: string;
  type: string;
  disposition?: string;
  childNodes?: BodyNode[];
}

/**
 * The part to download as the body: the first text/plain that is not an attachment, else the first
 * text/html; depth-first, skipping attached messages. `part` is '1' for a single-part message.
 * @example textPart({ type: 'multipart/alternative', childNodes: [{ part: '1', type: 'text/plain' }, { part: '2', type: 'text/html' }] }) // { part: '1', html: false }
 */
export function textPart(root: BodyNode | undefined): { part: string; html: boolean } | null {
  if (!root) return null;
  let html: string | null = null;
  const walk = (n: BodyNode, top: boolean): string | null => {
    const type = n.type.toLowerCase();
    if (type.startsWith('multipart/')) {
      for (const c of n.childNodes ?? []) {
        const found = walk(c, false);
        if (found) return found;
      }
      return null;
    }
    if (n.disposition?.toLowerCase() === 'attachment' || type === 'message/rfc822') return null;
    const part = n.part ?? (top ? '1' : null);
    if (part === null) return null;
    if (type === 'text/plain') return part;
    if (type === 'text/html' && html === null) html = part;
    return null;
  };
  const plain = walk(root, true);
  if (plain) return { part: plain, html: false };
  return html === null ? null : { part: html, html: true };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Readable text from an HTML body: scripts and styles dropped, block ends as newlines, entities decoded.
 * @example htmlToText('<p>Can you <b>review</b>?</p>') // 'Can you review?'
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}
