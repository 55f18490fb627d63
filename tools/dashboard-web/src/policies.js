// Policies: every running policy's retained status from the live socket (state and why, pause, what it runs,
// its shadow, and the ensemble's uncertainty with a short history), one row per policy.
import {fill, h, panel, table} from './dom.js';
import {onLive} from './live.js';

const HISTORY = 60; // status documents kept per policy for the uncertainty trace (about a minute)

function fixed(x, digits = 3) {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}

/** A small inline SVG trace of the recent uncertainty values (no axes: the table gives the numbers). */
function trace(values) {
  const w = 120;
  const hgt = 24;
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return h('span', {class: 'muted'}, '-');
  const max = Math.max(...finite, 1e-9);
  const step = w / (values.length - 1);
  const points = values
    .map((v, i) => (Number.isFinite(v) ? `${(i * step).toFixed(1)},${(hgt - (v / max) * hgt).toFixed(1)}` : null))
    .filter((p) => p != null)
    .join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(hgt));
  svg.setAttribute('class', 'trace');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', points);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  svg.append(line);
  return svg;
}

export function policiesPanel() {
  const policies = new Map(); // name -> {doc, history}
  const body = h('div', {id: 'policies'}, h('p', {class: 'muted'}, 'No policy has reported yet.'));
  const render = () => {
    const rows = [...policies.values()]
      .sort((a, b) => a.doc.policy.localeCompare(b.doc.policy))
      .map(({doc, history}) => {
        const u = doc.uncertainty ?? {};
        const state = doc.paused && doc.state !== 'PAUSED' ? `${doc.state} (paused)` : doc.state;
        return h(
          'tr',
          {dataset: {policy: doc.policy, state: doc.state, paused: String(Boolean(doc.paused))}},
          h('td', {}, doc.policy),
          h('td', {}, doc.loop ?? '-'),
          h('td', {class: `policy-state state-${String(doc.state).toLowerCase()}`, title: doc.reason ?? ''}, state),
          h('td', {}, doc.reason || ''),
          h('td', {title: doc.revision ?? ''}, doc.source || 'scripted baseline'),
          h('td', {}, doc.shadow ? `${doc.shadow.source} (${doc.shadow.ticks} ticks)` : '-'),
          h('td', {}, `${fixed(u.last)} / ${fixed(u.recentMean)} / ${fixed(u.recentMax)}`),
          h('td', {}, trace(history)),
        );
      });
    if (rows.length === 0) {
      fill(body, h('p', {class: 'muted'}, 'No policy is running.'));
      return;
    }
    fill(
      body,
      table(['Policy', 'Loop', 'State', 'Why', 'Runs', 'Shadow', 'Uncertainty last / mean / max', 'Recent'], rows),
    );
  };
  onLive('policy', (m) => {
    if (typeof m.policy !== 'string') return;
    if (m.removed) {
      // The policy stopped and cleared its retained status.
      policies.delete(m.policy);
      render();
      return;
    }
    const entry = policies.get(m.policy) ?? {doc: m, history: []};
    entry.doc = m;
    entry.history.push(m.uncertainty?.last ?? NaN);
    if (entry.history.length > HISTORY) entry.history.shift();
    policies.set(m.policy, entry);
    render();
  });
  return panel('policies-panel', 'Policies', body);
}
