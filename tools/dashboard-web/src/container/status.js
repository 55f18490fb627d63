// Container status: the `./armature status --json` document as facts and two tables.
import {duration, facts, fill, h} from '../dom.js';

/** Why a component is not active, from the status document's fields. */
export function componentReason(c) {
  const reasons = [];
  for (const r of c.unsatisfiedReferences ?? []) {
    reasons.push(`waits for ${r.interface}${r.target ? ` ${r.target}` : ''} (${r.name})`);
  }
  for (const pid of c.missingConfiguration ?? []) reasons.push(`needs configuration ${pid}`);
  if (c.failure) reasons.push(c.failure);
  return reasons.join('; ');
}

function bundleTable(bundles) {
  return h(
    'table',
    {class: 'small', id: 'bundles'},
    h('thead', {}, h('tr', {}, ['id', 'bundle', 'version', 'state', 'missing'].map((t) => h('th', {}, t)))),
    h(
      'tbody',
      {},
      bundles.map((b) =>
        h(
          'tr',
          {dataset: {name: b.symbolicName, state: b.state}},
          h('td', {}, b.id),
          h('td', {}, b.symbolicName),
          h('td', {}, b.version),
          h('td', {class: `state ${b.state}`}, b.state),
          h('td', {}, (b.missing ?? []).join('; ')),
        ),
      ),
    ),
  );
}

function componentTable(components) {
  return h(
    'table',
    {class: 'small', id: 'components'},
    h('thead', {}, h('tr', {}, ['component', 'bundle', 'state', 'why not active'].map((t) => h('th', {}, t)))),
    h(
      'tbody',
      {},
      components.map((c) =>
        h(
          'tr',
          {dataset: {name: c.name, state: c.state}},
          h('td', {}, c.name),
          h('td', {}, c.bundle),
          h('td', {class: `state ${c.state}`}, c.state),
          h('td', {}, componentReason(c)),
        ),
      ),
    ),
  );
}

/** Renders a status document into el. */
export function renderStatus(el, s) {
  const ready = s.ready ? h('span', {class: 'ok'}, 'ready') : h('span', {class: 'bad'}, 'not ready');
  fill(
    el,
    s.partial ? h('p', {class: 'note'}, 'Observer view: from the retained state topics, without what only management can tell.') : null,
    facts([
      ['Container', s.container],
      ['Uptime', duration(s.uptimeSeconds)],
      ['Broker', s.broker],
      ['Bus', s.busState],
      ['Readiness', h('span', {id: 'readiness'}, ready)],
      ['Features', (s.features ?? []).join(', ')],
    ]),
    s.ready ? null : h('ul', {class: 'problems', id: 'not-ready'}, (s.notReady ?? []).map((p) => h('li', {}, p))),
    s.bundles ? section('Bundles', s.bundles, bundleTable) : null,
    s.components ? section('Components', s.components, componentTable) : null,
  );
}

// Whether the user opened or closed a list, kept across the periodic re-renders.
const opened = new Map();

// Long lists fold away; the summary says how many are not active, and a list with a problem opens itself.
function section(title, items, table) {
  const notActive = items.filter((x) => x.state !== 'ACTIVE').length;
  const summary = `${title}: ${items.length}${notActive ? `, ${notActive} not active` : ', all active'}`;
  const details = h('details', {open: opened.get(title) ?? notActive > 0, class: 'list'}, h('summary', {}, summary), table(items));
  details.addEventListener('toggle', () => opened.set(title, details.open));
  return details;
}
