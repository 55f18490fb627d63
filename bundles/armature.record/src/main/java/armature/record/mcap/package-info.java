/**
 * MCAP (https://mcap.dev/spec), written from the specification: {@link
 * armature.record.mcap.McapWriter} writes chunked, indexed files with a summary section; {@link
 * armature.record.mcap.McapReader} reads and checks them (and other writers' uncompressed files),
 * naming the file offset of every fault. Plain Java: no OSGi services, no Armature types.
 */
@Export
@Version("1.0.0")
package armature.record.mcap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
