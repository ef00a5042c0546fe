/**
 * Custom providers from configuration: any OpenAI-compatible server or Gemini endpoint, by name.
 * Validated with zod; every error names the field (`providers[1].baseUrl`) and the offending value.
 *
 * ```json
 * { "default": "local",
 *   "providers": [{ "name": "local", "kind": "openai-compatible", "baseUrl": "http://127.0.0.1:11434/v1",
 *                   "defaultModel": "qwen2.5-coder:7b", "models": { "architecture": "qwen2.5:32b" } }] }
 * ```
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { redact } from '../redact.js';
import { MODEL_TASKS } from './models.js';

/** Names that belong to the providers selected from the environment. */
export const BUILT_IN_PROVIDERS = ['gemini', 'openai'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const modelId = z.string().trim().min(1, 'must be a non-empty model id');

const taskModels = z
  .object(Object.fromEntries(MODEL_TASKS.map((t) => [t, modelId.optional()])) as Record<(typeof MODEL_TASKS)[number], z.ZodOptional<typeof modelId>>)
  .strict();

const providerEntry = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit')
      .refine((n) => !(BUILT_IN_PROVIDERS as readonly string[]).includes(n.toLowerCase()), 'is reserved for a built-in provider (gemini, openai)'),
    kind: z.enum(['openai-compatible', 'gemini']),
    baseUrl: z
      .string()
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http:// or https:// URL')
      .refine((u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''), 'must not carry credentials; use apiKeyEnv'),
    apiKeyEnv: z.string().regex(ENV_NAME, 'must name an environment variable (letters, digits, "_")').optional(),
    defaultModel: modelId,
    models: taskModels.optional(),
  })
  .strict();

export const providersConfigSchema = z
  .object({
    /** The provider to use when TASK_ORCHESTRATOR_PROVIDER does not say; a custom name or a built-in one. */
    default: z.string().min(1).optional(),
    providers: z.array(providerEntry).default([]),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.providers.forEach((p, i) => {
      const key = p.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'name'], message: 'is already used by an earlier provider' });
      seen.add(key);
    });
    const known = [...BUILT_IN_PROVIDERS, ...cfg.providers.map((p) => p.name.toLowerCase())];
    if (cfg.default !== undefined && !known.includes(cfg.default.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `names no provider (known: ${known.join(', ')})` });
    }
  });

export type ProvidersConfig = z.output<typeof providersConfigSchema>;
export type CustomProviderConfig = ProvidersConfig['providers'][number];

/** A configuration that failed validation; `issues` holds one line per problem. */
export class ProvidersConfigError extends Error {
  readonly issues: readonly string[];
  constructor(issues: readonly string[], source?: string) {
    super(`invalid provider configuration${source ? ` in ${source}` : ''}:\n  ${issues.join('\n  ')}`);
    this.name = 'ProvidersConfigError';
    this.issues = issues;
  }
}

/**
 * Validates a parsed configuration object.
 *
 * @example
 * parseProvidersConfig({ providers: [{ name: 'local', kind: 'openai-compatible', baseUrl: 'ftp://x', defaultModel: 'm' }] })
 * // throws ProvidersConfigError: providers[0].baseUrl: must be an http:// or https:// URL (got "ftp://x")
 */
export function parseProvidersConfig(input: unknown, source?: string): ProvidersConfig {
  const result = providersConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ProvidersConfigError(
    result.error.issues.map((issue) => formatIssue(issue, input)),
    source,
  );
}

/**
 * Reads and validates a JSON configuration file; null when the file does not exist.
 *
 * @example
 * const config = loadProvidersConfig(configFile); // null when there is no file
 */
export function loadProvidersConfig(file: string, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): ProvidersConfig | null {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProvidersConfigError([`not valid JSON: ${(e as Error).message}`], file);
  }
  return parseProvidersConfig(json, file);
}

function formatIssue(issue: z.ZodIssue, input: unknown): string {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') return `${path || '(top level)'}: unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  const value = valueAt(input, issue.path);
  const last = issue.path[issue.path.length - 1];
  return `${path || '(top level)'}: ${issue.message}${describeValue(value, last)}`;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function describeValue(value: unknown, field: string | number | undefined): string {
  if (value === undefined) return ' (missing)';
  // A value in apiKeyEnv that is not a variable name is most likely the key itself: never echo it.
  if (field === 'apiKeyEnv' && !(typeof value === 'string' && ENV_NAME.test(value))) return ' (value not shown: it may be a key)';
  const shown = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  const short = shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
  return ` (got ${redact(short)})`;
}
