/**
 * OpenAI and any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, a gateway) on the openai SDK
 * (`chat.completions.create`, non-streaming). `maxRetries: 0` on the client and on every call: one
 * generate() is exactly one HTTP request, the circuit breaker above owns retrying.
 */
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DEFAULT_TIMEOUT_MS, deadline } from './deadline.js';
import { malformedResponse, toProviderError } from './errors.js';
import { type ConfiguredProvider, MODEL_TABLE, type TaskModels } from './models.js';
import type { LLMRequest, LLMResponse, LLMUsage } from './types.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** Up to and including the version segment (`http://127.0.0.1:11434/v1`); the SDK appends `/chat/completions`. */
  baseUrl?: string;
  /** Pins every task to this model (unless `models` says otherwise); without it the built-in table applies. */
  defaultModel?: string;
  /** 'openai' unless this is a configured custom provider. */
  name?: string;
  timeoutMs?: number;
  models?: TaskModels;
  /**
   * The body field for the output cap. OpenAI itself wants `max_completion_tokens` (reasoning models reject
   * `max_tokens`); compatible servers have long understood `max_tokens` and not always the newer name.
   * Default: `max_completion_tokens` for api.openai.com, `max_tokens` elsewhere.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  fetch?: typeof fetch;
}

type OpenAIUsage = ChatCompletion['usage'];

/**
 * OpenAI usage as LLMUsage. `prompt_tokens` already includes the cached tokens and `completion_tokens`
 * already includes the reasoning tokens, so neither is added again.
 *
 * @example
 * openaiUsage({ prompt_tokens: 100, completion_tokens: 50, total_tokens: 150,
 *   prompt_tokens_details: { cached_tokens: 40 }, completion_tokens_details: { reasoning_tokens: 30 } })
 * // → { inputTokens: 100, outputTokens: 50, cachedTokens: 40, thinkingTokens: 30, totalTokens: 150 }
 */
export function openaiUsage(usage: OpenAIUsage | null | undefined): LLMUsage {
  const input = usage?.prompt_tokens ?? 0;
  const output = usage?.completion_tokens ?? 0;
  return {
    inputTokens: input,
    outputTokens: output,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    thinkingTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: usage?.total_tokens ?? input + output,
  };
}

/**
 * The chat messages for a request. OpenAI refuses `response_format: json_object` unless the word "JSON"
 * appears in the messages, so a JSON request that never says so gets one sentence added to the system message.
 *
 * @example
 * openaiMessages({ system: 'Grade it.', prompt: 'x', json: true })
 * // → [{ role: 'system', content: 'Grade it.\n\nAnswer with a JSON object.' }, { role: 'user', content: 'x' }]
 */
export function openaiMessages(req: Pick<LLMRequest, 'system' | 'prompt' | 'json'>): ChatCompletionMessageParam[] {
  const mentionsJson = /json/i.test(`${req.system ?? ''}\n${req.prompt}`);
  const system = req.json && !mentionsJson ? [req.system, 'Answer with a JSON object.'].filter(Boolean).join('\n\n') : req.system;
  return [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content: req.prompt }];
}

/**
 * An OpenAI (or OpenAI-compatible) provider on the real SDK.
 *
 * @example
 * const local = openaiProvider({ apiKey: 'unused', baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'llama3.1', name: 'ollama' });
 * const { text } = await local.generate({ prompt: 'Say hi.' });
 */
export function openaiProvider(opts: OpenAIProviderOptions): ConfiguredProvider {
  const name = opts.name ?? 'openai';
  const baseUrl = (opts.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  const official = baseUrl === OPENAI_BASE_URL;
  const defaultModel = opts.defaultModel ?? MODEL_TABLE.openai.general;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxTokensField = opts.maxTokensField ?? (official ? 'max_completion_tokens' : 'max_tokens');
  // baseURL is always explicit so OPENAI_BASE_URL in the environment cannot redirect a resolved provider.
  const client = new OpenAI({
    apiKey: opts.apiKey,
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: timeoutMs,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });

  async function generate(req: LLMRequest): Promise<LLMResponse> {
    const model = req.model ?? defaultModel;
    const d = deadline(req.timeoutMs ?? timeoutMs, req.signal);
    const body: ChatCompletionCreateParamsNonStreaming = {
      model,
      messages: openaiMessages(req),
      ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
      ...(req.maxTokens === undefined ? {} : { [maxTokensField]: req.maxTokens }),
      ...(req.json ? { response_format: { type: 'json_object' as const } } : {}),
    };
    const started = performance.now();
    let completion: ChatCompletion;
    try {
      completion = await client.chat.completions.create(body, { signal: d.signal, timeout: d.timeoutMs, maxRetries: 0 });
    } catch (e) {
      throw toProviderError(name, e, { timedOut: d.timedOut(), callerAborted: d.callerAborted(), timeoutMs: d.timeoutMs, secrets: [opts.apiKey] });
    } finally {
      d.dispose();
    }
    // A non-JSON 200 (a proxy's HTML page) reaches here as a string.
    if (!completion || typeof completion !== 'object' || !Array.isArray(completion.choices)) {
      throw malformedResponse(name, 'no choices in the chat completion');
    }
    const choice = completion.choices[0];
    return {
      text: choice?.message?.content ?? '',
      provider: name,
      model,
      usage: openaiUsage(completion.usage),
      ...(choice?.finish_reason ? { finishReason: choice.finish_reason } : {}),
      latencyMs: Math.round(performance.now() - started),
    };
  }

  return {
    name,
    kind: 'openai-compatible',
    baseUrl,
    defaultModel,
    ...(opts.defaultModel || !official ? {} : { family: 'openai' as const }),
    ...(opts.models ? { models: opts.models } : {}),
    generate,
  };
}
