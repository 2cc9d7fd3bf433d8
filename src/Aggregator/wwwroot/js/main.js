// Hash routing: #/ nodes, #/node/<name>, #/crashes, #/crash/<id>, #/search?q=…
import { message } from './dom.js';
import { showNodes } from './nodes.js';
import { showNode } from './node.js';
import { showCrashes } from './crashes.js';
import { showCrash } from './crash.js';
import { showSearch } from './search.js';

const view = document.getElementById('view');
const live = document.getElementById('live');
let cleanup = () => {};

/** Views report whether their live updates work: shown in the header. */
export function setLive(state, text) {
  live.className = `live ${state}`;
  live.textContent = text;
}

function parse() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(p => decodeURIComponent(p));
  return { parts, params: new URLSearchParams(search) };
}

function route() {
  cleanup();
  cleanup = () => {};
  view.replaceChildren();
  const { parts, params } = parse();
  const [page = 'nodes', arg] = parts;
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.dataset.route === (page === 'node' ? 'nodes' : page === 'crash' ? 'crashes' : page));
  }
  const context = { view, params, setLive };
  switch (page) {
    case 'nodes': cleanup = showNodes(context); break;
    case 'node': cleanup = showNode(context, arg ?? ''); break;
    case 'crashes': cleanup = showCrashes(context); break;
    case 'crash': cleanup = showCrash(context, arg ?? ''); break;
    case 'search': cleanup = showSearch(context); break;
    default: view.append(message(`No page '${page}' here.`, 'error'));
  }
  document.title = `krglogs · ${arg ?? page}`;
}

window.addEventListener('hashchange', route);
route();
