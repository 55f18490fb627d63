// View and edit one configuration; a value the component refuses shows its reason inline.
import {api} from '../api.js';
import {fill, h} from '../dom.js';
import {operatorOnly} from '../roles.js';

function text(value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function configView(session, initialPid) {
  const pid = h('input', {id: 'config-pid', value: initialPid ?? '', placeholder: 'PID, e.g. armature.control~hand', size: 32});
  const load = h('button', {id: 'config-load'}, 'Load');
  const form = h('form', {id: 'config-form'});
  const error = h('p', {class: 'error inline', role: 'alert', id: 'config-error'});

  async function show() {
    fill(error);
    const name = pid.value.trim();
    // The server's rule, checked here too: a '/' would not even reach it (the web server refuses it first).
    if (!/^[A-Za-z0-9_.-]+(~[A-Za-z0-9_.-]+)?$/.test(name)) {
      fill(form);
      error.textContent = `invalid PID '${name}': use letters, digits, '.', '_', '-' (factory: PID~NAME)`;
      return;
    }
    let doc;
    try {
      doc = await api.config(name);
    } catch (err) {
      fill(form);
      error.textContent = err.message;
      return;
    }
    const original = doc.properties ?? {};
    const inputs = Object.entries(original).map(([key, value]) => {
      const input = h('input', {name: key, value: text(value), size: 48, readonly: session.role !== 'operator'});
      return {key, input, before: text(value)};
    });
    const save = operatorOnly(h('button', {type: 'submit', id: 'config-save'}, 'Save'), session);
    fill(
      form,
      h('p', {}, doc.exists ? `${doc.pid}` : `${doc.pid} (no configuration yet)`),
      h('table', {class: 'small'}, h('tbody', {}, inputs.map((i) => h('tr', {}, h('td', {}, i.key), h('td', {}, i.input))))),
      save,
    );
    form.onsubmit = async (e) => {
      e.preventDefault();
      const changed = Object.fromEntries(inputs.filter((i) => i.input.value !== i.before).map((i) => [i.key, i.input.value]));
      error.textContent = '';
      if (Object.keys(changed).length === 0) {
        error.textContent = 'nothing changed';
        return;
      }
      try {
        await api.setConfig(doc.pid, changed);
        await show();
      } catch (err) {
        // The component's validation message, next to the form it is about.
        error.textContent = err.message;
      }
    };
  }
  load.addEventListener('click', show);
  pid.addEventListener('keydown', (e) => e.key === 'Enter' && show());
  return h('div', {class: 'config'}, h('div', {class: 'toolbar'}, pid, load), form, error);
}
