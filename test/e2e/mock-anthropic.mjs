// A local stand-in for the Anthropic Messages API, scripted per test.
//
// The scenario is a list of turns; the turn answered is chosen by how many assistant messages the
// request already carries, so a retried request gets the same answer and side requests (title,
// quota, summaries: anything without `tools`) never consume a turn. Every request is recorded so a
// test can read the tool_result blocks Claude Code sent back.
import http from 'node:http';

let idCounter = 0;
const nextId = (prefix) => `${prefix}_e2e_${Date.now().toString(36)}_${(idCounter++).toString(36)}`;

/**
 * @typedef {{ text: string } | { tool: string, input: Record<string, unknown>, text?: string }
 *   | ((req: { body: any, toolResults: any[] }) => Turn)} Turn
 */

/** Start the mock on 127.0.0.1 and a free port. */
export async function startMockAnthropic({ turns = [], model = 'claude-sonnet-4-5', quiet = false } = {}) {
  /** @type {{ method: string, path: string, kind: string, body: any, at: number }[]} */
  const requests = [];
  let script = turns;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try { body = raw ? JSON.parse(raw) : null; } catch { body = raw; }
      const path = (req.url ?? '/').split('?')[0];
      const entry = { method: req.method ?? 'GET', path, kind: 'other', body, at: Date.now() };
      requests.push(entry);
      try {
        route(entry, res);
      } catch (err) {
        process.stderr.write(`[mock-anthropic] handler error: ${err?.stack ?? err}\n`);
        sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(err) } });
      }
    });
  });

  function route(entry, res) {
    const { method, path, body } = entry;
    if (method === 'POST' && path === '/v1/messages') {
      const isMain = Array.isArray(body?.tools) && body.tools.length > 0;
      entry.kind = isMain ? 'main' : 'side';
      const turn = isMain ? pickTurn(body) : { text: 'ok' };
      const content = toContent(turn);
      const stopReason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
      const message = {
        id: nextId('msg'), type: 'message', role: 'assistant', model: body?.model ?? model,
        content, stop_reason: stopReason, stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      };
      if (body?.stream) return sendSse(res, message);
      return sendJson(res, 200, message);
    }
    if (method === 'POST' && path === '/v1/messages/count_tokens') {
      entry.kind = 'count_tokens';
      return sendJson(res, 200, { input_tokens: 100 });
    }
    if (method === 'HEAD' || (method === 'GET' && path === '/')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(method === 'HEAD' ? undefined : 'ok');
    }
    if (!quiet) process.stderr.write(`[mock-anthropic] unhandled ${method} ${path}\n`);
    return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `mock: no route ${method} ${path}` } });
  }

  function pickTurn(body) {
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const step = messages.filter((m) => m.role === 'assistant').length;
    let turn = script[step];
    if (typeof turn === 'function') turn = turn({ body, toolResults: toolResultsIn(body) });
    if (!turn) turn = { text: `MOCK FINAL: saw ${toolResultsIn(body).length} tool_result(s).` };
    return turn;
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Replace the scenario (the next main request starts from its turn for that step). */
    setTurns(next) { script = next; },
    mainRequests: () => requests.filter((r) => r.kind === 'main'),
    /** Every tool_result block Claude Code sent in any main request, deduplicated by tool_use_id. */
    toolResults() {
      const byId = new Map();
      for (const r of requests) if (r.kind === 'main') for (const t of toolResultsIn(r.body)) byId.set(t.tool_use_id, t);
      return [...byId.values()];
    },
    /** All request bodies as one string: for "this secret never reached the model" checks. */
    allBodiesText: () => requests.map((r) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body))).join('\n'),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** tool_result blocks of one request, with their content flattened to text. */
export function toolResultsIn(body) {
  const out = [];
  for (const m of body?.messages ?? []) {
    if (m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (b?.type !== 'tool_result') continue;
      const text = typeof b.content === 'string' ? b.content
        : Array.isArray(b.content) ? b.content.map((c) => (c?.type === 'text' ? c.text : JSON.stringify(c))).join('\n') : '';
      out.push({ tool_use_id: b.tool_use_id, is_error: b.is_error === true, text });
    }
  }
  return out;
}

function toContent(turn) {
  const blocks = [];
  const list = Array.isArray(turn) ? turn : [turn];
  for (const t of list) {
    if (t.text) blocks.push({ type: 'text', text: t.text });
    if (t.tool) blocks.push({ type: 'tool_use', id: nextId('toolu'), name: t.tool, input: t.input ?? {} });
  }
  return blocks;
}

function sendJson(res, status, obj) {
  const data = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': nextId('req'), 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

/** Stream a complete message as the real API does: start, blocks with deltas, delta, stop. */
function sendSse(res, message) {
  res.writeHead(200, {
    'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive',
    'request-id': nextId('req'),
  });
  const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const { content, stop_reason, usage, ...rest } = message;
  ev('message_start', { message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
      ev('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      ev('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const cut = Math.floor(json.length / 2); // two fragments, as the real API splits partial_json
      ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(0, cut) } });
      ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(cut) } });
    }
    ev('content_block_stop', { index });
  });
  ev('message_delta', { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  ev('message_stop', {});
  res.end();
}
