/**
 * A tiny element builder. Text always goes in as text nodes (never HTML), so a command or a reason from
 * the store cannot inject markup; there are no `style` attributes (the CSP forbids inline styles): looks
 * come from classes in the CSS files.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

/**
 * Creates an element with attributes (`class`, `aria-*`, `data-*`, … — `true` sets an empty attribute,
 * `false`/null/undefined leaves it out) and children.
 *
 * @example
 * h('button', { class: 'primary', 'aria-label': 'Approve git push' }, 'Approve')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'style') throw new Error('h(): inline styles are blocked by the webview CSP; use a class');
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

/**
 * Appends children, skipping empty ones.
 *
 * @example
 * append(list, h('li', {}, 'one'), cond && h('li', {}, 'two'))
 */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/**
 * Replaces all children of `el`.
 *
 * @example
 * replaceChildren(section, h('p', {}, 'No request is waiting'))
 */
export function replaceChildren(el: Element, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, ...children);
}

/**
 * Sets `el.textContent` only when it differs (so a ticking countdown does not churn the DOM or re-announce).
 *
 * @example
 * setText(timeLeft, '0:42 left')
 */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * An aria-live region and its announcer: the same text twice in a row is still read out.
 *
 * @example
 * const live = liveRegion(); root.append(live.el); live.say('New request: Bash git push');
 */
export function liveRegion(politeness: 'polite' | 'assertive' = 'polite'): { el: HTMLElement; say(text: string): void } {
  const el = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': politeness, 'aria-atomic': 'true' });
  return {
    el,
    say(text: string) {
      el.textContent = '';
      // A separate text node per announcement: screen readers re-read a changed node, not an equal string.
      el.appendChild(document.createTextNode(text));
    },
  };
}
