/** Command-line entry point {@code sim info}: {@link armature.robot.model.cli.SimInfoMain}. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.robot.model.cli;
