/** LLM providers: Gemini and OpenAI(-compatible) on their real SDKs, custom providers from configuration, selection. */
export * from './types.js';
export { deadline, DEFAULT_TIMEOUT_MS, type Deadline } from './deadline.js';
export { malformedResponse, parseRetryAfter, retryDelayFromBody, scrub, statusKind, toProviderError, type ErrorContext } from './errors.js';
export { GEMINI_BASE_URL, geminiProvider, geminiText, geminiUsage, type GeminiProviderOptions } from './gemini.js';
export { OPENAI_BASE_URL, openaiMessages, openaiProvider, openaiUsage, type OpenAIProviderOptions } from './openai.js';
export {
  BUILT_IN_PROVIDERS, loadProvidersConfig, parseProvidersConfig, ProvidersConfigError, providersConfigSchema,
  type CustomProviderConfig, type ProvidersConfig,
} from './config.js';
export { envValue, PLACEHOLDER_KEY, providerFromConfig, type Env } from './custom.js';
export { listProviders, MODEL_ENV, PROVIDER_ENV, selectProvider, type ProviderStatus } from './select.js';
export {
  MODEL_TABLE, MODEL_TASKS, modelEnvVar, modelFor,
  type ConfiguredProvider, type ModelFamily, type ModelOverrides, type ModelTarget, type ModelTask, type ProviderKind, type TaskModels,
} from './models.js';
