/**
 * One pending request in the inbox: what was asked (tool, command or file, rule, reason, project, session,
 * age, time left) and the three decisions. The card owns its inputs so a re-render keeps what was typed.
 */
import type { InboxItem } from '../src/protocol.js';
import { h, setText } from './dom.js';
import { formatAge, formatDateTime, formatTimeLeft, projectName, shortSession } from './format.js';

export interface CardActions {
  approve(id: string): void;
  approveAlways(id: string, pattern: string): void;
  deny(id: string, reason: string): void;
  draft(id: string, text: string): void;
}

export interface Card {
  readonly el: HTMLLIElement;
  readonly approveButton: HTMLButtonElement;
  readonly denyInput: HTMLInputElement;
  update(item: InboxItem): void;
  tick(now: number): void;
  /** In flight: every control off, `text` shown; `false` turns them back on (unless expired). */
  setBusy(busy: boolean, text?: string): void;
  setError(text: string | null): void;
}

let serial = 0;

/**
 * Builds the card for `item`; `draft` is a deny reason typed before (from the saved state).
 *
 * @example
 * const card = createCard(item, '', actions, Date.now()); list.append(card.el);
 */
export function createCard(first: InboxItem, draft: string, actions: CardActions, now: number): Card {
  let item = first;
  let busy = false;
  let expired = false;
  const uid = `req-${++serial}`;

  const tool = h('span', { class: 'tool', id: `${uid}-title` });
  const rule = h('span', { class: 'rule' });
  const age = h('span', { class: 'age' });
  const left = h('span', { class: 'time-left', role: 'timer', 'aria-live': 'off' });
  const summary = h('pre', { class: 'summary', tabindex: '-1' });
  const reason = h('dd', {});
  const project = h('dd', {});
  const session = h('dd', {});
  const status = h('p', { class: 'status', id: `${uid}-status` });

  const approve = h('button', { type: 'button', class: 'primary approve' }, 'Approve');
  const always = h('button', { type: 'button', class: 'secondary always', 'aria-expanded': 'false', 'aria-controls': `${uid}-always` }, 'Approve always…');
  const pattern = h('input', { type: 'text', class: 'pattern mono', id: `${uid}-pattern`, spellcheck: 'false', 'aria-describedby': `${uid}-pattern-help ${uid}-pattern-error` });
  const ruleText = h('p', { class: 'always-rule' });
  const patternError = h('p', { class: 'field-error', id: `${uid}-pattern-error` });
  const confirm = h('button', { type: 'button', class: 'primary confirm' }, 'Approve and create rule');
  const cancel = h('button', { type: 'button', class: 'secondary cancel' }, 'Cancel');
  const panel = h('div', { class: 'always-panel', id: `${uid}-always`, hidden: true },
    ruleText,
    h('label', { for: `${uid}-pattern` }, 'Pattern'),
    pattern,
    h('p', { class: 'hint', id: `${uid}-pattern-help` }, 'A glob over the command or file: * matches any run of characters, ? one character, everything else is literal.'),
    patternError,
    h('div', { class: 'actions' }, confirm, cancel));
  const denyInput = h('input', { type: 'text', class: 'deny-reason', id: `${uid}-deny`, placeholder: 'Why not? Claude reads this', value: draft });
  const deny = h('button', { type: 'button', class: 'danger deny' }, 'Deny');

  const el = h('li', {
    class: 'request', tabindex: '-1', 'aria-labelledby': `${uid}-title`, 'aria-describedby': `${uid}-keys ${uid}-status`, 'aria-keyshortcuts': 'A D',
  },
  h('div', { class: 'request-head' }, tool, rule, h('span', { class: 'timing' }, age, ' · ', left)),
  summary,
  h('dl', { class: 'meta' }, h('dt', {}, 'Reason'), reason, h('dt', {}, 'Project'), project, h('dt', {}, 'Session'), session),
  h('div', { class: 'actions' }, approve, always),
  panel,
  h('div', { class: 'deny-row' }, h('label', { for: `${uid}-deny` }, 'Deny reason (optional)'), h('div', { class: 'deny-controls' }, denyInput, deny)),
  status,
  h('p', { class: 'visually-hidden', id: `${uid}-keys` }, 'Arrow keys move between requests; A goes to Approve, D to the deny reason.'));
  el.dataset.id = first.id;

  const controls = (): Array<HTMLButtonElement | HTMLInputElement> => [approve, always, pattern, confirm, cancel, denyInput, deny];
  const applyDisabled = (): void => {
    const off = busy || expired;
    for (const c of controls()) c.disabled = off;
    el.classList.toggle('busy', busy);
    el.classList.toggle('expired', expired);
  };
  const openPanel = (open: boolean): void => {
    panel.hidden = !open;
    always.setAttribute('aria-expanded', String(open));
    if (open) {
      pattern.value = item.alwaysPattern;
      patternError.textContent = '';
      pattern.focus();
      pattern.select();
    }
  };

  approve.addEventListener('click', () => actions.approve(item.id));
  always.addEventListener('click', () => openPanel(panel.hidden));
  cancel.addEventListener('click', () => { openPanel(false); always.focus(); });
  const sendAlways = (): void => {
    const p = pattern.value.trim();
    if (p === '') {
      patternError.textContent = 'Enter a pattern: an empty one would match nothing. The suggested one matches this call exactly.';
      pattern.focus();
      return;
    }
    patternError.textContent = '';
    actions.approveAlways(item.id, p);
  };
  confirm.addEventListener('click', sendAlways);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.stopPropagation(); openPanel(false); always.focus(); }
    if (e.key === 'Enter' && e.target === pattern) { e.preventDefault(); sendAlways(); }
  });
  deny.addEventListener('click', () => actions.deny(item.id, denyInput.value.trim()));
  denyInput.addEventListener('input', () => actions.draft(item.id, denyInput.value));
  denyInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); actions.deny(item.id, denyInput.value.trim()); }
  });

  const card: Card = {
    el,
    approveButton: approve,
    denyInput,
    update(next) {
      item = next;
      setText(tool, next.tool);
      setText(rule, next.rule);
      rule.title = `rule ${next.rule}`;
      setText(summary, next.summary);
      summary.title = next.summary;
      setText(reason, next.reason || '—');
      setText(project, projectName(next.project));
      project.title = next.project;
      setText(session, shortSession(next.session));
      session.title = next.session;
      age.title = formatDateTime(next.createdAt);
      left.title = `expires ${formatDateTime(next.expiresAt)}`;
      const brief = next.summary.length > 80 ? `${next.summary.slice(0, 80)}…` : next.summary;
      approve.setAttribute('aria-label', `Approve ${next.tool}: ${brief}`);
      always.setAttribute('aria-label', `Approve always ${next.tool}: ${brief}`);
      deny.setAttribute('aria-label', `Deny ${next.tool}: ${brief}`);
      setText(ruleText, `Approves this call and creates an always-rule: in ${next.project || 'this project'}, allow ${next.tool} calls flagged by rule ${next.rule} whose command or file matches the pattern below.`);
      if (panel.hidden) pattern.value = next.alwaysPattern;
      card.tick(now);
    },
    tick(t) {
      now = t;
      setText(age, formatAge(item.createdAt, t));
      setText(left, formatTimeLeft(item.expiresAt, t));
      const isExpired = item.expiresAt <= t;
      if (isExpired !== expired) {
        expired = isExpired;
        applyDisabled();
        if (expired && !busy) setText(status, 'Expired: its tool call stopped waiting, so there is nothing left to decide.');
      }
    },
    setBusy(b, text) {
      busy = b;
      if (b && el.contains(document.activeElement) && document.activeElement !== el) el.focus();
      applyDisabled();
      if (text !== undefined) setText(status, text);
      el.setAttribute('aria-busy', String(b));
    },
    setError(text) {
      status.classList.toggle('error', text !== null);
      if (text !== null) setText(status, text);
    },
  };
  card.update(first);
  return card;
}
