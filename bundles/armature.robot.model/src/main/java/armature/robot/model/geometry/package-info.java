/**
 * Small geometry toolkit for robot descriptions: vectors, quaternions, orientation conversions,
 * inertia tensors, STL reading and a 3D quickhull with volume and inertia integrals. Plain Java, no
 * OSGi imports.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.robot.model.geometry;
