/**
 * Third-party sensors: what a sensor is ({@link armature.sensor.api.SensorDescriptor}, one {@link
 * armature.sensor.api.SensorField} per value, each with its unit, type and range), what it sends
 * ({@link armature.sensor.api.SensorSample}, with source and receive time) and why a sample is
 * refused ({@link armature.sensor.api.RejectionReason}). The topics are {@code
 * armature.control.api.SensorTopics}; the JSON forms are in {@code docs/asyncapi.yaml} and {@code
 * docs/sensors.md}. Pure Java, no library types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package armature.sensor.api;
