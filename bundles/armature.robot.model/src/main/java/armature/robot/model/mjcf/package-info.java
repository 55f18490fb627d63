/**
 * MuJoCo MJCF loader producing the description model. Entry point: {@link
 * armature.robot.model.mjcf.MjcfLoader}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.robot.model.mjcf;
