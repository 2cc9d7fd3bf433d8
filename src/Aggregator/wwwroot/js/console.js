// A node's console: lines appended at the bottom, following them unless the reader scrolled up.
import { el } from './dom.js';
import { shortTime, time, levelName } from './format.js';

const maxLines = 5000;

export class Console {
  constructor({ onPause }) {
    this.element = el('div', { class: 'console', id: 'console', tabindex: '0', role: 'log', 'aria-label': 'Console' });
    this.following = true;
    this.unseen = 0;
    this.lastBoot = null;
    this.filter = { stream: '', maxLevel: '', text: '' };
    this.onPause = onPause;
    this.element.addEventListener('scroll', () => {
      const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 8;
      if (atBottom !== this.following) {
        this.following = atBottom;
        if (atBottom) this.unseen = 0;
        this.onPause(!atBottom, this.unseen);
      }
    });
  }

  clear() {
    this.element.replaceChildren();
    this.lastBoot = null;
    this.unseen = 0;
  }

  /** Lines oldest first; a change of boot between kernel lines gets a separator. */
  append(lines) {
    if (lines.length === 0) return;
    const rows = [];
    for (const line of lines) {
      if (line.stream === 'kernel') {
        if (this.lastBoot !== null && line.boot !== this.lastBoot) {
          rows.push(el('div', { class: 'boot', dataset: { boot: line.boot }, text: `── boot ${line.boot} · ${time(line.receivedAt)} ──` }));
        }
        this.lastBoot = line.boot;
      }
      const row = this.row(line);
      row.hidden = !this.matches(row);
      rows.push(row);
    }
    this.element.append(...rows);
    while (this.element.childElementCount > maxLines) this.element.firstElementChild.remove();
    if (this.following) {
      this.scrollToEnd();
    } else {
      this.unseen += lines.length;
      this.onPause(true, this.unseen);
    }
  }

  row(line) {
    const level = levelName(line.level);
    const flags = line.flags ?? [];
    return el('div', {
      class: `line lvl-${level || 'none'}${flags.includes('malformed') ? ' malformed' : ''}`,
      dataset: { stream: line.stream, level: line.level ?? '', boot: line.boot },
      title: `${time(line.receivedAt)}${line.kernelTime != null ? ` · [${line.kernelTime.toFixed(6)}]` : ''}${line.seq != null ? ` · seq ${line.seq}` : ''}${flags.length ? ` · ${flags.join(', ')}` : ''}`,
    },
    el('span', { class: 'ts', text: shortTime(line.receivedAt) }),
    el('span', { class: 'src', text: `${line.stream === 'kernel' ? 'kern' : (line.app ?? 'syslog')}${level ? '.' + level : ''}` }),
    el('span', { class: 'text', text: line.text }));
  }

  matches(row) {
    const { stream, maxLevel, text } = this.filter;
    if (stream && row.dataset.stream !== stream) return false;
    if (maxLevel !== '' && row.dataset.level !== '' && Number(row.dataset.level) > Number(maxLevel)) return false;
    if (text && !row.lastElementChild.textContent.toLowerCase().includes(text)) return false;
    return true;
  }

  setFilter(filter) {
    this.filter = { ...this.filter, ...filter, text: (filter.text ?? this.filter.text).toLowerCase() };
    for (const row of this.element.querySelectorAll('.line')) row.hidden = !this.matches(row);
    if (this.following) this.scrollToEnd();
  }

  scrollToEnd() {
    this.element.scrollTop = this.element.scrollHeight;
    this.following = true;
    this.unseen = 0;
  }
}
