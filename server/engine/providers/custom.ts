/**
 * Builds a provider from one validated configuration entry. The key comes from the environment variable
 * the entry names (configuration files hold no secrets); an entry without `apiKeyEnv` is a keyless local
 * server and gets a placeholder, which both SDKs require.
 */
import type { CustomProviderConfig } from './config.js';
import { geminiProvider } from './gemini.js';
import type { ConfiguredProvider } from './models.js';
import { openaiProvider } from './openai.js';
import { ProviderError } from './types.js';

/** The key sent to servers that need none. */
export const PLACEHOLDER_KEY = 'not-needed';

export type Env = Readonly<Record<string, string | undefined>>;

/** The trimmed value of an environment variable; undefined when unset or blank. */
export const envValue = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

/**
 * The provider for a configuration entry; throws ProviderError `no_key` when its `apiKeyEnv` is unset.
 *
 * @example
 * const cfg = parseProvidersConfig(json);
 * const local = providerFromConfig(cfg.providers[0]!, process.env);
 */
export function providerFromConfig(entry: CustomProviderConfig, env: Env = process.env, opts: { timeoutMs?: number } = {}): ConfiguredProvider {
  const apiKey = entry.apiKeyEnv ? envValue(env, entry.apiKeyEnv) : PLACEHOLDER_KEY;
  if (!apiKey) throw new ProviderError(entry.name, 'no_key', `${entry.name}: ${entry.apiKeyEnv} is not set`);
  const common = {
    apiKey,
    name: entry.name,
    baseUrl: entry.baseUrl,
    defaultModel: entry.defaultModel,
    ...(entry.models ? { models: entry.models } : {}),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  };
  return entry.kind === 'gemini' ? geminiProvider(common) : openaiProvider(common);
}
