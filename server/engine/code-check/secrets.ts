/** Names that hold secrets, for the hardcoded-secret check shared by the Python and JS/TS rules. */

/** camelCase and kebab-case → snake_case, lower case: `dbPassword` → `db_password`. */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-.\s]+/g, '_').toLowerCase();
}

const SECRET_NAME = /(^|_)(password|passwd|pwd|passphrase|secret|token|api_?key|apikey|access_?key|private_?key|secret_?key|auth_?key|client_?secret|credentials?)$/;

/**
 * Whether a variable, property or keyword name says it holds a secret (its last words do).
 *
 * @example
 * isSecretName('GITHUB_TOKEN') // → true
 * isSecretName('token_url')    // → false
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(snake(name.replace(/^["'`]|["'`]$/g, '')));
}

/** The warning's message; the value itself is never repeated. */
export function secretMessage(name: string): string {
  return `a string literal is assigned to "${name}": read secrets from the environment or a secret store, not from code`;
}
