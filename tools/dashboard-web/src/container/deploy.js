// Deploy a bundle by dropping its jar on the page (or choosing it); operators only.
import {api} from '../api.js';
import {fill, h} from '../dom.js';
import {operatorOnly} from '../roles.js';
import {componentReason} from './status.js';

function result(reply) {
  return h(
    'div',
    {class: 'deployed', id: 'deploy-result', dataset: {bundle: reply.symbolicName ?? '', state: reply.state ?? ''}},
    h('p', {}, `${reply.symbolicName} ${reply.version}: ${reply.state}`, reply.elapsedMillis != null ? ` (${Math.round(reply.elapsedMillis)} ms)` : ''),
    h('ul', {}, (reply.components ?? []).map((c) => h('li', {}, `${c.name}: ${c.state} ${componentReason(c)}`))),
  );
}

export function deployView(session, onDeployed) {
  const out = h('div', {id: 'deploy-output'});
  const input = operatorOnly(h('input', {type: 'file', accept: '.jar', id: 'deploy-file'}), session);
  const zone = h('div', {class: 'dropzone', id: 'deploy-drop'}, 'Drop a bundle jar here to deploy it', h('br'), input);
  const send = async (file) => {
    if (session.role !== 'operator') {
      fill(out, h('p', {class: 'error'}, input.title));
      return;
    }
    if (!file || !file.name.endsWith('.jar')) {
      fill(out, h('p', {class: 'error'}, `not a jar: ${file ? file.name : 'nothing dropped'}`));
      return;
    }
    fill(out, h('p', {}, `deploying ${file.name}...`));
    try {
      fill(out, result(await api.deploy(file)));
      onDeployed();
    } catch (err) {
      fill(out, h('p', {class: 'error', id: 'deploy-error'}, `${file.name}: ${err.message}`));
    }
  };
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    send(e.dataTransfer?.files?.[0]);
  });
  input.addEventListener('change', () => send(input.files[0]));
  return h('div', {}, zone, out);
}
