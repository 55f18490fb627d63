// 3D: the loop's robot from its description, following the live joint state and the simulated objects' poses,
// with the vision pose estimates beside them.
import * as THREE from 'three';
import {OrbitControls} from 'three/examples/jsm/controls/OrbitControls.js';
import {api} from '../api.js';
import {fill, h, panel} from '../dom.js';
import {onLive} from '../live.js';
import {isFor} from '../messages.js';
import {markDrawn, metrics} from '../metrics.js';
import {buildRobot, jointCoordinates, pose} from './build.js';

function lights(scene) {
  scene.add(new THREE.HemisphereLight(0xffffff, 0x444444, 1.2));
  const sun = new THREE.DirectionalLight(0xffffff, 1.5);
  sun.position.set(1, -1, 2);
  scene.add(sun);
}

/** Points the camera at the robot (planes left out of the bounds: they are large or infinite). */
function frame(camera, controls, robot) {
  const box = new THREE.Box3();
  robot.root.updateMatrixWorld(true);
  robot.root.traverse((o) => {
    if (o.isMesh && !o.userData.plane) box.expandByObject(o);
  });
  if (box.isEmpty()) return;
  const center = box.getCenter(new THREE.Vector3());
  const size = box.getSize(new THREE.Vector3()).length();
  camera.position.copy(center).add(new THREE.Vector3(0.55, -0.75, 0.45).multiplyScalar(size));
  camera.near = size / 100;
  camera.far = size * 100;
  camera.updateProjectionMatrix();
  controls.target.copy(center);
  controls.update();
}

export function scenePanel(loop) {
  const canvas = h('canvas', {id: 'scene-canvas', width: 640, height: 420});
  const info = h('p', {id: 'scene-info', class: 'note'}, 'loading the robot description...');
  const el = panel('scene', '3D', canvas, info);
  if (!loop) {
    info.textContent = 'Waiting for a control loop...';
    return el;
  }
  start(loop, canvas, info).catch((e) => fill(info, h('span', {class: 'error'}, `3D view: ${e.message}`)));
  return el;
}

async function start(loop, canvas, info) {
  const description = await api.robot(loop.loop);
  let renderer;
  try {
    renderer = new THREE.WebGLRenderer({canvas, antialias: false, powerPreference: "high-performance"});
  } catch (e) {
    throw new Error(`WebGL is not available in this browser (${e.message})`);
  }
  renderer.setPixelRatio(1);
  renderer.setSize(canvas.width, canvas.height, false);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0xf2f4f7);
  lights(scene);
  const camera = new THREE.PerspectiveCamera(45, canvas.width / canvas.height, 0.01, 100);
  camera.up.set(0, 0, 1); // descriptions are z-up
  const controls = new OrbitControls(camera, canvas);
  const robot = buildRobot(description);
  scene.add(robot.root);
  frame(camera, controls, robot);

  let dirty = true;
  let wallMs = NaN;
  onLive('joints', (m) => {
    if (!isFor(m, loop)) return;
    pose(robot, jointCoordinates(description, m.positionRad ?? []));
    wallMs = m.wallMs;
    dirty = true;
    metrics.scenePoseUpdates++;
  });
  onLive('object', (m) => {
    const body = robot.objects.get(m.name);
    if (!body || !m.pos || !m.quat) return;
    body.position.set(m.pos[0], m.pos[1], m.pos[2]);
    body.quaternion.set(m.quat[1], m.quat[2], m.quat[3], m.quat[0]);
    wallMs = m.wallMs;
    dirty = true;
  });
  // The vision estimate of each object in the robot frame, beside the simulated truth: axes 6 cm long at the
  // estimated pose and a small sphere at its origin, orange while the estimate is stale.
  const estimates = new Map();
  onLive('vpose', (m) => {
    if (m.frameId !== 'robot' || !m.positionM || !m.quaternionWxyz) return;
    let marker = estimates.get(m.objectId);
    if (!marker) {
      marker = new THREE.Group();
      marker.name = `estimate:${m.objectId}`;
      marker.add(new THREE.AxesHelper(0.06));
      const dot = new THREE.Mesh(
        new THREE.SphereGeometry(0.006, 12, 8),
        new THREE.MeshBasicMaterial({color: 0x12b76a, transparent: true, opacity: 0.8}),
      );
      dot.name = 'dot';
      marker.add(dot);
      scene.add(marker);
      estimates.set(m.objectId, marker);
    }
    const [w, x, y, z] = m.quaternionWxyz;
    marker.position.set(m.positionM[0], m.positionM[1], m.positionM[2]);
    marker.quaternion.set(x, y, z, w);
    marker.getObjectByName('dot').material.color.set(m.stale ? 0xf79009 : 0x12b76a);
    canvas.dataset.estimates = String(estimates.size);
    dirty = true;
  });
  controls.addEventListener('change', () => (dirty = true));

  // Renders only frames in which something moved, so an idle view costs nothing; sceneFps counts those.
  let frames = 0;
  let since = performance.now();
  const tick = () => {
    requestAnimationFrame(tick);
    if (dirty) {
      dirty = false;
      renderer.render(scene, camera);
      frames++;
      metrics.sceneFrames++;
      markDrawn(wallMs, metrics.sceneLatencyMs);
      wallMs = NaN;
    }
    const now = performance.now();
    if (now - since >= 1000) {
      metrics.sceneFps = (frames * 1000) / (now - since);
      info.textContent = `${description.bodies.length} bodies, ${description.joints.length} joints, ${description.geoms.length} geoms; ${metrics.sceneFps.toFixed(0)} frames/s`;
      info.dataset.fps = metrics.sceneFps.toFixed(1);
      frames = 0;
      since = now;
    }
  };
  tick();
}
