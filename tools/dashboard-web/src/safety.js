// Safety: the e-stop (trip for anyone, acknowledge and reset for operators), the watchdog, the latest safety
// events and the rejected-command counts by reason.
import {api} from './api.js';
import {facts, fill, h, panel} from './dom.js';
import {onConnection, onLive} from './live.js';
import {isFor, statistics} from './messages.js';
import {OBSERVER_ESTOP_NOTE, operatorOnly} from './roles.js';

const MAX_EVENTS = 20;

// The supervisor's statistics counters that say why a command was not applied (docs/control.md).
const REFUSALS = [
  'rejectedInvalid',
  'rejectedWrongEpoch',
  'rejectedDuplicate',
  'rejectedSequenceJump',
  'rejectedExpired',
  'refusedEStop',
  'refusedAwaitingResync',
  'refusedSenderLimit',
  'refusedSensorHold',
];

export function safetyPanel(session, loop) {
  if (!loop) return panel('safety', 'Safety', h('p', {}, 'Waiting for a control loop...'));
  const state = h('div', {class: 'estop-state', id: 'estop-state', dataset: {state: 'UNKNOWN'}}, 'unknown');
  const sources = h('div', {class: 'estop-sources', id: 'estop-sources'});
  const message = h('p', {class: 'error', id: 'estop-message', role: 'alert'});
  const show = (doc) => {
    if (!doc || !doc.state) return;
    state.textContent = doc.state;
    state.dataset.state = doc.state;
    const asserted = doc.assertedSources ?? [];
    sources.textContent = asserted.length ? `asserted by ${asserted.join(', ')}` : '';
  };
  const act = (action) => async () => {
    message.textContent = '';
    try {
      const latch = (await api.estop(loop.loop, action)).estop;
      show(latch);
      // Done, but a crash or restart would not keep it (the loop could not save its state file).
      if (latch && latch.notSaved) message.textContent = `${action}: ${latch.notSaved}`;
    } catch (e) {
      // Status 0: nothing answered, so nothing was refused; the request may or may not have arrived.
      message.textContent =
        e.status === 0
          ? `${action}: NO ANSWER, ${e.message}; it may or may not have arrived: check the e-stop state`
          : `${action} refused: ${e.message}`;
    }
  };
  const trip = h('button', {class: 'estop', id: 'estop-trip', onclick: act('trip')}, 'E-STOP');
  const acknowledge = operatorOnly(h('button', {id: 'estop-acknowledge', onclick: act('acknowledge')}, 'Acknowledge'), session);
  const reset = operatorOnly(h('button', {id: 'estop-reset', onclick: act('reset')}, 'Reset'), session);
  const note = session.role === 'operator' ? null : h('p', {class: 'note', id: 'estop-note'}, OBSERVER_ESTOP_NOTE);

  const watchdog = h('span', {id: 'watchdog'}, '-');
  const epoch = h('span', {id: 'supervisor-epoch'}, '-');
  const events = h('ol', {class: 'events', id: 'events'});
  const refusals = h('div', {id: 'refusals'});

  onLive('estop', (m) => isFor(m, loop) && show(m));
  // Without the live connection the state shown is not current: say so rather than keep a green CLEAR.
  onConnection((c) => {
    if (c !== 'disconnected' || state.dataset.state === 'UNKNOWN') return;
    sources.textContent = `no live connection: the last state seen was ${state.textContent}`;
    state.textContent = 'UNKNOWN';
    state.dataset.state = 'UNKNOWN';
  });
  onLive('supervisor', (m) => {
    if (!isFor(m, loop)) return;
    if (m.watchdog) watchdog.textContent = m.watchdog;
    if (m.epoch != null) epoch.textContent = m.epoch;
  });
  onLive('event', (m) => {
    if (!isFor(m, loop)) return;
    const when = new Date(m.wallMs ?? Date.now()).toLocaleTimeString();
    // The bridge's own "type" is "event"; the event's type comes as eventType.
    const type = m.eventType ?? '';
    events.prepend(h('li', {dataset: {type}}, h('time', {}, when), h('b', {}, type), ' ', m.message ?? ''));
    while (events.children.length > MAX_EVENTS) events.lastChild.remove();
  });
  onLive('stats', (m) => {
    const stats = statistics(m);
    if (!isFor(m, loop) || !stats.supervisor) return;
    const s = stats.supervisor;
    if (s.watchdogState) watchdog.textContent = s.watchdogState;
    if (s.epoch != null) epoch.textContent = s.epoch;
    fill(refusals, facts(REFUSALS.map((k) => [k, s[k] ?? 0]).concat([['malformedCommandFrames', stats.malformedCommandFrames ?? 0]])));
  });

  return panel(
    'safety',
    `Safety: loop ${loop.loop}`,
    h('div', {class: 'estop-row'}, trip, h('div', {}, state, sources), acknowledge, reset),
    note,
    message,
    facts([
      ['Watchdog', watchdog],
      ['Epoch', epoch],
    ]),
    h('h3', {}, 'Commands not applied, by reason'),
    refusals,
    h('h3', {}, 'Latest safety events'),
    events,
  );
}
