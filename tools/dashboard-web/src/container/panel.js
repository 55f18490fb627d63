// Container: status, features, deploy by drag and drop, configuration.
import {api} from '../api.js';
import {fill, h, panel} from '../dom.js';
import {onLive} from '../live.js';
import {configView} from './config.js';
import {deployView} from './deploy.js';
import {featuresView} from './features.js';
import {renderStatus} from './status.js';

const REFRESH_MS = 5000;

export function containerPanel(session) {
  const status = h('div', {id: 'status'}, 'loading status...');
  let inFlight = false;
  const refresh = async () => {
    if (inFlight) return;
    inFlight = true;
    try {
      renderStatus(status, await api.status());
    } catch (err) {
      fill(status, h('p', {class: 'error'}, `status: ${err.message}`));
    } finally {
      inFlight = false;
    }
  };
  refresh();
  // The uptime ticks and bundles change without a bus message for each: poll slowly, and at once on a change.
  setInterval(refresh, REFRESH_MS);
  onLive('status', refresh);
  const features = featuresView(session, refresh);
  return panel(
    'container',
    'Container',
    status,
    h('h3', {}, 'Deploy'),
    deployView(session, refresh),
    h('h3', {}, 'Configuration'),
    configView(session, 'armature.control~hand'),
    h('h3', {}, 'Features'),
    features.el,
  );
}
