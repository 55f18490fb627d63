// Three live uPlot charts for one joint: position, velocity and effort, each against its limits.
import uPlot from 'uplot';
import {h} from '../dom.js';

const COLORS = {value: '#1f77b4', limit: '#d62728'};

function chart(title, unit, width) {
  const series = [
    {},
    {label: title, stroke: COLORS.value, width: 1.5},
    {label: 'lower limit', stroke: COLORS.limit, dash: [6, 4]},
    {label: 'upper limit', stroke: COLORS.limit, dash: [6, 4]},
  ];
  const options = {
    width,
    height: 160,
    scales: {x: {time: false}},
    axes: [{label: 's'}, {label: unit, size: 60}],
    series,
    legend: {live: false},
    cursor: {show: false},
  };
  const el = h('div', {class: 'plot'});
  const plot = new uPlot(options, [[], [], [], []], el);
  return {el, plot};
}

function constant(length, value) {
  return new Array(length).fill(Number.isFinite(value) ? value : null);
}

/** The charts; draw(history, j, limits) redraws them for joint j. */
export function jointPlots(effortUnit) {
  const width = Math.max(320, Math.min(560, window.innerWidth - 80));
  const position = chart('position', 'rad', width);
  const velocity = chart('velocity', 'rad/s', width);
  const effort = chart('effort', effortUnit, width);
  const el = h('div', {class: 'plots', id: 'joint-plots'}, position.el, velocity.el, effort.el);
  const draw = (history, j, limits) => {
    const t = history.timeS;
    const n = t.length;
    position.plot.setData([t, history.position[j], constant(n, limits.lowerRad), constant(n, limits.upperRad)]);
    const v = limits.velocityLimitRadPerSec;
    velocity.plot.setData([t, history.velocity[j], constant(n, v == null ? null : -v), constant(n, v)]);
    const e = limits.effortLimit;
    effort.plot.setData([t, history.effort[j], constant(n, e == null ? null : -e), constant(n, e)]);
  };
  return {el, draw};
}
