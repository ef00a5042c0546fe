/**
 * A tool as the category modules declare it: plain data plus a handler, registered on the SDK's
 * McpServer by registry.ts. Results always carry `structuredContent` (validated against the output
 * schema by the SDK) and a text rendering for clients that read only `content`.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod/v4';
import type { ServerContext } from './context.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
export type Shape = Record<string, z.ZodType>;

export interface ToolDef {
  name: string;
  title: string;
  description: string;
  input: Shape;
  output?: Shape;
  annotations?: ToolAnnotations;
  handler: (args: Record<string, unknown>, extra: Extra) => Promise<CallToolResult>;
}

/** Builds a category's tools for one server. */
export type CategoryTools = (ctx: ServerContext) => ToolDef[];

/** A typed tool: the handler sees its parsed arguments. */
export function tool<I extends Shape>(def: Omit<ToolDef, 'input' | 'handler'> & { input: I; handler: (args: z.infer<z.ZodObject<I>>, extra: Extra) => Promise<CallToolResult> }): ToolDef {
  return def as unknown as ToolDef;
}

const MAX_TEXT = 100_000;

/** A successful result; `text` defaults to the JSON. */
export function ok(data: Record<string, unknown>, text?: string): CallToolResult {
  const body = text ?? JSON.stringify(data, null, 2);
  return { content: [{ type: 'text', text: body.length > MAX_TEXT ? `${body.slice(0, MAX_TEXT)}\n… (cut at ${MAX_TEXT} characters)` : body }], structuredContent: data };
}

/**
 * A tool-level failure: `isError`, the message first, then the details as a JSON text block. No
 * `structuredContent`: clients validate it against the tool's output schema, which describes success.
 */
export function fail(message: string, data: Record<string, unknown> = {}): CallToolResult {
  const details = Object.keys(data).length ? [{ type: 'text' as const, text: JSON.stringify({ error: message, ...data }, null, 2) }] : [];
  return { isError: true, content: [{ type: 'text', text: message }, ...details] };
}

/** The details of a `fail` result (tests and clients that want them as data). */
export function failureDetails(r: CallToolResult): Record<string, unknown> | null {
  const block = r.content[1];
  if (!r.isError || block?.type !== 'text') return null;
  try {
    return JSON.parse(block.text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Reports progress when the client asked for it (a progressToken in the request's _meta). */
export async function progress(extra: Extra, done: number, total: number, message: string): Promise<void> {
  const token = extra._meta?.progressToken;
  if (token === undefined) return;
  await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: done, total, message } }).catch(() => undefined);
}
