// Search across nodes with the server's /api/search; the form's state lives in the address (#/search?q=…).
import { getJson, hasPath, hasParameter, query } from './api.js';
import { el, routeHref, message } from './dom.js';
import { time, levelName } from './format.js';

const pageSize = 200;

export function showSearch({ view, params, setLive }) {
  setLive('', '');
  const field = (name, props) => el('input', { name, value: params.get(name) ?? '', ...props });
  const q = field('q', { type: 'search', placeholder: 'text to find', 'aria-label': 'Text', required: true, id: 'search-q' });
  const nodeField = field('node', { type: 'text', placeholder: 'node', 'aria-label': 'Node' });
  const stream = el('select', { name: 'stream', 'aria-label': 'Stream' },
    ['', 'kernel', 'syslog'].map(s => el('option', { value: s, text: s || 'all streams', selected: params.get('stream') === s })));
  const from = field('from', { type: 'datetime-local', step: '1', 'aria-label': 'From (UTC)' });
  const to = field('to', { type: 'datetime-local', step: '1', 'aria-label': 'To (UTC)' });
  const re = el('input', { type: 'checkbox', name: 're', checked: params.get('re') === 'true' });
  const form = el('form', { class: 'toolbar search-form' },
    q, nodeField, stream, el('label', { text: 'from ' }, from), el('label', { text: 'to ' }, to),
    el('label', {}, re, ' regex'), el('button', { type: 'submit', text: 'Search' }));
  const status = el('div', { id: 'search-status' });
  const hits = el('div', { class: 'console hits', id: 'hits' });
  const more = el('button', { type: 'button', text: 'More', hidden: true });
  view.append(el('section', { class: 'search' }, el('h1', { text: 'Search' }), form, status, hits, more));

  const utc = value => (value ? new Date(`${value}Z`).toISOString() : undefined);
  const request = () => ({
    q: q.value, node: nodeField.value, stream: stream.value, from: utc(from.value), to: utc(to.value),
    re: re.checked ? 'true' : undefined, limit: pageSize,
  });
  let next = null;
  let cursorName = 'after';
  let controller = null;

  const run = async (append) => {
    controller?.abort();
    controller = new AbortController();
    if (!append) { hits.replaceChildren(); next = null; }
    status.replaceChildren(message('Searching…'));
    try {
      const answer = await getJson(`/api/search${query({ ...request(), [cursorName]: append ? next : undefined })}`, { signal: controller.signal });
      next = answer.next ?? null;
      more.hidden = !next;
      hits.append(...answer.hits.map(h => hit(h, q.value, re.checked)));
      status.replaceChildren(message(`${hits.childElementCount} hits${next ? ' (more below)' : ''}.`));
    } catch (e) {
      if (e.name === 'AbortError') return;
      status.replaceChildren(message(e.status === 404 && !e.message.includes('node')
        ? 'This server has no search (GET /api/search).'
        : `Search failed: ${e.message}`, 'error'));
    }
  };

  form.addEventListener('submit', e => {
    e.preventDefault();
    const state = { q: q.value, node: nodeField.value, stream: stream.value, from: from.value, to: to.value, re: re.checked ? 'true' : undefined };
    history.replaceState(null, '', `#/search${query(state)}`);
    run(false);
  });
  more.addEventListener('click', () => run(true));

  (async () => {
    if (!(await hasPath('/api/search'))) {
      status.replaceChildren(message('This server has no search yet (GET /api/search); the nodes and crash pages work.', 'warn'));
      return;
    }
    if (await hasParameter('/api/search', 'cursor')) cursorName = 'cursor';
    if (q.value) run(false);
  })();
  return () => controller?.abort();
}

function hit(h, needle, isRegex) {
  const level = levelName(h.level);
  return el('div', { class: 'line', title: time(h.receivedAt) },
    el('span', { class: 'ts', text: time(h.receivedAt) }),
    el('a', { class: 'src', href: routeHref('node', h.node), text: h.node }),
    el('span', { class: 'src', text: `${h.stream === 'kernel' ? 'kern' : (h.app ?? 'syslog')}${level ? '.' + level : ''}` }),
    el('span', { class: 'text' }, highlight(h.text, needle, isRegex)));
}

/** The text as text nodes, the matches in <mark>: never parsed as HTML. */
function highlight(text, needle, isRegex) {
  if (!needle) return [text];
  let pattern;
  try {
    pattern = new RegExp(isRegex ? needle : needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  } catch {
    return [text];
  }
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m[0].length === 0) break;
    parts.push(text.slice(last, m.index), el('mark', { text: m[0] }));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}
