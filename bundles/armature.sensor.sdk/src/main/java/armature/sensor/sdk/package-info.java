/**
 * The Java SDK for sensor bundles: {@link armature.sensor.sdk.SensorPublisher} publishes a sensor's
 * retained descriptor, its {@code online}/{@code offline} state and its samples through the
 * container's {@link armature.bus.api.MessageBus}, on the topics of {@code
 * armature.control.api.SensorTopics}, in the JSON the sensor registry reads ({@link
 * armature.sensor.sdk.SensorJson}). Every sample is checked against the descriptor before it is
 * sent, with the registry's rules, so a bundle author meets a refusal in a unit test rather than in
 * {@code armature sensors}. No library types; docs/sensor-sdk.md is the guide.
 */
@Export
@Version("1.0.0")
package armature.sensor.sdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
