/**
 * Payload codecs for the Armature bus: the compact binary numeric frame ({@code
 * application/vnd.armature.frame.v1}, see {@link armature.bus.codec.FrameWriter} and {@link
 * armature.bus.codec.FrameReader}), its per-stream {@link armature.bus.codec.FrameSchema}, a JSON
 * codec that hides its library ({@link armature.bus.codec.JsonCodec}) and a one-line {@link
 * armature.bus.codec.PayloadFormatter} for tools. Plain Java: no OSGi services, usable with {@code
 * new}.
 */
@Export
@Version("1.0.0")
package armature.bus.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
