/**
 * Joint-level hardware abstraction: a {@link armature.driver.api.JointDriver} service per device
 * (one factory configuration each), used by the control loop, written by hardware drivers and
 * simulators alike. No library types; see docs/adr/0050-control-loop-and-driver-spi.md.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.driver.api;
