/**
 * Reading JSON out of model or tool output: a fenced ```json block when there is one, else the
 * whole text. No dependencies (the hook uses it too).
 */

/** A fenced block labelled json (any case) or unlabelled; the first one wins. */
const JSON_FENCE = /```(?:json|JSON|Json)?[ \t]*\r?\n?([\s\S]*?)```/;

/**
 * The JSON text inside the first ```json (or unlabelled ```) fence, else the text itself, trimmed.
 *
 * @example
 * extractJsonText('Here:\n```json\n{"a":1}\n```') // → '{"a":1}'
 */
export function extractJsonText(text: string): string {
  if (!text.includes('```')) return text.trim();
  const m = JSON_FENCE.exec(text);
  return m?.[1] !== undefined ? m[1].trim() : text.trim();
}

/** Where a JSON.parse error happened, when the engine says so. */
export interface JsonErrorPosition {
  position: number;
  line: number;
  column: number;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string; where?: JsonErrorPosition };

/**
 * JSON.parse that returns instead of throwing, with the error's position (line and column are
 * 1-based) when V8 reports one; "Unexpected end of JSON input" is placed at the end.
 *
 * @example
 * parseJson('{"a":}') // → { ok: false, message: 'Unexpected token …', where: undefined }
 * parseJson('[1 2]')  // → { ok: false, message: "Expected ',' or ']' …", where: { position: 3, line: 1, column: 4 } }
 */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(message);
    const position = at?.[1] !== undefined ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    return position === undefined ? { ok: false, message } : { ok: false, message, where: locate(text, position) };
  }
}

function locate(text: string, position: number): JsonErrorPosition {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { position, line, column: position - lineStart + 1 };
}

/**
 * Output as a JSON value: objects and arrays are taken as they are; strings (and bytes) are
 * parsed after {@link extractJsonText}; anything else is not JSON output.
 *
 * @example
 * parseJsonOutput('```json\n[1]\n```') // → { ok: true, value: [1] }
 * parseJsonOutput(42)                  // → { ok: false, message: 'Expected a string, object or array, got number' }
 */
export function parseJsonOutput(output: unknown): JsonParse {
  if (output !== null && typeof output === 'object' && !(output instanceof Uint8Array)) return { ok: true, value: output };
  if (output instanceof Uint8Array) return parseJson(extractJsonText(new TextDecoder().decode(output)));
  if (typeof output !== 'string') {
    return { ok: false, message: `Expected a string, object or array, got ${output === null ? 'null' : typeof output}` };
  }
  return parseJson(extractJsonText(output));
}
