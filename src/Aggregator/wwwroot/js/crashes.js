// Crash reports, newest first, live over server-sent events; grouped by incident when the server groups them.
import { getJson, hasPath } from './api.js';
import { el, routeHref, badge, message } from './dom.js';
import { time, ago } from './format.js';

export function showCrashes({ view, params, setLive }) {
  const filter = el('input', { type: 'search', placeholder: 'filter: node, title or kind', value: params.get('node') ?? '', 'aria-label': 'Filter crashes' });
  const grouping = el('select', { 'aria-label': 'Grouping', hidden: true },
    el('option', { value: 'reports', text: 'every report' }), el('option', { value: 'incidents', text: 'by incident' }));
  const started = el('div', { class: 'started' });
  const status = el('div');
  const list = el('div', { id: 'crash-list' });
  view.append(el('section', { class: 'crashes' },
    el('div', { class: 'toolbar' }, el('h1', { text: 'Crash reports' }), filter, grouping),
    started, status, list));

  let crashes = [];
  let incidents = null;
  const render = () => {
    const needle = filter.value.toLowerCase();
    const match = c => !needle || [c.node, c.title, c.kind].some(v => (v ?? '').toLowerCase().includes(needle));
    if (grouping.value === 'incidents' && incidents) {
      const byId = new Map(crashes.map(c => [c.id, c]));
      const shown = incidents.filter(i => !needle || i.title.toLowerCase().includes(needle) || i.nodes.some(n => n.toLowerCase().includes(needle)));
      list.replaceChildren(...shown.map(i => incidentBlock(i, byId)));
      if (shown.length === 0) list.append(message('No incident.'));
      return;
    }
    const shown = crashes.filter(match);
    list.replaceChildren(shown.length === 0 ? message(crashes.length ? 'No report matches.' : 'No crash report yet.') : table(shown));
  };
  filter.addEventListener('input', render);
  grouping.addEventListener('change', render);

  const load = async () => {
    try {
      crashes = await getJson('/api/crashes');
      status.replaceChildren();
    } catch (e) {
      status.replaceChildren(message(`Cannot read the crash reports: ${e.message}`, 'error'));
    }
    if (await hasPath('/api/incidents')) {
      try {
        incidents = (await getJson('/api/incidents'))
          .map(i => ({ ...i, title: i.title ?? '', nodes: i.nodes ?? [], crashIds: i.crashIds ?? [] }));
        grouping.hidden = false;
      } catch {
        incidents = null; // an older server: reports only
      }
    }
    render();
  };

  const source = new EventSource('/api/crashes/stream');
  source.addEventListener('open', () => setLive('on', 'live'));
  source.addEventListener('error', () => setLive('off', 'reconnecting'));
  source.addEventListener('crash', e => {
    const crash = JSON.parse(e.data);
    crashes = [crash, ...crashes.filter(c => c.id !== crash.id)];
    started.replaceChildren();
    render();
    if (incidents) load();
  });
  source.addEventListener('crash-started', e => {
    const s = JSON.parse(e.data);
    started.replaceChildren(message(`A crash is in progress on ${s.node}${s.kind ? ` (${s.kind})` : ''}…`, 'warn'));
  });
  load();
  return () => source.close();
}

function badges(c) {
  return [c.panicked ? badge('panicked', 'bad') : null, c.corrupted ? badge('corrupted', 'warn') : null];
}

function table(crashes) {
  return el('table', { class: 'grid' },
    el('thead', {}, el('tr', {}, ['When', 'Node', 'Title', 'Kind', ''].map(h => el('th', { text: h })))),
    el('tbody', {}, crashes.map(c => el('tr', { dataset: { id: c.id } },
      el('td', { title: time(c.firstAt), text: `${time(c.firstAt)} (${ago(c.firstAt)})` }),
      el('td', {}, el('a', { href: routeHref('node', c.node), text: c.node })),
      el('td', {}, el('a', { href: routeHref('crash', c.id), class: 'title', text: c.title })),
      el('td', { text: c.kind }),
      el('td', {}, badges(c))))));
}

function incidentBlock(incident, byId) {
  return el('details', { class: 'incident' },
    el('summary', {},
      el('strong', { text: incident.title }), ' ',
      el('span', { class: 'muted', text: `${incident.kind ?? ''} · ${incident.nodes.length} nodes · ${incident.crashIds.length} reports · ${time(incident.firstAt)} – ${time(incident.lastAt)}` })),
    el('ul', {}, incident.crashIds.map(id => {
      const c = byId.get(id);
      return el('li', {}, el('a', { href: routeHref('crash', id), text: c ? `${c.node} · ${time(c.firstAt)}` : id }), ' ', c ? badges(c) : null);
    })));
}

