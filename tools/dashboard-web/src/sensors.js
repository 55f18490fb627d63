// Sensors: the sensor registry's retained status (feature sensors), one row per third-party sensor: state,
// measured against nominal rate, when it was last heard of, samples accepted and rejected by reason, and the
// latest refusal with its message.
import {fill, h, panel, table} from './dom.js';
import {onLive} from './live.js';

function rate(x) {
  return Number.isFinite(x) ? x.toFixed(1) : '-';
}

function age(nowMs, atMs) {
  if (!Number.isFinite(atMs) || atMs <= 0) return 'never';
  const s = Math.max(0, (nowMs - atMs) / 1000);
  return s < 60 ? `${s.toFixed(1)} s ago` : `${Math.floor(s / 60)} min ago`;
}

function reasons(byReason) {
  const entries = Object.entries(byReason ?? {}).filter(([, n]) => n > 0);
  return entries.length === 0 ? '-' : entries.map(([r, n]) => `${r} ${n}`).join(', ');
}

export function sensorsPanel() {
  const body = h('div', {id: 'sensors'}, h('p', {class: 'muted'}, 'No sensor registry (feature sensors) has reported.'));
  onLive('sensors', (m) => {
    if (m.removed) {
      fill(body, h('p', {class: 'muted'}, 'The sensor registry stopped (feature sensors uninstalled).'));
      return;
    }
    const sensors = [...(m.sensors ?? [])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const now = Number.isFinite(m.timestampMillis) ? m.timestampMillis : Date.now();
    if (sensors.length === 0) {
      fill(body, h('p', {class: 'muted'}, 'The registry knows no sensor yet.'));
      return;
    }
    const titles = ['Sensor', 'Source', 'State', 'Type', 'Rate / nominal [Hz]', 'Last seen', 'Accepted', 'Rejected', 'By reason', 'Latest refusal'];
    fill(
      body,
      table(
        titles,
        sensors.map((s) =>
          h(
            'tr',
            {dataset: {sensor: s.id, state: s.state ?? '', accepted: String(s.accepted ?? 0), rejected: String(s.rejected ?? 0)}},
            h('td', {}, s.id),
            h('td', {}, s.source ?? '-'),
            h('td', {class: String(s.state).toUpperCase() === 'ONLINE' ? 'ok' : 'bad'}, s.state ?? '-'),
            h('td', {}, s.type ?? '-'),
            h('td', {}, `${rate(s.rateHz)} / ${rate(s.nominalRateHz)}`),
            h('td', {}, age(now, s.lastSeenMillis)),
            h('td', {}, String(s.accepted ?? 0)),
            h('td', {class: s.rejected > 0 ? 'bad' : ''}, String(s.rejected ?? 0)),
            h('td', {}, reasons(s.rejectedBy)),
            h(
              'td',
              {class: 'rejection', title: s.lastRejection?.message ?? ''},
              s.lastRejection ? `${s.lastRejection.reason}: ${s.lastRejection.message}` : '-',
            ),
          ),
        ),
      ),
    );
  });
  return panel('sensors-panel', 'Sensors', body);
}
