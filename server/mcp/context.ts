/**
 * What every tool module shares: the state directory and its store (opened once, on first use), the
 * provider chosen from the environment, the price table, the classifier's context, and the server's MCP
 * log. Nothing here is cached that a human may change while the server runs (prices, providers.json,
 * policy): those are read per call, which costs a few file reads next to a model call.
 */
import { join, resolve } from 'node:path';
import type { AgentDeps } from '../engine/agents/index.js';
import { loadPriceTable } from '../engine/cost/price-file.js';
import type { PriceTable } from '../engine/cost/price-table.js';
import type { HealingOptions } from '../engine/healing/index.js';
import type { ClassifyContext } from '../engine/policy/types.js';
import type { ConfiguredProvider } from '../engine/providers/models.js';
import { buildContext, processFacts } from '../engine/runtime/context.js';
import { userHome } from '../engine/runtime/os-facts.js';
import { resolveStateDir } from '../engine/store/paths.js';
import type { Store } from '../engine/store/store.js';

export type Env = Readonly<Record<string, string | undefined>>;
export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error';

export interface ServerOptions {
  env?: Env;
  /** The project the server works for (default CLAUDE_PROJECT_DIR, else the process's cwd). */
  cwd?: string;
  now?: () => number;
  /** Breaker and retry settings (tests shorten the delays). */
  healing?: HealingOptions;
}

/** The providers configuration file, beside the state. */
export const PROVIDERS_FILE = 'providers.json';

export class ServerContext {
  readonly env: Env;
  readonly project: string;
  readonly stateDir: string;
  readonly now: () => number;
  readonly healing: HealingOptions | undefined;
  /** Configuration problems found at start (logged once connected). */
  readonly problems: string[];
  /** Estimates of paid calls in flight, per provider (see guarded-call.ts). */
  readonly inFlight = new Map<string, number>();
  private storePromise: Promise<Store> | null = null;
  private logger: (level: LogLevel, data: unknown) => void = () => undefined;

  constructor(opts: ServerOptions = {}) {
    this.env = opts.env ?? process.env;
    this.project = resolve(opts.cwd ?? this.env.CLAUDE_PROJECT_DIR ?? process.cwd());
    this.stateDir = resolveStateDir(this.env, userHome(this.env), this.project);
    this.now = opts.now ?? Date.now;
    const fromEnv = healingFromEnv(this.env);
    this.healing = opts.healing ?? (Object.keys(fromEnv.options).length ? fromEnv.options : undefined);
    this.problems = fromEnv.problems;
  }

  /** The store, opened on first use. A failure to open is reported by every tool that needs it, and retried next time. */
  store(): Promise<Store> {
    if (!this.storePromise) {
      // sql.js and the provider SDKs are imported on first use: tools/list must not wait for them.
      this.storePromise = import('../engine/store/store.js').then(({ Store }) => Store.open(this.stateDir));
      this.storePromise.catch(() => {
        this.storePromise = null;
      });
    }
    return this.storePromise;
  }

  prices(): PriceTable {
    return loadPriceTable(this.stateDir);
  }

  /** The provider to use, or null with the reason. An invalid providers.json or a forced provider without a key is a reason, not a crash. */
  async provider(): Promise<{ provider: ConfiguredProvider | null; note: string }> {
    const [{ loadProvidersConfig }, { selectProvider }] = await Promise.all([import('../engine/providers/config.js'), import('../engine/providers/select.js')]);
    try {
      const config = loadProvidersConfig(join(this.stateDir, PROVIDERS_FILE)) ?? undefined;
      const provider = selectProvider(this.env, config);
      return { provider, note: provider ? `${provider.name} (${provider.baseUrl})` : 'set GOOGLE_API_KEY (Gemini), OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server' };
    } catch (e) {
      return { provider: null, note: (e as Error).message };
    }
  }

  async classifyContext(): Promise<ClassifyContext> {
    return buildContext({ ...processFacts(this.project), env: this.env });
  }

  async agentDeps(): Promise<AgentDeps> {
    const { provider, note } = await this.provider();
    return {
      store: await this.store(), prices: this.prices(), now: this.now, env: this.env, provider, providerNote: note,
      project: this.project, session: this.env.CLAUDE_SESSION_ID ?? '', inFlight: this.inFlight,
      ...(this.healing ? { healing: this.healing } : {}),
    };
  }

  setLogger(fn: (level: LogLevel, data: unknown) => void): void {
    this.logger = fn;
  }

  log(level: LogLevel, data: unknown): void {
    try {
      this.logger(level, data);
    } catch {
      // logging must never break a tool
    }
  }

  close(): void {
    void this.storePromise?.then((s) => s.close()).catch(() => undefined);
  }
}

/** Environment variables that tune the breaker and retries (docs/healing.md), name → option. */
export const HEALING_ENV = {
  TASK_ORCHESTRATOR_BREAKER_THRESHOLD: 'failureThreshold',
  TASK_ORCHESTRATOR_BREAKER_HALF_OPEN_MS: 'halfOpenAfterMs',
  TASK_ORCHESTRATOR_RETRY_ATTEMPTS: 'maxAttempts',
  TASK_ORCHESTRATOR_RETRY_BASE_MS: 'baseDelayMs',
  TASK_ORCHESTRATOR_RETRY_MAX_MS: 'maxDelayMs',
} as const;

/**
 * @example
 * healingFromEnv({ TASK_ORCHESTRATOR_RETRY_BASE_MS: '50' }) // → { options: { baseDelayMs: 50 }, problems: [] }
 */
export function healingFromEnv(env: Env): { options: HealingOptions; problems: string[] } {
  const options: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, key] of Object.entries(HEALING_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 0) options[key] = n;
    else problems.push(`${name}=${JSON.stringify(raw)} is not a whole number ≥ 0; using the default`);
  }
  return { options: options as HealingOptions, problems };
}
