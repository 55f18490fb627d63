/**
 * Recording bus traffic to MCAP and replaying it (docs/recording.md, ADR 0095): {@link
 * armature.record.BusRecorder} files messages into channels with their MQTT properties and schemas,
 * {@link armature.record.Replayer} publishes them again with their timing, and {@link
 * armature.record.AsyncApiSchemas} finds the JSON Schema of documented topics. Plain Java: no OSGi
 * services, usable with {@code new}.
 */
@Export
@Version("1.1.0")
package armature.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
