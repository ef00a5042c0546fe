/**
 * The engine's view of an LLM: one interface, implemented on the real SDKs (Gemini via @google/genai,
 * OpenAI and OpenAI-compatible endpoints via openai) and by custom providers from configuration.
 */

export interface LLMRequest {
  prompt: string;
  system?: string;
  /** Provider-specific model id; the provider's default when absent. */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  /** Ask for a JSON object as the whole answer (Gemini responseMimeType, OpenAI response_format). */
  json?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface LLMUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's cache (billed differently). */
  cachedTokens: number;
  /** Reasoning / thinking tokens (billed as output). */
  thinkingTokens: number;
  totalTokens: number;
}

export interface LLMResponse {
  text: string;
  provider: string;
  model: string;
  usage: LLMUsage;
  finishReason?: string;
  latencyMs: number;
}

export type ProviderErrorKind = 'auth' | 'rate_limit' | 'server' | 'network' | 'timeout' | 'bad_request' | 'no_key' | 'unknown';

/** A provider call that failed, classified so breakers and retries can decide (retryable: rate_limit, server, network, timeout). */
export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  /** From a 429's Retry-After (or the provider's retry hint), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(provider: string, kind: ProviderErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export interface LLMProvider {
  /** 'gemini', 'openai', or a custom provider's configured name. */
  readonly name: string;
  readonly defaultModel: string;
  generate(req: LLMRequest): Promise<LLMResponse>;
}
