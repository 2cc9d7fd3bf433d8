// Builds elements from data without ever parsing it as HTML: strings become text nodes, never markup.

/** el('a', {href: '#/', class: 'x', text: 'hi'}, child, 'text') */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** A link to a route of this page; route parts are URI-encoded. */
export function routeHref(...parts) {
  return '#/' + parts.map(p => encodeURIComponent(p)).join('/');
}

export function badge(text, kind) {
  return el('span', { class: `badge ${kind ?? ''}`.trim(), text });
}

export function message(text, kind = 'info') {
  return el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
}
