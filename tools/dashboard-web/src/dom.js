// Tiny DOM helpers: the page is plain modules without a framework, so building elements stays readable.

/** Creates an element: h('button', {class: 'x', onclick: f}, 'text', child). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A panel: a section with a heading and a body. */
export function panel(id, title, ...children) {
  return h('section', {class: 'panel', id}, h('h2', {}, title), ...children);
}

/** A small table: a header row of titles, then the given rows (tr elements). */
export function table(titles, rows) {
  return h('table', {class: 'small'}, h('thead', {}, h('tr', {}, titles.map((t) => h('th', {}, t)))), h('tbody', {}, rows));
}

/** A two-column table of label/value rows. */
export function facts(rows) {
  return h(
    'dl',
    {class: 'facts'},
    rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value ?? '-')]),
  );
}

/** Formats seconds as 1h 02m 03s. */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.floor(seconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const two = (n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}h ${two(minutes)}m ${two(rest)}s` : `${minutes}m ${two(rest)}s`;
}

/** Nanoseconds as microseconds text. */
export function micros(nanos) {
  return Number.isFinite(nanos) ? `${(nanos / 1000).toFixed(0)} us` : '-';
}
