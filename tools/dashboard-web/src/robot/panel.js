// Robot: live joint plots against limits (from /api/loops), every joint's bars, and the loop's timing.
import {h, panel} from '../dom.js';
import {onLive} from '../live.js';
import {isFor, statistics} from '../messages.js';
import {markDrawn, metrics} from '../metrics.js';
import {limitBars} from './bars.js';
import {JointHistory} from './history.js';
import {jointPlots} from './plots.js';
import {loopTiming} from './timing.js';

const SECONDS_SHOWN = 10;
const BARS_EVERY_MS = 100;

export function robotPanel(loop) {
  if (!loop) return panel('robot', 'Robot', h('p', {}, 'Waiting for a control loop...'));
  const joints = loop.joints ?? [];
  const history = new JointHistory(joints.length, SECONDS_SHOWN * 60);
  let selected = 0;
  let latest = null;
  let pending = false;
  let barsDrawnMs = 0;
  const select = h('select', {id: 'joint-select'}, joints.map((j, i) => h('option', {value: i}, j.name)));
  const plots = jointPlots(joints[0]?.effortUnit ?? 'Nm');
  const choose = (j) => {
    selected = j;
    select.value = String(j);
    schedule();
  };
  select.addEventListener('change', () => choose(Number(select.value)));
  const bars = limitBars(joints, choose);
  const timing = loopTiming();
  const counter = h('span', {id: 'plot-samples', dataset: {samples: 0}}, '0 samples');

  // Messages only record; drawing happens once per animation frame, however fast they come.
  function draw() {
    pending = false;
    if (!latest || joints.length === 0) return;
    plots.draw(history, selected, joints[selected]);
    const now = performance.now();
    if (now - barsDrawnMs >= BARS_EVERY_MS) {
      bars.update(latest);
      barsDrawnMs = now;
    }
    counter.dataset.samples = metrics.plotSamples;
    counter.textContent = `${metrics.plotSamples} samples`;
    markDrawn(latest.wallMs);
  }
  function schedule() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(draw);
    }
  }
  onLive('joints', (m) => {
    if (!isFor(m, loop)) return;
    history.push(m);
    latest = m;
    metrics.plotSamples++;
    schedule();
  });
  onLive('stats', (m) => isFor(m, loop) && timing.onStats(statistics(m)));
  onLive('driver', (m) => timing.onDriver(m));

  return panel(
    'robot',
    `Robot: loop ${loop.loop} at ${loop.rateHz} Hz`,
    h('div', {class: 'toolbar'}, h('label', {for: 'joint-select'}, 'Joint '), select, counter),
    plots.el,
    bars.el,
    timing.el,
  );
}
