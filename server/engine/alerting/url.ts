/** The check every notifier URL passes, in the config and again in the notifier factories. */

/**
 * What is wrong with a notifier URL, or null. Only http(s), and no `user:password@`: credentials in a
 * URL end up in logs and error messages; they belong in a header.
 *
 * @example
 * urlProblem('https://hooks.example.com/alerts') // → null
 * urlProblem('file:///etc/passwd')               // → 'must be an http(s) URL'
 */
export function urlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.hostname === '') return 'must be an http(s) URL with a host';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials (user:password@); send them in a header';
  return null;
}
