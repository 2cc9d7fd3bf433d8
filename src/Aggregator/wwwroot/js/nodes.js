// Every node at a glance, polled every few seconds; a new crash report refreshes at once.
import { getJson } from './api.js';
import { el, routeHref, badge, message } from './dom.js';
import { time, ago, minutesSince, number } from './format.js';
import { poll } from './poller.js';

const columns = [
  { key: 'node', label: 'Node', value: n => n.node },
  { key: 'state', label: 'State', value: n => n.state ?? '' },
  { key: 'lastSeen', label: 'Last line', value: n => n.lastLineAt ?? n.lastSeen },
  { key: 'linesPerMinute', label: 'Lines/min', value: n => n.linesPerMinute ?? 0, numeric: true },
  { key: 'lines', label: 'Lines', value: n => n.lines, numeric: true },
  { key: 'crashes', label: 'Crashes', value: n => n.crashes ?? 0, numeric: true },
  { key: 'lastCrashTitle', label: 'Last crash', value: n => n.lastCrashAt ?? '' },
];

// Kept across visits of the page.
const settings = { sort: 'node', descending: false, filter: '', state: '' };

export function showNodes({ view, setLive }) {
  let nodes = null;
  const filter = el('input', { type: 'search', placeholder: 'filter: node or crash title', value: settings.filter, 'aria-label': 'Filter nodes' });
  const state = el('select', { 'aria-label': 'State' },
    ['', 'alive', 'silent', 'crashed', 'rebooted'].map(s => el('option', { value: s, text: s || 'any state', selected: s === settings.state })));
  const head = el('tr');
  const body = el('tbody');
  const summary = el('p', { class: 'summary' });
  const status = el('div');
  view.append(
    el('section', { class: 'nodes' },
      el('div', { class: 'toolbar' }, el('h1', { text: 'Nodes' }), filter, state, summary),
      status,
      el('table', { class: 'grid', id: 'nodes' }, el('thead', {}, head), body)));

  const render = () => {
    head.replaceChildren(...columns.map(c => el('th', { class: c.numeric ? 'num' : null, 'aria-sort': settings.sort === c.key ? (settings.descending ? 'descending' : 'ascending') : null },
      el('button', {
        type: 'button', class: 'sort', dataset: { key: c.key },
        text: c.label + (settings.sort === c.key ? (settings.descending ? ' ▼' : ' ▲') : ''),
        onclick: () => {
          settings.descending = settings.sort === c.key ? !settings.descending : c.numeric === true;
          settings.sort = c.key;
          render();
        },
      }))));
    if (nodes === null) return;
    const needle = settings.filter.toLowerCase();
    const shown = nodes
      .filter(n => !settings.state || n.state === settings.state)
      .filter(n => !needle || n.node.toLowerCase().includes(needle) || (n.lastCrashTitle ?? '').toLowerCase().includes(needle));
    const column = columns.find(c => c.key === settings.sort) ?? columns[0];
    shown.sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
      return settings.descending ? -order : order;
    });
    const counts = {};
    for (const n of nodes) counts[n.state ?? 'alive'] = (counts[n.state ?? 'alive'] ?? 0) + 1;
    summary.textContent = `${nodes.length} nodes` + Object.entries(counts).map(([k, v]) => ` · ${v} ${k}`).join('');
    body.replaceChildren(...shown.map(row));
    if (nodes.length === 0) status.replaceChildren(message('No node has sent anything yet. Point netconsole or syslog at this collector.'));
  };

  filter.addEventListener('input', () => { settings.filter = filter.value; render(); });
  state.addEventListener('change', () => { settings.state = state.value; render(); });
  render();

  const poller = poll(3000, async signal => {
    try {
      nodes = await getJson('/api/nodes', { signal });
      status.replaceChildren();
      setLive('on', `updated ${time(new Date().toISOString()).slice(11, 19)}`);
      render();
    } catch (e) {
      if (signal.aborted) return;
      setLive('off', 'not updating');
      status.replaceChildren(message(`Cannot read the nodes: ${e.message}`, 'error'));
    }
  });
  const crashes = new EventSource('/api/crashes/stream');
  crashes.addEventListener('crash', () => poller.now());
  return () => { poller.stop(); crashes.close(); };
}

function stateCell(n) {
  const state = n.state ?? 'alive';
  const text = state === 'silent' ? `silent ${minutesSince(n.lastSeen)} min` : state;
  return el('td', {}, badge(text, `state-${state}`));
}

function row(n) {
  return el('tr', { dataset: { node: n.node, state: n.state ?? '' } },
    el('td', {}, el('a', { href: routeHref('node', n.node), text: n.node })),
    stateCell(n),
    el('td', { title: time(n.lastLineAt ?? n.lastSeen), text: ago(n.lastLineAt ?? n.lastSeen) }),
    el('td', { class: 'num', text: number(n.linesPerMinute) }),
    el('td', { class: 'num', text: number(n.lines) }),
    el('td', { class: 'num', text: number(n.crashes) }),
    el('td', {}, n.lastCrashId
      ? [el('a', { href: routeHref('crash', n.lastCrashId), text: n.lastCrashTitle ?? n.lastCrashId }), ' ', el('span', { class: 'muted', text: ago(n.lastCrashAt) })]
      : ''));
}
