// Entry point: log in (or resume the session), then lay out the panels and open the live socket.
import {api} from './api.js';
import {h} from './dom.js';
import {connectLive, LOGIN_REASON_KEY} from './live.js';
import {showLogin} from './login.js';
import {containerPanel} from './container/panel.js';
import {robotPanel} from './robot/panel.js';
import {policiesPanel} from './policies.js';
import {safetyPanel} from './safety.js';
import {scenePanel} from './scene/panel.js';
import {sensorsPanel} from './sensors.js';
import {visionPanel} from './vision.js';

async function start() {
  const root = document.getElementById('app');
  let session;
  try {
    session = await api.session();
  } catch {
    const reason = sessionStorage.getItem(LOGIN_REASON_KEY);
    sessionStorage.removeItem(LOGIN_REASON_KEY);
    session = await showLogin(root, reason);
  }
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
  const safety = h('div', {class: 'slot'}, safetyPanel(session, null));
  const scene = h('div', {class: 'slot'}, scenePanel(null));
  const robot = h('div', {class: 'slot'}, robotPanel(null));
  const main = h('main', {}, safety, scene, robot, containerPanel(session), policiesPanel(), visionPanel(), sensorsPanel());
  root.replaceChildren(header, main);
  // A new session learns the loops from retained messages, which may take a moment: ask again until one shows.
  const loop = await firstLoop();
  safety.replaceChildren(safetyPanel(session, loop));
  scene.replaceChildren(scenePanel(loop));
  robot.replaceChildren(robotPanel(loop));
  const offline = h(
    'p',
    {class: 'offline', id: 'offline', role: 'alert', hidden: true},
    'No live connection to the container: what this page shows is not current, and the e-stop state is unknown. Retrying...',
  );
  root.insertBefore(offline, main);
  connectLive((state) => {
    connection.textContent = state;
    connection.dataset.state = state;
    offline.hidden = state !== 'disconnected';
  });
}

async function firstLoop() {
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5000)) {
    const loops = await api.loops().catch(() => []);
    if (loops.length > 0) return loops[0];
    await new Promise((r) => setTimeout(r, delayMs));
  }
}

start().catch((e) => {
  document.getElementById('app').replaceChildren(h('p', {class: 'error'}, `The page failed to start: ${e.message}`));
});
