// One node: its live console (server-sent events when the server has /follow, else polling the tail), filters,
// jump to a time (when the server takes lines?from=), its crashes and boots.
import { getJson, hasPath, hasParameter, node as nodePath, query } from './api.js';
import { el, routeHref, badge, message } from './dom.js';
import { time, ago, number } from './format.js';
import { Console } from './console.js';
import { poll } from './poller.js';

const initialTail = 500;
const pollTail = 1000;

export function showNode({ view, setLive }, name) {
  const base = nodePath(name);
  const facts = el('p', { class: 'summary' });
  const status = el('div');
  const resume = el('button', { type: 'button', class: 'resume', hidden: true });
  const console_ = new Console({
    onPause: (paused, unseen) => {
      resume.hidden = !paused;
      resume.textContent = unseen > 0 ? `Paused · ${unseen} new lines · follow ↓` : 'Paused · follow ↓';
    },
  });
  resume.addEventListener('click', () => { console_.scrollToEnd(); resume.hidden = true; });

  const stream = el('select', { 'aria-label': 'Stream' },
    el('option', { value: '', text: 'all streams' }), el('option', { value: 'kernel', text: 'kernel' }), el('option', { value: 'syslog', text: 'syslog' }));
  const level = el('select', { 'aria-label': 'Level' },
    el('option', { value: '', text: 'all levels' }),
    ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info'].map((l, i) => el('option', { value: String(i), text: `≤ ${l}` })));
  const text = el('input', { type: 'search', placeholder: 'filter text', 'aria-label': 'Filter text' });
  stream.addEventListener('change', () => console_.setFilter({ stream: stream.value }));
  level.addEventListener('change', () => console_.setFilter({ maxLevel: level.value }));
  text.addEventListener('input', () => console_.setFilter({ text: text.value }));

  const jumpAt = el('input', { type: 'datetime-local', step: '1', 'aria-label': 'Time (UTC)' });
  const jumpGo = el('button', { type: 'submit', text: 'Jump' });
  const backToLive = el('button', { type: 'button', text: 'Back to live', hidden: true });
  const jump = el('form', { class: 'jump', hidden: true }, el('label', { text: 'Jump to (UTC) ' }, jumpAt), jumpGo, backToLive);

  const crashes = el('ul', { class: 'crashes' });
  const boots = el('ul', { class: 'boots' });
  view.append(el('section', { class: 'node' },
    el('div', { class: 'toolbar' }, el('h1', {}, el('a', { href: '#/', text: 'Nodes' }), ' / ', el('span', { id: 'node-name', text: name })), facts),
    status,
    el('div', { class: 'toolbar' }, stream, level, text, jump),
    el('div', { class: 'columns' },
      el('div', { class: 'main' }, console_.element, resume),
      el('aside', {}, el('h2', { text: 'Crashes' }), crashes, el('h2', { text: 'Boots' }), boots))));

  let stopped = false;
  let lineCount = null;
  let live = null;
  let followFrom = null; // the tail's /follow cursor: the stream starts right after the lines shown
  const seenBoots = new Map();
  const noteBoots = lines => {
    let changed = false;
    for (const line of lines) {
      if (line.stream === 'kernel' && !seenBoots.has(line.boot)) {
        seenBoots.set(line.boot, line.receivedAt);
        changed = true;
      }
    }
    if (changed) {
      boots.replaceChildren(...[...seenBoots].sort((a, b) => b[0] - a[0])
        .map(([boot, at]) => el('li', {}, `boot ${boot}`, el('span', { class: 'muted', text: ` from ${time(at)}` }))));
    }
  };
  const show = lines => { noteBoots(lines); console_.append(lines); };

  // Live lines: the tail first, then /follow or polling.
  const startLive = async () => {
    try {
      const first = await getJson(`${base}/lines${query({ tail: initialTail })}`);
      if (stopped) return;
      lineCount = first.lineCount;
      followFrom = first.follow ?? null;
      show(first.lines);
    } catch (e) {
      status.replaceChildren(message(e.status === 404 ? `No node named '${name}' has sent anything (yet).` : `Cannot read the lines: ${e.message}`, e.status === 404 ? 'info' : 'error'));
    }
    if (stopped) return;
    live = (await hasPath('/api/nodes/{node}/follow')) ? follow() : polling();
  };

  const polling = () => {
    setLive('on', 'polling');
    const poller = poll(2000, async signal => {
      try {
        const answer = await getJson(`${base}/lines${query({ tail: pollTail })}`, { signal });
        status.replaceChildren();
        const fresh = lineCount === null ? answer.lines : answer.lines.slice(Math.max(0, answer.lines.length - (answer.lineCount - lineCount)));
        lineCount = answer.lineCount;
        show(fresh);
        setLive('on', 'live (polling)');
      } catch (e) {
        if (signal.aborted) return;
        setLive('off', 'not updating');
        if (e.status !== 404) status.replaceChildren(message(`Cannot read the lines: ${e.message}`, 'error'));
      }
    });
    return { stop: () => poller.stop() };
  };

  const follow = () => {
    // Right after the tail shown (else from the journal's end at connect time); EventSource resumes by itself
    // after a drop (Last-Event-ID).
    const source = new EventSource(`${base}/follow${followFrom ? query({ after: followFrom }) : ''}`);
    let opened = false;
    source.addEventListener('open', () => { opened = true; setLive('on', 'live'); });
    source.addEventListener('line', e => {
      const line = JSON.parse(e.data);
      lineCount = (lineCount ?? 0) + 1;
      show([line]);
    });
    const handle = { stop: () => source.close() };
    source.addEventListener('error', () => {
      // Never opened (or the server went away): poll instead; EventSource would retry on its own otherwise.
      if (!opened || source.readyState === EventSource.CLOSED) {
        source.close();
        if (!stopped) handle.stop = polling().stop;
      } else {
        setLive('off', 'reconnecting');
      }
    });
    return handle;
  };

  const refreshFacts = async () => {
    try {
      const [status_, list] = await Promise.all([
        getJson(base),
        getJson(`/api/crashes${query({ node: name })}`),
      ]);
      facts.textContent = `${number(status_.lines)} lines · last ${ago(status_.lastSeen)} · ${number(status_.crashes)} crashes`;
      crashes.replaceChildren(...(list.length ? list.map(c => el('li', {},
        el('a', { href: routeHref('crash', c.id), text: c.title }), ' ',
        c.panicked ? badge('panicked', 'bad') : null,
        c.corrupted ? badge('corrupted', 'warn') : null,
        el('div', { class: 'muted', text: `${time(c.firstAt)} · boot ${c.boot}` }))) : [el('li', { class: 'muted', text: 'none' })]));
    } catch { /* the console says what is wrong */ }
  };
  const factsPoller = poll(5000, refreshFacts);

  // Jump to a time: only when the server takes a time range.
  hasParameter('/api/nodes/{node}/lines', 'from').then(ok => { jump.hidden = !ok; });
  jump.addEventListener('submit', async e => {
    e.preventDefault();
    if (!jumpAt.value) return;
    const from = new Date(`${jumpAt.value}Z`).toISOString();
    try {
      const answer = await getJson(`${base}/lines${query({ from, limit: 1000 })}`);
      live?.stop();
      live = null;
      console_.clear();
      console_.following = false;
      noteBoots(answer.lines);
      console_.append(answer.lines);
      console_.element.scrollTop = 0;
      backToLive.hidden = false;
      setLive('off', `showing from ${time(from)}`);
      status.replaceChildren(answer.lines.length ? [] : message(`No line from ${time(from)} on.`));
    } catch (error) {
      if (error.status === 400 || error.status === 404) jump.hidden = true;
      status.replaceChildren(message(`Cannot jump to that time: ${error.message}`, 'error'));
    }
  });
  backToLive.addEventListener('click', () => {
    backToLive.hidden = true;
    console_.clear();
    console_.following = true;
    lineCount = null;
    startLive();
  });

  startLive();
  return () => { stopped = true; live?.stop(); factsPoller.stop(); };
}
