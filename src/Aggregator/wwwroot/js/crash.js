// One crash report: its exact text in monospace, with a one-click copy.
import { getJson } from './api.js';
import { el, routeHref, badge, message } from './dom.js';
import { time } from './format.js';

export function showCrash({ view, setLive }, id) {
  setLive('', '');
  const section = el('section', { class: 'crash' }, el('p', { class: 'muted', text: 'Loading…' }));
  view.append(section);
  let gone = false;
  getJson(`/api/crashes/${encodeURIComponent(id)}`).then(c => {
    if (gone) return;
    const text = c.text ?? '';
    const copied = el('span', { class: 'copied', role: 'status' });
    const pre = el('pre', { class: 'report', id: 'report-text', text });
    const copy = el('button', { type: 'button', id: 'copy', text: 'Copy report' });
    copy.addEventListener('click', async () => {
      copied.textContent = (await copyText(text, pre)) ? 'Copied.' : 'Select the text and copy it by hand.';
    });
    section.replaceChildren(
      el('div', { class: 'toolbar' },
        el('h1', {}, el('a', { href: '#/crashes', text: 'Crashes' }), ' / ', el('span', { id: 'crash-title', text: c.title })),
        badge(c.kind, 'kind'), c.panicked ? badge('panicked', 'bad') : null, c.corrupted ? badge('corrupted', 'warn') : null),
      el('dl', { class: 'facts' },
        fact('Node', el('a', { href: routeHref('node', c.node), text: c.node })),
        fact('Guilty frame', c.frame ?? '—'),
        fact('Kernel', c.kernelVersion ?? '—'),
        fact('First line', time(c.firstAt)),
        fact('Last line', time(c.lastAt)),
        fact('Boot', String(c.boot)),
        fact('Id', c.id)),
      el('div', { class: 'toolbar' }, copy, copied),
      pre);
  }).catch(e => {
    section.replaceChildren(message(e.status === 404 ? `No crash report '${id}'.` : `Cannot read the report: ${e.message}`, 'error'));
  });
  return () => { gone = true; };
}

function fact(name, value) {
  return [el('dt', { text: name }), el('dd', {}, value)];
}

/** The clipboard API where the page may use it; else the old way, from a selection of the text. */
async function copyText(text, pre) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* denied: fall back */ }
  const range = document.createRange();
  range.selectNodeContents(pre);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
