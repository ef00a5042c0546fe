// Healing through the real SDKs against the local LLM mock: hinted 429s are retried after the hint, three
// failed calls open the breaker and the next call sends nothing, a trial after halfOpenAfterMs recovers —
// and the open state, and the half-open trial claim, hold across stores and across processes.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { BreakerOpenError, callWithHealing, type HealingOptions, loadHealingStatus } from '../../server/engine/healing/index.js';
import { geminiProvider, type LLMProvider, openaiProvider, ProviderError } from '../../server/engine/providers/index.js';
import { Store } from '../../server/engine/store/store.js';
import { type LlmMock, reply, startLlmMock } from '../fixtures/llm-mock/server.js';
import { useHealingSandbox } from '../unit/helpers/healing-sandbox.js';
import { bundleWithStore } from './fixtures/store-bundle.js';

const sb = useHealingSandbox('to-healing-int-');
const { opts } = sb;

const GEMINI_KEY = `AIza${'Sy0123456789abcdefghijklmnopqrstuvw'}`;
const OPENAI_KEY = 'sk-proj-a1b2c3d4e5f6g7h8i9j0k1l2m3n4';

let mock: LlmMock;

beforeAll(async () => {
  mock = await startLlmMock();
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.reset();
});

const providers: [string, () => LLMProvider][] = [
  ['gemini', () => geminiProvider({ apiKey: GEMINI_KEY, baseUrl: mock.geminiBaseUrl })],
  ['openai', () => openaiProvider({ apiKey: OPENAI_KEY, baseUrl: mock.openaiBaseUrl, defaultModel: 'gpt-4.1-mini' })],
];

const ask = (s: Store, p: LLMProvider, o: HealingOptions = opts()) => callWithHealing(s, p.name, (signal) => p.generate({ prompt: 'hello', signal }), o);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe.each(providers)('%s', (name, make) => {
  test('a 429 with a retry hint is retried after exactly the hinted delay, then succeeds', async () => {
    // Gemini's hint is RetryInfo in the body; OpenAI's is the Retry-After header.
    mock.enqueue(name === 'gemini' ? reply.rateLimit({ retryDelay: '30s' }) : reply.rateLimit({ retryAfter: 7 }));
    const res = await ask(sb.store, make());
    expect(res.text).toBe('echo: hello');
    expect(sb.slept).toEqual([name === 'gemini' ? 30_000 : 7_000]);
    expect(mock.requests).toHaveLength(2);
    expect((await loadHealingStatus(sb.store, sb.clock)).breakers).toEqual([]);
  });

  test('a hint beyond maxDelayMs is not waited out: the error surfaces with the hint after one request', async () => {
    mock.enqueue(name === 'gemini' ? reply.rateLimit({ retryDelay: '120s' }) : reply.rateLimit({ retryAfter: 120 }));
    const err = await rejection(ask(sb.store, make()));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'rate_limit', retryAfterMs: 120_000 });
    expect(mock.requests).toHaveLength(1);
    expect(sb.slept).toEqual([]);
  });

  test('a 401 is neither retried nor counted', async () => {
    mock.enqueue(reply.error(401, { message: 'API key not valid' }));
    expect(await rejection(ask(sb.store, make()))).toMatchObject({ kind: 'auth' });
    expect(mock.requests).toHaveLength(1);
    expect((await loadHealingStatus(sb.store, sb.clock)).breakers).toEqual([]);
  });

  test('three failed calls open the breaker; the next call sends no request; after halfOpenAfterMs one trial recovers', async () => {
    const p = make();
    mock.setAnswer(() => reply.serverError());
    for (let i = 0; i < 3; i++) expect(await rejection(ask(sb.store, p))).toMatchObject({ kind: 'server', status: 500 });
    // Each call: the first try plus three retries at 2 s, 4 s, 8 s.
    expect(mock.requests).toHaveLength(12);
    expect(sb.slept).toEqual([2000, 4000, 8000, 2000, 4000, 8000, 2000, 4000, 8000]);

    const refused = await rejection(ask(sb.store, p));
    expect(refused).toBeInstanceOf(BreakerOpenError);
    expect((refused as Error).message).toBe(`the ${name} circuit breaker is open after 3 consecutive failures; retrying in 30s`);
    expect(mock.requests).toHaveLength(12);

    mock.setAnswer(() => reply.text('back'));
    sb.clock += 30_000;
    expect((await ask(sb.store, p)).text).toBe('back');
    expect(mock.requests).toHaveLength(13);
    expect((await loadHealingStatus(sb.store, sb.clock)).breakers[0]).toMatchObject({ provider: name, state: 'closed', consecutiveFailures: 0, tripCount: 1 });
  });
});

describe('across stores and processes', () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await bundleWithStore({ source: CHILD }, 'child', 'to-healing-child-');
  }, 60_000);
  afterAll(() => rmSync(bundle, { recursive: true, force: true }));

  const openai = () => openaiProvider({ apiKey: OPENAI_KEY, baseUrl: mock.openaiBaseUrl, defaultModel: 'gpt-4.1-mini' });

  async function openIt(): Promise<void> {
    mock.setAnswer(() => reply.serverError());
    for (let i = 0; i < 3; i++) await rejection(ask(sb.store, openai(), opts({ maxAttempts: 0 })));
    mock.setAnswer(() => reply.text('healthy'));
    expect(mock.requests).toHaveLength(3);
  }

  test('a second Store on the same state dir (another surface) sees the open breaker and sends nothing', async () => {
    await openIt();
    const other = await Store.open(sb.dir);
    try {
      const err = await rejection(ask(other, openai()));
      expect(err).toBeInstanceOf(BreakerOpenError);
      expect(mock.requests).toHaveLength(3);
      expect((await loadHealingStatus(other, sb.clock + 1000)).breakers[0]).toMatchObject({ provider: 'openai', state: 'open', retryAfterMs: 29_000 });
    } finally {
      other.close();
    }
  });

  test('another process sees the open breaker, then makes the trial and closes it for everyone', async () => {
    await openIt();
    const refused = await runChild(sb.dir, mock.openaiBaseUrl, sb.clock + 5_000);
    expect(refused).toEqual({ error: 'BreakerOpenError', retryAfterMs: 25_000, message: 'the openai circuit breaker is open after 3 consecutive failures; retrying in 25s' });
    expect(mock.requests).toHaveLength(3);

    const probed = await runChild(sb.dir, mock.openaiBaseUrl, sb.clock + 30_000);
    expect(probed).toEqual({ text: 'healthy' });
    expect(mock.requests).toHaveLength(4);
    expect(mock.requests[3]?.prompt).toBe('from the child');
    expect((await loadHealingStatus(sb.store, sb.clock + 30_000)).breakers[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  test('while this process runs the half-open trial, another process is refused and sends nothing', async () => {
    await openIt();
    sb.clock += 30_000;
    const p = openai();
    let entered = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The trial is claimed before fn runs; holding fn open keeps the claim live while the child asks.
    const trial = callWithHealing(sb.store, 'openai', async (signal) => {
      entered = true;
      await gate;
      return p.generate({ prompt: 'trial', signal });
    }, opts());
    for (let i = 0; !entered && i < 1000; i++) await new Promise((r) => setTimeout(r, 10));
    expect(entered).toBe(true);
    const refused = await runChild(sb.dir, mock.openaiBaseUrl, sb.clock + 100);
    expect(refused).toMatchObject({ error: 'BreakerOpenError' });
    expect((refused as { message: string }).message).toMatch(/half-open and another call is making the trial request/);
    expect(mock.requests).toHaveLength(3);
    release();
    expect((await trial).text).toBe('healthy');
    expect(mock.requests).toHaveLength(4);
    expect((await loadHealingStatus(sb.store, sb.clock)).breakers[0]?.state).toBe('closed');
  });

  async function runChild(stateDir: string, baseUrl: string, now: number): Promise<unknown> {
    const child = spawn(process.execPath, [join(bundle, 'child.mjs'), stateDir, baseUrl, String(now)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the child exited with ${code}: ${err}`);
    return JSON.parse(out);
  }
});

/** The other process: opens the sb.store and makes one OpenAI call through healing at the given sb.clock. */
const CHILD = `
import { Store } from './server/engine/store/store.js';
import { callWithHealing } from './server/engine/healing/index.js';
import { openaiProvider } from './server/engine/providers/index.js';
const [stateDir, baseUrl, now] = process.argv.slice(2);
const store = await Store.open(stateDir);
const p = openaiProvider({ apiKey: 'sk-child-0123456789', baseUrl, defaultModel: 'gpt-4.1-mini' });
try {
  const r = await callWithHealing(store, 'openai', (signal) => p.generate({ prompt: 'from the child', signal }), { now: () => Number(now), maxAttempts: 0 });
  process.stdout.write(JSON.stringify({ text: r.text }));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e.name, retryAfterMs: e.retryAfterMs, message: e.message }));
} finally {
  store.close();
}
`;
