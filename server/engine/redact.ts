/**
 * Secret redaction for everything that reaches the store (commands, tool inputs, reasons, outputs).
 * Pure and cheap enough for the hook: a handful of regular expressions, most skipped by a quick pre-test.
 */

const MARK = '«redacted:';
const mark = (kind: string): string => `${MARK}${kind}»`;

/** A value in a `name=value` / `--flag value` position: quoted, or up to whitespace or a shell separator. */
const VALUE = String.raw`(?!["']?\u00AB)("[^"\n]*"|'[^'\n]*'|[^\s'"\`;&|,}\]]+)`;

/** Keeps the quotes around a redacted value, so redacted JSON stays JSON. */
function keepQuotes(value: string, kind: string): string {
  const q = value[0];
  return q === '"' || q === "'" ? `${q}${mark(kind)}${q}` : mark(kind);
}

function kindOfName(name: string): string {
  return /pass|pwd/i.test(name) ? 'password' : /token/i.test(name) ? 'token' : 'secret';
}

interface Rule {
  /** Cheap substring/regex test that must hold before the (costlier) pattern runs. */
  hint: RegExp;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const RULES: Rule[] = [
  {
    // PEM private keys, including an unterminated block (a truncated paste): redacted to the end.
    hint: /PRIVATE KEY-----/,
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$(?![\s\S]))/g,
    replace: () => mark('private-key'),
  },
  {
    hint: /eyJ/,
    pattern: /\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
    replace: () => mark('jwt'),
  },
  { hint: /sk-ant-/, pattern: /\bsk-ant-[A-Za-z0-9_-]{16,}/g, replace: () => mark('anthropic-key') },
  {
    // OpenAI: sk-…, sk-proj-…, sk-svcacct-…; a digit somewhere keeps ordinary hyphenated words out.
    hint: /sk-/,
    pattern: /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g,
    replace: () => mark('openai-key'),
  },
  { hint: /AKIA|ASIA|ABIA|ACCA/, pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, replace: () => mark('aws-key') },
  { hint: /gh[pousr]_/, pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: () => mark('github-token') },
  { hint: /github_pat_/, pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g, replace: () => mark('github-token') },
  { hint: /glpat-/, pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, replace: () => mark('gitlab-token') },
  { hint: /xox|xapp-/, pattern: /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}/g, replace: () => mark('slack-token') },
  { hint: /AIza/, pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, replace: () => mark('google-key') },
  { hint: /_live_|_test_/, pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: () => mark('stripe-key') },
  { hint: /npm_/, pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: () => mark('npm-token') },
  { hint: /hf_/, pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: () => mark('huggingface-token') },
  {
    // Authorization: Bearer …, Proxy-Authorization: Basic …, "authorization": "token …"
    hint: /authorization/i,
    pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?!(?:bearer|basic|token|digest|bot|apikey)\s+\u00AB)(?:(bearer|basic|token|digest|bot|apikey)\s+)?(?!\u00AB)([^\s'",;]+)/gi,
    replace: (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${mark(scheme ? scheme.toLowerCase() : 'authorization')}`,
  },
  {
    hint: /bearer/i,
    pattern: /\b(bearer)\s+(?!\u00AB)[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: (_m, word) => `${word} ${mark('bearer')}`,
  },
  {
    // scheme://user:password@host
    hint: /:\/\//,
    // The user part never holds a marker: a token already redacted in the user position stays one marker.
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/'"\u00AB]*):(?!\u00AB)([^\s@/'"]+)@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${mark('password')}@`,
  },
  {
    // curl -u user:password, --user=user:password
    hint: /-u|--user/,
    pattern: /((?<![\w-])(?:-u|--user)(?:\s+|=)["']?)([^\s:'"]+):(?!\u00AB)([^\s'"]+)/g,
    replace: (_m, head, user) => `${head}${user}:${mark('password')}`,
  },
  {
    // --password=…, --password …, --token …, --api-key …, --client-secret …
    hint: /--?[a-z-]*(?:pass|pwd|token|secret|key|auth)/i,
    pattern: new RegExp(
      String.raw`((?<![\w-])--?(?:[a-z]+[-_])*(?:password|passwd|pass|pwd|passphrase|token|secret|api[-_]?key|access[-_]?key|private[-_]?key|auth)(?:=|\s+))${VALUE}`,
      'gi',
    ),
    replace: (_m, head, value) => `${head}${keepQuotes(value, kindOfName(head))}`,
  },
  {
    // mysql/mariadb take the password glued to -p (`-p secret` would prompt, with "secret" the database).
    hint: /mysql|mariadb/,
    pattern: /(\b(?:mysql\w*|mariadb\w*)\b[^\n;|&]*?\s-p)(?!\u00AB)(\S+)/g,
    replace: (_m, head) => `${head}${mark('password')}`,
  },
  { hint: /sshpass/, pattern: /(\bsshpass\s+-p\s*)(?!\u00AB)(\S+)/g, replace: (_m, head) => `${head}${mark('password')}` },
  {
    // password=…, export GITHUB_TOKEN=…, "api_key": "…", client_secret: …
    hint: /pass|pwd|secret|token|key|credential/i,
    pattern: new RegExp(
      String.raw`((?<![\w-])[\w.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)["']?\s*[:=]\s*)${VALUE}`,
      'gi',
    ),
    replace: (_m, head, value) => `${head}${keepQuotes(value, kindOfName(head))}`,
  },
  {
    // SOMETHING_KEY=…, SOMETHING_PAT=… (upper-case environment style only: sort_key=name stays)
    hint: /_KEY|_PAT/,
    pattern: new RegExp(String.raw`(\b[A-Z][A-Z0-9_]*_(?:KEY|PAT)\s*=\s*)${VALUE}`, 'g'),
    replace: (_m, head, value) => `${head}${keepQuotes(value, 'secret')}`,
  },
];

/**
 * Lower-case substrings of which every rule's hint needs at least one (test/unit/store/redact.test.ts
 * checks each hint's alternatives against this list). A text with none of them is returned untouched.
 * Plain `includes` instead of one big case-insensitive regex: compiling that regex cost a hook ~0.3 ms,
 * on every call, for the common case of nothing to redact.
 */
export const HINT_WORDS = [
  'private key-----', 'eyj', 'sk-', 'akia', 'asia', 'abia', 'acca', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-',
  'xox', 'xapp-', 'aiza', '_live_', '_test_', 'npm_', 'hf_', 'bearer', '://', '-u', 'pass', 'pwd', 'secret', 'token',
  'key', 'auth', 'mysql', 'mariadb', 'credential', '_pat',
];

/** Every rule's hint, for the test that HINT_WORDS covers them. */
export const RULE_HINTS: readonly RegExp[] = RULES.map((r) => r.hint);

function mayHoldSecret(text: string): boolean {
  const lower = text.toLowerCase();
  for (const w of HINT_WORDS) if (lower.includes(w)) return true;
  return false;
}

/**
 * Replaces secrets in `text` with `«redacted:<kind>»` (kinds: private-key, jwt, anthropic-key, openai-key,
 * aws-key, github-token, slack-token, google-key, bearer, password, token, secret, …). Idempotent, so
 * text may be redacted again on its way through the store.
 *
 * @example
 * redact('curl -H "Authorization: Bearer abc.def.ghi" https://u:hunter2@example.com')
 * // → 'curl -H "Authorization: Bearer «redacted:bearer»" https://u:«redacted:password»@example.com'
 */
export function redact(text: string): string {
  // One cheap pre-test spares the common case — `ls -la`, a file path — every rule's.
  if (!mayHoldSecret(text)) return text;
  let out = text;
  for (const r of RULES) {
    if (!r.hint.test(out)) continue;
    out = out.replace(r.pattern, r.replace as (m: string, ...g: unknown[]) => string);
  }
  return out;
}
