/**
 * Gemini on @google/genai (`models.generateContent`). One generate() is exactly one HTTP request: the SDK's
 * own retries (p-retry behind `httpOptions.retryOptions`) and automatic continuation are switched off,
 * because the circuit breaker above this layer owns retrying.
 */
import { GoogleGenAI, type GenerateContentConfig, type GenerateContentResponse, type GenerateContentResponseUsageMetadata } from '@google/genai';
import { DEFAULT_TIMEOUT_MS, deadline } from './deadline.js';
import { malformedResponse, toProviderError } from './errors.js';
import { type ConfiguredProvider, MODEL_TABLE, type TaskModels } from './models.js';
import type { LLMRequest, LLMResponse, LLMUsage } from './types.js';

export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

export interface GeminiProviderOptions {
  apiKey: string;
  /** Where the Gemini API lives; the SDK appends `/{apiVersion}/models/{model}:generateContent`. */
  baseUrl?: string;
  /** Pins every task to this model (unless `models` says otherwise); without it the built-in table applies. */
  defaultModel?: string;
  /** 'gemini' unless this is a configured custom provider. */
  name?: string;
  /** 'v1beta' (the SDK's default) or 'v1'. */
  apiVersion?: string;
  /** Per-call timeout when the request names none. */
  timeoutMs?: number;
  models?: TaskModels;
  /** The fetch the SDK uses (tests, proxies); the global fetch by default. */
  fetch?: typeof fetch;
}

/**
 * Gemini usage metadata as LLMUsage. `promptTokenCount` already includes the cached tokens, and
 * `candidatesTokenCount` excludes the thinking tokens, which are billed as output: so input is prompt
 * (plus tool-use prompt), output is candidates plus thoughts.
 *
 * @example
 * geminiUsage({ promptTokenCount: 100, cachedContentTokenCount: 40, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 150 })
 * // → { inputTokens: 100, outputTokens: 50, cachedTokens: 40, thinkingTokens: 30, totalTokens: 150 }
 */
export function geminiUsage(meta: GenerateContentResponseUsageMetadata | undefined): LLMUsage {
  const input = (meta?.promptTokenCount ?? 0) + (meta?.toolUsePromptTokenCount ?? 0);
  const thinking = meta?.thoughtsTokenCount ?? 0;
  const output = (meta?.candidatesTokenCount ?? 0) + thinking;
  return {
    inputTokens: input,
    outputTokens: output,
    cachedTokens: meta?.cachedContentTokenCount ?? 0,
    thinkingTokens: thinking,
    totalTokens: meta?.totalTokenCount ?? input + output,
  };
}

/**
 * The answer text of a response: the first candidate's text parts, thought summaries left out.
 *
 * @example
 * geminiText({ candidates: [{ content: { parts: [{ text: 'plan', thought: true }, { text: 'Hello' }] } }] }) // → 'Hello'
 */
export function geminiText(res: Pick<GenerateContentResponse, 'candidates'>): string {
  const parts = res.candidates?.[0]?.content?.parts ?? [];
  return parts
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('');
}

/**
 * A Gemini provider on the real SDK.
 *
 * @example
 * const gemini = geminiProvider({ apiKey: process.env.GOOGLE_API_KEY! });
 * const { text, usage } = await gemini.generate({ system: 'Be brief.', prompt: 'Name a prime.', maxTokens: 20 });
 */
export function geminiProvider(opts: GeminiProviderOptions): ConfiguredProvider {
  const name = opts.name ?? 'gemini';
  const baseUrl = opts.baseUrl ?? GEMINI_BASE_URL;
  const defaultModel = opts.defaultModel ?? MODEL_TABLE.gemini.general;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const baseFetch = opts.fetch ?? globalThis.fetch;
  // vertexai: false and an explicit baseUrl keep GOOGLE_GENAI_USE_VERTEXAI / GOOGLE_GEMINI_BASE_URL in the
  // environment from redirecting a provider that selection already resolved.
  const client = new GoogleGenAI({
    apiKey: opts.apiKey,
    vertexai: false,
    httpOptions: { baseUrl, ...(opts.apiVersion ? { apiVersion: opts.apiVersion } : {}), retryOptions: { attempts: 1 } },
  });

  async function generate(req: LLMRequest): Promise<LLMResponse> {
    const model = req.model ?? defaultModel;
    const d = deadline(req.timeoutMs ?? timeoutMs, req.signal);
    // genai's ApiError keeps only the body, so a per-call fetch keeps the headers for Retry-After.
    const seen: { headers?: Headers } = {};
    const recordingFetch: typeof fetch = async (input, init) => {
      const res = await baseFetch(input, init);
      seen.headers = res.headers;
      return res;
    };
    const config: GenerateContentConfig = {
      abortSignal: d.signal,
      automaticContinuation: false,
      httpOptions: { fetch: recordingFetch },
      ...(req.system ? { systemInstruction: req.system } : {}),
      ...(req.json ? { responseMimeType: 'application/json' } : {}),
      ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
      ...(req.maxTokens === undefined ? {} : { maxOutputTokens: req.maxTokens }),
    };
    const started = performance.now();
    let res: GenerateContentResponse;
    try {
      res = await client.models.generateContent({ model, contents: [{ role: 'user', parts: [{ text: req.prompt }] }], config });
    } catch (e) {
      throw toProviderError(name, e, {
        timedOut: d.timedOut(),
        callerAborted: d.callerAborted(),
        timeoutMs: d.timeoutMs,
        ...(seen.headers ? { headers: seen.headers } : {}),
        secrets: [opts.apiKey],
      });
    } finally {
      d.dispose();
    }
    if (!res || typeof res !== 'object' || (!Array.isArray(res.candidates) && !res.promptFeedback)) {
      throw malformedResponse(name, 'no candidates in the generateContent answer');
    }
    const finishReason = res.candidates?.[0]?.finishReason ?? res.promptFeedback?.blockReason;
    return {
      text: geminiText(res),
      provider: name,
      model,
      usage: geminiUsage(res.usageMetadata),
      ...(finishReason ? { finishReason: String(finishReason) } : {}),
      latencyMs: Math.round(performance.now() - started),
    };
  }

  return {
    name,
    kind: 'gemini',
    baseUrl,
    defaultModel,
    ...(opts.defaultModel ? {} : { family: 'gemini' as const }),
    ...(opts.models ? { models: opts.models } : {}),
    generate,
  };
}
