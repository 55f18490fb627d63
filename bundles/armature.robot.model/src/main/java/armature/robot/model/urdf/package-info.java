/**
 * ROS URDF loader producing the description model. Entry point: {@link
 * armature.robot.model.urdf.UrdfLoader}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.robot.model.urdf;
