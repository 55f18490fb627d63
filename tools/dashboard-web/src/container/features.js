// Features: the `feature list` document with install/uninstall buttons for operators.
import {api} from '../api.js';
import {fill, h} from '../dom.js';
import {operatorOnly} from '../roles.js';

function firstSentence(text) {
  const t = text ?? '';
  const cut = t.search(/\. |[(:;]/);
  return cut > 0 && cut < 120 ? t.slice(0, cut).trim() : t.slice(0, 120);
}

export function featuresView(session, onChange) {
  const el = h('div', {id: 'features'});
  const message = h('p', {class: 'error', role: 'alert', id: 'features-message'});
  const act = (name, action) => async (e) => {
    e.target.disabled = true;
    message.textContent = '';
    try {
      await api.feature(name, action);
      onChange();
    } catch (err) {
      message.textContent = `${action} ${name}: ${err.message}`;
    }
    await refresh();
  };
  async function refresh() {
    let features;
    try {
      features = await api.features();
    } catch (err) {
      // Only operators manage features: for an observer that is a fact, not a failure.
      const note = session.role !== 'operator' && err.status === 403;
      fill(el, note ? h('p', {class: 'note'}, 'Features are listed and managed by operators.') : h('p', {class: 'error'}, `features: ${err.message}`), message);
      return;
    }
    const rows = Object.entries(features ?? {}).map(([name, f]) => {
      const action = f.installed ? 'uninstall' : 'install';
      const button = operatorOnly(h('button', {onclick: act(name, action), dataset: {feature: name}}, action), session);
      return h('tr', {dataset: {feature: name, installed: String(Boolean(f.installed))}}, h('td', {}, name), h('td', {}, f.installed ? 'installed' : ''), h('td', {title: f.description ?? ''}, firstSentence(f.description)), h('td', {}, button));
    });
    fill(el, h('table', {class: 'small'}, h('tbody', {}, rows)), message);
  }
  refresh();
  return {el, refresh};
}
