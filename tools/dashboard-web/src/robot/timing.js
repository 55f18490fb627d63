// The loop's timing from its statistics (one document a second): lateness percentiles over the last two
// minutes, overruns, tick durations; the driver's health and epoch; temperature and wear per joint.
import uPlot from 'uplot';
import {facts, fill, h, micros, table} from '../dom.js';

const KEEP = 120;

function latenessChart() {
  const el = h('div', {class: 'plot', id: 'lateness-plot'});
  const plot = new uPlot(
    {
      width: Math.max(320, Math.min(560, window.innerWidth - 80)),
      height: 160,
      scales: {x: {time: false}},
      axes: [{label: 's ago'}, {label: 'us', size: 60}],
      series: [
        {},
        {label: 'lateness p50', stroke: '#2ca02c'},
        {label: 'p99', stroke: '#ff7f0e'},
        {label: 'max', stroke: '#d62728'},
      ],
      cursor: {show: false},
      legend: {live: false},
    },
    [[], [], [], []],
    el,
  );
  return {el, plot};
}

/** Temperatures and wear per joint, from the statistics' "joints" (null: not measured or not tracked). */
function wearAndTemperature(stats) {
  const joints = stats.joints;
  if (!Array.isArray(joints) || joints.length === 0) {
    return h('p', {class: 'note'}, 'This loop\'s statistics carry no temperature or wear figures.');
  }
  const num = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
  return table(
    ['Joint', 'Measured [degC]', 'Estimated winding [degC]', 'Travel [rad]', 'Reversals', 'Peak |v| [rad/s]', 'Powered [s]', 'Over-temperature'],
    joints.map((j) =>
      h(
        'tr',
        {dataset: {joint: j.joint}},
        h('td', {}, j.joint),
        h('td', {}, num(j.measuredTemperatureDegC, 1)),
        h('td', {}, num(j.estimatedTemperatureDegC, 1)),
        h('td', {}, num(j.totalTravelRad, 2)),
        h('td', {}, j.directionReversals ?? '-'),
        h('td', {}, num(j.peakAbsVelocityRadPerSec, 2)),
        h('td', {}, num(j.poweredSeconds, 0)),
        h('td', {class: j.overTemperatureEvents > 0 ? 'bad' : ''}, j.overTemperatureEvents ?? '-'),
      ),
    ),
  );
}

export function loopTiming() {
  const chart = latenessChart();
  const rows = {p50: [], p99: [], max: []};
  const summary = h('div', {id: 'loop-timing'});
  const driver = h('div', {id: 'driver-health'});
  const wear = h('div', {id: 'wear'});
  const drivers = new Map();

  const showDrivers = () => {
    fill(driver, facts([...drivers].map(([name, d]) => [`driver ${name}`, `${d.state ?? '-'} ${d.message ?? ''}`])));
  };
  const onStats = (m) => {
    const t = m.timing ?? {};
    rows.p50.push(t.latenessP50Nanos / 1000);
    rows.p99.push(t.latenessP99Nanos / 1000);
    rows.max.push(t.latenessMaxNanos / 1000);
    for (const r of Object.values(rows)) if (r.length > KEEP) r.shift();
    const x = rows.p50.map((_, i) => i - rows.p50.length + 1);
    chart.plot.setData([x, rows.p50, rows.p99, rows.max]);
    fill(
      summary,
      facts([
        ['Ticks (last interval)', t.ticks],
        ['Overruns', t.overruns],
        ['Missed periods', t.missedPeriods],
        ['Lateness p50 / p99 / max', `${micros(t.latenessP50Nanos)} / ${micros(t.latenessP99Nanos)} / ${micros(t.latenessMaxNanos)}`],
        ['Tick duration p50 / p99 / max', `${micros(t.durationP50Nanos)} / ${micros(t.durationP99Nanos)} / ${micros(t.durationMaxNanos)}`],
        ['Loop thread', m.scheduling ?? '-'],
        ['Epoch', m.supervisor?.epoch],
        ['Driver faults', m.loopCounters?.driverFaults],
      ]),
    );
    if (m.driverHealth) drivers.set('(attached)', m.driverHealth);
    showDrivers();
    fill(wear, wearAndTemperature(m));
  };
  const onDriver = (m) => {
    drivers.set(m.name ?? '?', m);
    showDrivers();
  };
  const el = h('div', {}, h('h3', {}, 'Loop timing'), chart.el, summary, h('h3', {}, 'Driver'), driver, h('h3', {}, 'Wear and temperature'), wear);
  return {el, onStats, onDriver};
}
