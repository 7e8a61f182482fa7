// The demo desk's single-page app (index.html says what it is). Every ticket opened stays mounted
// as a pane, only the current one shown, as real agent workspaces keep their tabs; a switch is a
// pushState and the swap in the same task. The requester card fills in a moment after the pane,
// as helpdesks load their sidebars. Text goes in through textContent only: nothing is parsed as HTML.
import { AGENT, TICKETS } from './tickets.js';

const PATH = /^\/demo\/desk\/tickets\/(\d{1,10})\/?$/;
const CARD_DELAY_MS = 150;
const openedAt = Date.now();
const panes = new Map();
const tabs = document.querySelector('[data-desk-tabs]');
const list = document.querySelector('[data-desk-list]');
const workspace = document.querySelector('[data-desk-workspace]');

/** An element with attributes and children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== false && v != null) el.setAttribute(k, v === true ? '' : String(v));
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}

const href = (id) => `/demo/desk/tickets/${id}`;
const minutesWords = (m) => (m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`);

function message(t, m) {
  const who = m.from === 'agent' ? AGENT : t.requester.name;
  const at = new Date(openedAt - (m.ago ?? 0) * 60_000);
  return h(
    'article',
    { class: `message from-${m.from}`, 'data-from': m.from },
    h('header', {}, h('strong', { class: 'sender' }, who), ' ', h('time', { datetime: at.toISOString() }, minutesWords(m.ago ?? 0))),
    h('p', {}, m.text),
  );
}

function requesterCard(t) {
  const r = t.requester;
  return [
    h('h2', {}, 'Requester'),
    h('p', { class: 'requester-name' }, r.name),
    h('p', {}, h('a', { class: 'requester-email', href: `mailto:${r.email}` }, r.email)),
    r.phone ? h('p', { class: 'requester-phone' }, r.phone) : null,
    h('p', { class: 'requester-id' }, 'Requester ', h('span', { 'data-requester-id': r.id }, `#${r.id}`)),
    h(
      'dl',
      { class: 'ticket-fields' },
      h('dt', {}, 'Status'),
      h('dd', {}, t.status),
      h('dt', {}, 'Priority'),
      h('dd', {}, t.priority),
      h('dt', {}, 'Channel'),
      h('dd', {}, t.channel),
    ),
  ];
}

function composer(t, log) {
  const box = h('textarea', { name: 'reply', rows: 4, 'aria-label': `Reply to ${t.requester.name}`, placeholder: 'Write a public reply…' });
  const form = h(
    'form',
    { class: 'composer', 'data-desk-editor': true },
    box,
    h('div', { class: 'composer-actions' }, h('button', { type: 'submit' }, `Submit as ${t.status}`)),
  );
  // A reply joins the conversation here only: the demo desk sends nothing anywhere.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    log.append(message(t, { from: 'agent', ago: 0, text }));
    box.value = '';
  });
  return form;
}

function pane(id) {
  if (panes.has(id)) return panes.get(id);
  const t = TICKETS[id];
  const el = h('section', { class: 'ticket', 'data-desk-ticket': id, 'aria-label': `Ticket #${id}`, hidden: true });
  if (!t) {
    el.append(h('div', { class: 'missing' }, h('h1', {}, `No ticket #${id}`), h('p', {}, 'Pick a ticket from the views on the left.')));
  } else {
    const log = h(
      'div',
      { class: 'conversation', role: 'log', 'aria-label': 'Conversation' },
      t.messages.map((m) => message(t, m)),
    );
    const card = h(
      'aside',
      { class: 'requester-card', 'aria-label': 'Requester', 'data-desk-requester': id },
      h('p', {}, 'Loading requester…'),
    );
    el.append(
      h(
        'div',
        { class: 'thread' },
        h(
          'div',
          { class: 'ticket-head' },
          h('h1', {}, t.subject),
          h(
            'p',
            { class: 'meta' },
            h('span', { class: `status status-${t.status.toLowerCase()}` }, t.status),
            ` #${id} · via ${t.channel}`,
          ),
        ),
        log,
        composer(t, log),
      ),
      card,
    );
    setTimeout(() => card.replaceChildren(...requesterCard(t).filter(Boolean)), CARD_DELAY_MS);
  }
  workspace.append(el);
  panes.set(id, el);
  return el;
}

let shown = null;
/** The swap: this ticket's pane, tab and list entry current; the others hidden, still mounted. */
function activate(id) {
  if (id === shown) return;
  shown = id;
  pane(id);
  for (const [pid, p] of panes) p.hidden = pid !== id;
  for (const a of [...tabs.children, ...list.querySelectorAll('a')])
    if ((a.dataset.deskTab ?? a.dataset.deskLink) === id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  document.title = `#${id} ${TICKETS[id]?.subject ?? 'No such ticket'} – Acme Support`;
}

function open(id, push) {
  if (push && location.pathname !== href(id)) history.pushState({ id }, '', href(id));
  activate(id);
}

/** In-app navigation for a link or tab: no page load. */
function inApp(el, id) {
  el.addEventListener('click', (e) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // a new tab or window: let the browser load it
    e.preventDefault();
    open(id, true);
  });
}

for (const [id, t] of Object.entries(TICKETS)) {
  const tab = h('a', { href: href(id), 'data-desk-tab': id }, h('span', { class: 'tab-id' }, `#${id}`), ' ', t.subject);
  inApp(tab, id);
  tabs.append(tab);
  const link = h(
    'a',
    { href: href(id), 'data-desk-link': id },
    h('span', { class: 'who' }, t.requester.name),
    h('span', { class: 'what' }, t.subject),
  );
  inApp(link, id);
  list.append(h('li', {}, link));
}
for (const a of document.querySelectorAll('[data-desk-home]')) inApp(a, '101');

const current = () => PATH.exec(location.pathname)?.[1] ?? null;
addEventListener('popstate', () => current() && open(current(), false));
if (current()) open(current(), false);
else {
  history.replaceState({ id: '101' }, '', href('101'));
  open('101', false);
}
