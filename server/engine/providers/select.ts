/**
 * Which provider the engine talks to, from the environment and the optional configuration. Resolution is
 * pure (environment in, descriptions out); only the chosen provider's SDK client is constructed.
 *
 * Environment:
 * - `GOOGLE_API_KEY` or `GEMINI_API_KEY` → gemini (the default when set); `GEMINI_BASE_URL` moves it.
 * - `OPENAI_API_KEY` → openai; `OPENAI_BASE_URL` moves it, and alone (no key) means a local server.
 * - `TASK_ORCHESTRATOR_PROVIDER` forces a provider by name (`none` or `off` disables them all).
 * - `TASK_ORCHESTRATOR_MODEL` pins the built-in providers' default model.
 *
 * Order without a forced choice: the configuration's `default`, then gemini, openai and the configured
 * providers in file order — the first one that is usable.
 */
import type { ProvidersConfig } from './config.js';
import { type Env, envValue, PLACEHOLDER_KEY, providerFromConfig } from './custom.js';
import { GEMINI_BASE_URL, geminiProvider } from './gemini.js';
import { type ConfiguredProvider, MODEL_TABLE, type ProviderKind } from './models.js';
import { OPENAI_BASE_URL, openaiProvider } from './openai.js';
import { ProviderError } from './types.js';

export const PROVIDER_ENV = 'TASK_ORCHESTRATOR_PROVIDER';
export const MODEL_ENV = 'TASK_ORCHESTRATOR_MODEL';

/** One provider as a status line shows it: where it points and where its key comes from, never the key. */
export interface ProviderStatus {
  name: string;
  kind: ProviderKind;
  origin: 'environment' | 'config';
  /** Usable: its key (or, for a local server, its base URL) is present. */
  configured: boolean;
  /** The environment variable holding the key, 'placeholder' for a keyless local server, null when missing. */
  keySource: string | null;
  baseUrl: string;
  defaultModel: string;
  /** The provider selectProvider would return. */
  selected: boolean;
  /** Why it is not configured, or why nothing was selected. */
  note?: string;
}

interface Candidate {
  status: Omit<ProviderStatus, 'selected'>;
  build: () => ConfiguredProvider;
}

type Choice = { candidate: Candidate } | { none: string } | { error: Error };

/**
 * The provider to use, or null when none is configured (callers report "skipped: no provider"). Throws
 * ProviderError `no_key` when a forced provider lacks its key, and an Error for a forced unknown name.
 *
 * @example
 * const provider = selectProvider(process.env, loadProvidersConfig(file) ?? undefined);
 * if (!provider) return { skipped: 'no provider' };
 */
export function selectProvider(env: Env = process.env, config?: ProvidersConfig): ConfiguredProvider | null {
  const choice = choose(candidates(env, config), env, config);
  if ('error' in choice) throw choice.error;
  return 'none' in choice ? null : choice.candidate.build();
}

/**
 * Every known provider with its configuration state, for `status` displays. Never throws for a bad
 * forced choice: the problem is reported in the `note` of the forced provider (or of every entry).
 *
 * @example
 * listProviders({ GOOGLE_API_KEY: 'AIza…' })
 * // → [{ name: 'gemini', configured: true, keySource: 'GOOGLE_API_KEY', selected: true, … }, { name: 'openai', configured: false, … }]
 */
export function listProviders(env: Env = process.env, config?: ProvidersConfig): ProviderStatus[] {
  const all = candidates(env, config);
  const choice = choose(all, env, config);
  return all.map((c) => {
    const selected = 'candidate' in choice && choice.candidate === c;
    const note = 'error' in choice ? choice.error.message : 'none' in choice && c.status.configured ? choice.none : c.status.note;
    return { ...c.status, selected, ...(note ? { note } : {}) };
  });
}

function candidates(env: Env, config: ProvidersConfig | undefined): Candidate[] {
  const pinned = envValue(env, MODEL_ENV);
  const googleKey = envValue(env, 'GOOGLE_API_KEY');
  const geminiKey = googleKey ?? envValue(env, 'GEMINI_API_KEY');
  const geminiBase = envValue(env, 'GEMINI_BASE_URL') ?? GEMINI_BASE_URL;
  const openaiKey = envValue(env, 'OPENAI_API_KEY');
  const openaiBase = envValue(env, 'OPENAI_BASE_URL');
  const out: Candidate[] = [
    {
      status: {
        name: 'gemini',
        kind: 'gemini',
        origin: 'environment',
        configured: geminiKey !== undefined,
        keySource: geminiKey === undefined ? null : googleKey ? 'GOOGLE_API_KEY' : 'GEMINI_API_KEY',
        baseUrl: geminiBase,
        defaultModel: pinned ?? MODEL_TABLE.gemini.general,
        ...(geminiKey === undefined ? { note: 'set GOOGLE_API_KEY or GEMINI_API_KEY' } : {}),
      },
      build: () => geminiProvider({ apiKey: geminiKey ?? '', baseUrl: geminiBase, ...(pinned ? { defaultModel: pinned } : {}) }),
    },
    {
      status: {
        name: 'openai',
        kind: 'openai-compatible',
        origin: 'environment',
        configured: openaiKey !== undefined || openaiBase !== undefined,
        keySource: openaiKey ? 'OPENAI_API_KEY' : openaiBase ? 'placeholder' : null,
        baseUrl: openaiBase ?? OPENAI_BASE_URL,
        defaultModel: pinned ?? MODEL_TABLE.openai.general,
        ...(openaiKey === undefined && openaiBase === undefined ? { note: 'set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server' } : {}),
      },
      build: () =>
        openaiProvider({ apiKey: openaiKey ?? PLACEHOLDER_KEY, ...(openaiBase ? { baseUrl: openaiBase } : {}), ...(pinned ? { defaultModel: pinned } : {}) }),
    },
  ];
  for (const entry of config?.providers ?? []) {
    const keyed = entry.apiKeyEnv === undefined || envValue(env, entry.apiKeyEnv) !== undefined;
    out.push({
      status: {
        name: entry.name,
        kind: entry.kind,
        origin: 'config',
        configured: keyed,
        keySource: entry.apiKeyEnv === undefined ? 'placeholder' : keyed ? entry.apiKeyEnv : null,
        baseUrl: entry.baseUrl,
        defaultModel: entry.defaultModel,
        ...(keyed ? {} : { note: `set ${entry.apiKeyEnv}` }),
      },
      build: () => providerFromConfig(entry, env),
    });
  }
  return out;
}

function choose(all: Candidate[], env: Env, config: ProvidersConfig | undefined): Choice {
  const forced = envValue(env, PROVIDER_ENV);
  if (forced && /^(none|off)$/i.test(forced)) return { none: `${PROVIDER_ENV}=${forced} disables every provider` };
  const wanted = forced ?? config?.default;
  if (wanted) {
    const by = forced ? PROVIDER_ENV : 'the configuration default';
    const c = all.find((x) => x.status.name.toLowerCase() === wanted.toLowerCase());
    if (!c) return { error: new Error(`${by} names "${wanted}", which is no provider (known: ${all.map((x) => x.status.name).join(', ')})`) };
    if (!c.status.configured) return { error: new ProviderError(c.status.name, 'no_key', `${c.status.name} is chosen by ${by} but not configured: ${c.status.note}`) };
    return { candidate: c };
  }
  const first = all.find((c) => c.status.configured);
  return first ? { candidate: first } : { none: 'no provider is configured' };
}
