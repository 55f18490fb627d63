// Entry point: log in (or resume the session), then lay out the panels and open the live socket.
import {api} from './api.js';
import {h} from './dom.js';
import {connectLive} from './live.js';
import {showLogin} from './login.js';
import {containerPanel} from './container/panel.js';
import {robotPanel} from './robot/panel.js';
import {safetyPanel} from './safety.js';
import {scenePanel} from './scene/panel.js';

async function start() {
  const root = document.getElementById('app');
  let session;
  try {
    session = await api.session();
  } catch {
    session = await showLogin(root);
  }
  const loops = await api.loops().catch(() => []);
  const loop = loops[0];
  const connection = h('span', {class: 'connection', id: 'connection'}, 'connecting');
  const logout = h('button', {id: 'logout'}, 'Log out');
  logout.addEventListener('click', async () => {
    await api.logout().catch(() => {});
    location.reload();
  });
  const header = h(
    'header',
    {},
    h('h1', {}, 'Armature'),
    h('span', {id: 'container-id'}, session.container),
    h('span', {class: 'who', id: 'who', dataset: {role: session.role}}, `${session.user} (${session.role})`),
    connection,
    logout,
  );
  const main = h(
    'main',
    {},
    safetyPanel(session, loop),
    scenePanel(loop),
    robotPanel(loop),
    containerPanel(session),
  );
  root.replaceChildren(header, main);
  connectLive((state) => {
    connection.textContent = state;
    connection.dataset.state = state;
  });
}

start().catch((e) => {
  document.getElementById('app').replaceChildren(h('p', {class: 'error'}, `The page failed to start: ${e.message}`));
});
