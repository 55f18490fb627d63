/**
 * The control plane's wire contract, in one place for every bundle, the CLI and third parties:
 * topic builders for every channel of {@code docs/asyncapi.yaml} ({@link
 * armature.control.api.ContainerTopics}, {@link armature.control.api.LoopTopics}, {@link
 * armature.control.api.SimTopics}, {@link armature.control.api.PolicyTopics}, {@link
 * armature.control.api.SensorTopics}, {@link armature.control.api.HomieTopics}, {@link
 * armature.control.api.VisionTopics}), who may publish and receive what ({@link
 * armature.control.api.Role}, {@link armature.control.api.AccessPolicy}), the joint command rules
 * ({@link armature.control.api.CommandContract}), e-stop actions and management operations. Pure
 * Java, no OSGi services: usable with {@code new} anywhere, including outside the container.
 */
@Export
@Version("1.10.0")
package armature.control.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
