// Every joint at a glance: where its position, velocity and effort stand between its limits.
import {h} from '../dom.js';

function fraction(value, low, high) {
  if (!Number.isFinite(value) || !Number.isFinite(low) || !Number.isFinite(high) || high <= low) return null;
  return Math.min(1, Math.max(0, (value - low) / (high - low)));
}

function meter() {
  const fill = h('span', {class: 'fill'});
  return {el: h('span', {class: 'meter'}, fill), fill};
}

function setMeter(m, f, text) {
  m.el.title = text;
  if (f === null) {
    m.fill.style.width = '0';
    m.el.classList.add('unknown');
    return;
  }
  m.el.classList.remove('unknown');
  m.fill.style.width = `${(f * 100).toFixed(1)}%`;
  // Near a limit (within 5 % of the range) the bar turns red.
  m.el.classList.toggle('near', f < 0.05 || f > 0.95);
}

/** A table row per joint; update(message) moves the bars. */
export function limitBars(joints, onSelect) {
  const rows = joints.map((joint, j) => {
    const cells = {position: meter(), velocity: meter(), effort: meter()};
    const name = h('button', {class: 'link', onclick: () => onSelect(j)}, joint.name);
    const row = h('tr', {}, h('td', {}, name), h('td', {}, cells.position.el), h('td', {}, cells.velocity.el), h('td', {}, cells.effort.el));
    return {row, cells, joint};
  });
  const el = h(
    'table',
    {class: 'bars', id: 'joint-bars'},
    h('thead', {}, h('tr', {}, h('th', {}, 'joint'), h('th', {}, 'position in range'), h('th', {}, '|velocity| / limit'), h('th', {}, '|effort| / limit'))),
    h('tbody', {}, rows.map((r) => r.row)),
  );
  const update = (m) => {
    rows.forEach(({cells, joint}, j) => {
      const p = m.positionRad?.[j];
      const v = m.velocityRadPerSec?.[j];
      const e = m.effort?.[j];
      setMeter(cells.position, fraction(p, joint.lowerRad, joint.upperRad), `${p?.toFixed(3)} rad in [${joint.lowerRad}, ${joint.upperRad}]`);
      setMeter(cells.velocity, fraction(Math.abs(v), 0, joint.velocityLimitRadPerSec), `${v?.toFixed(3)} rad/s, limit ${joint.velocityLimitRadPerSec ?? 'none'}`);
      setMeter(cells.effort, fraction(Math.abs(e), 0, joint.effortLimit), `${e?.toFixed(3)} ${m.effortUnit ?? ''}, limit ${joint.effortLimit ?? 'none'}`);
    });
  };
  return {el, update};
}
