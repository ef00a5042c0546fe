/**
 * Grading MCP tool results. PostToolUse delivers content blocks (`[{ type: 'text', text }]`, or an
 * object `{ content, isError }`); an error result (isError, or a text that is an MCP protocol error)
 * or a PostToolUseFailure is a tool_error; a response with no content at all is an empty_response.
 */
import { clip, inspectable, oneLine } from './bounded-text.js';
import { fail, pass } from './result.js';
import type { ToolResultEvent } from './types.js';
import type { Findings } from './tool-result-types.js';

/** MCP tools are named `mcp__<server>__<tool>`. */
export const isMcpTool = (name: string): boolean => name.startsWith('mcp__');

interface Block {
  type?: unknown;
  text?: unknown;
}

const MCP_PROTOCOL_ERROR = /^MCP error -?\d+:/;

function readResponse(response: unknown): { blocks: Block[] | null; isError: boolean; text: string } {
  if (typeof response === 'string') return { blocks: [{ type: 'text', text: response }], isError: false, text: response };
  let blocks: Block[] | null = null;
  let isError = false;
  if (Array.isArray(response)) blocks = response as Block[];
  else if (response !== null && typeof response === 'object') {
    const r = response as { content?: unknown; isError?: unknown };
    isError = r.isError === true;
    if (Array.isArray(r.content)) blocks = r.content as Block[];
  }
  const text = (blocks ?? []).map((b) => (typeof b?.text === 'string' ? b.text : '')).join('\n');
  return { blocks, isError, text };
}

/**
 * The checks on one MCP result.
 *
 * @example
 * gradeMcp({ event: 'PostToolUse', toolName: 'mcp__db__query', toolInput: {}, toolResponse: [] }).results[0]
 * // → { name: 'mcp-result', passed: false, reason: 'mcp__db__query returned no content', failureType: 'empty_response' }
 */
export function gradeMcp(e: ToolResultEvent): Findings {
  const tool = e.toolName;
  if (e.event === 'PostToolUseFailure') {
    const error = inspectable(e.error ?? '');
    return { results: [fail('mcp-result', oneLine(`${tool} failed: ${error || 'no error message'}`), 'tool_error')], output: clip(error) };
  }
  const { blocks, isError, text } = readResponse(e.toolResponse);
  const shown = inspectable(text);
  if (isError || MCP_PROTOCOL_ERROR.test(text.trimStart())) {
    return { results: [fail('mcp-result', oneLine(`${tool} returned an error: ${shown || 'no message'}`), 'tool_error')], output: clip(shown) };
  }
  if (blocks !== null && isEmpty(blocks)) {
    return { results: [fail('mcp-result', `${tool} returned no content`, 'empty_response')], output: '' };
  }
  return { results: [pass('mcp-result', `${tool} returned ${blocks ? `${blocks.length} content block${blocks.length === 1 ? '' : 's'}` : 'a result'}`)], output: clip(shown) };
}

/** No blocks, or only text blocks holding whitespace (an image or resource block is content). */
function isEmpty(blocks: Block[]): boolean {
  return blocks.every((b) => b !== null && typeof b === 'object' && (b.type === 'text' || b.type === undefined) && (typeof b.text !== 'string' || b.text.trim() === ''));
}
