// Builds a three.js scene graph from the robot description served at /api/robot/<loop> (docs/dashboard.md):
// one group per body at its pose in its parent, with a chain of groups per joint so that hinge and slide joints
// move what follows them, and a mesh per visible geom.
import * as THREE from 'three';

// MuJoCo shows geom groups 0, 1 and 2 by default; higher groups usually hold collision shapes.
const VISIBLE_GROUPS = 3;

const vec = (a) => new THREE.Vector3(a[0], a[1], a[2]);
// The description's quaternions are w, x, y, z; three.js takes x, y, z, w.
const quat = (q) => new THREE.Quaternion(q[1], q[2], q[3], q[0]);

function meshGeometry(mesh) {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(mesh.vertices, 3));
  g.setIndex(mesh.faces);
  g.computeVertexNormals();
  return g;
}

/** three.js geometry for one geom; MuJoCo sizes are half sizes, capsules and cylinders lie along z. */
function geometry(geom, meshes) {
  const s = geom.size;
  switch (geom.type) {
    case 'box':
      return new THREE.BoxGeometry(2 * s[0], 2 * s[1], 2 * s[2]);
    case 'sphere':
      return new THREE.SphereGeometry(s[0], 16, 12);
    case 'ellipsoid':
      return new THREE.SphereGeometry(1, 16, 12).scale(s[0], s[1], s[2]);
    case 'capsule':
      return new THREE.CapsuleGeometry(s[0], 2 * s[1], 4, 12).rotateX(Math.PI / 2);
    case 'cylinder':
      return new THREE.CylinderGeometry(s[0], s[0], 2 * s[1], 16).rotateX(Math.PI / 2);
    case 'plane':
      return new THREE.PlaneGeometry(2 * (s[0] || 1), 2 * (s[1] || 1));
    case 'mesh':
      return meshGeometry(meshes[geom.mesh]);
    default:
      return null;
  }
}

// Descriptions often leave colours to materials the loader does not resolve (MuJoCo's default grey); the floor
// and the free objects then get their own colours so that they stand apart from the robot.
const DEFAULT_GREY = [0.5, 0.5, 0.5];
const isDefault = (rgba) => !rgba || DEFAULT_GREY.every((v, i) => rgba[i] === v);

function material(geom, isObject) {
  let [r, g, b, a] = geom.rgba ?? [0.5, 0.5, 0.5, 1];
  if (isDefault(geom.rgba) && geom.type === 'plane') [r, g, b] = [0.86, 0.88, 0.9];
  else if (isDefault(geom.rgba) && isObject) [r, g, b] = [0.95, 0.55, 0.15];
  // Lambert (per-vertex-light-free diffuse) keeps software WebGL, as in headless browsers, above 30 frames/s.
  return new THREE.MeshLambertMaterial({
    color: new THREE.Color(r, g, b),
    opacity: a,
    transparent: a < 1,
    flatShading: geom.type === 'mesh',
    side: geom.type === 'plane' ? THREE.DoubleSide : THREE.FrontSide,
  });
}

/**
 * @returns {{root, movers, bodies, objects}} the scene's root group; per joint its mover (the group the joint
 *     rotates or slides); per body its outer group; per free object name its body group
 */
export function buildRobot(scene) {
  const root = new THREE.Group();
  const meshes = scene.meshes ?? [];
  const bodies = [];
  const inner = [];
  const movers = new Array(scene.joints.length).fill(null);
  for (const body of scene.bodies) {
    const outer = new THREE.Group();
    outer.name = body.name;
    outer.position.copy(vec(body.pos));
    outer.quaternion.copy(quat(body.quat));
    bodies.push(outer);
    inner.push(outer);
  }
  // Joints in document order: each adds anchor -> mover -> back below its body's innermost group, so several
  // joints of one body compose in order, as in MuJoCo; geoms and child bodies then hang below the last one.
  scene.joints.forEach((joint, k) => {
    if (joint.type !== 'hinge' && joint.type !== 'slide') return;
    const anchor = new THREE.Group();
    anchor.position.copy(vec(joint.pos));
    const mover = new THREE.Group();
    const back = new THREE.Group();
    back.position.copy(vec(joint.pos).negate());
    inner[joint.body].add(anchor);
    anchor.add(mover);
    mover.add(back);
    inner[joint.body] = back;
    movers[k] = {group: mover, type: joint.type, axis: vec(joint.axis).normalize(), ref: joint.ref ?? 0};
  });
  scene.bodies.forEach((body, i) => (body.parent < 0 ? root : inner[body.parent]).add(bodies[i]));
  const objectBodies = new Set((scene.objects ?? []).map((o) => o.body));
  for (const geom of scene.geoms) {
    if ((geom.group ?? 0) >= VISIBLE_GROUPS || (geom.rgba && geom.rgba[3] === 0)) continue;
    const g = geometry(geom, meshes);
    if (!g) continue;
    const m = new THREE.Mesh(g, material(geom, objectBodies.has(geom.body)));
    m.position.copy(vec(geom.pos));
    m.quaternion.copy(quat(geom.quat));
    m.userData.plane = geom.type === 'plane';
    m.name = geom.name;
    inner[geom.body].add(m);
  }
  const objects = new Map((scene.objects ?? []).map((o) => [o.name, bodies[o.body]]));
  return {root, movers, bodies, objects};
}

/** Joint coordinates from a joints message: each loop joint drives model joints with a coefficient. */
export function jointCoordinates(scene, positionRad) {
  const q = scene.joints.map((j) => j.ref ?? 0);
  const driven = new Set();
  (scene.drives ?? []).forEach((drive, i) => {
    const value = positionRad[i];
    if (!Number.isFinite(value)) return;
    for (const {joint, coef} of drive.joints) {
      if (!driven.has(joint)) {
        q[joint] = 0;
        driven.add(joint);
      }
      q[joint] += value * coef;
    }
  });
  return q;
}

const tmp = new THREE.Quaternion();

/** Moves every hinge and slide joint to its coordinate. */
export function pose(robot, q) {
  robot.movers.forEach((m, k) => {
    if (!m) return;
    const d = q[k] - m.ref;
    if (m.type === 'hinge') m.group.quaternion.copy(tmp.setFromAxisAngle(m.axis, d));
    else m.group.position.copy(m.axis).multiplyScalar(d);
  });
}
