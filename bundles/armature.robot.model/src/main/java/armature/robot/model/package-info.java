/**
 * The robot/scene description model: an immutable, MuJoCo-spec-like tree of bodies with joints,
 * geoms and sites, plus actuators, tendons, contact rules, equality constraints, keyframes and
 * meshes. It is what the MJCF and URDF loaders produce and what a dynamics compiler consumes. Entry
 * point: {@link armature.robot.model.Models#load(java.nio.file.Path,
 * armature.robot.model.LoadOptions)}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package armature.robot.model;
