package armature.control.api;

import java.util.Objects;

/**
 * The topics of one third-party sensor, under {@code armature/v1/<container>/sensors/<sensor>}. The
 * sensor id is the broker user name of the {@link Role#DEVICE} credential that publishes them: the
 * broker lets a device publish only under its own name, so a descriptor, a state and samples on
 * these topics always come from that device (docs/sensors.md, ADR 0096).
 *
 * @param container the container's topics
 * @param sensorId the sensor id (= the device's user name)
 */
public record SensorTopics(ContainerTopics container, String sensorId) {
    public SensorTopics {
        Objects.requireNonNull(container, "container");
        Names.require(sensorId, "sensor id");
    }

    /** {@code armature/v1/<container>/sensors/<sensor>}. */
    public String base() {
        return container.sensorDevice(sensorId);
    }

    /**
     * The sensor's descriptor (JSON: fields, units, ranges, rate), retained by the device; an empty
     * retained message removes the sensor.
     */
    public String descriptor() {
        return base() + "/descriptor";
    }

    /**
     * Retained {@code {"state": "online"}} published by the device after its descriptor; its last
     * will is {@code {"state": "offline"}}, retained, on the same topic.
     */
    public String state() {
        return base() + "/state";
    }

    /** The samples, one JSON document per message, QoS 0, never retained. */
    public String samples() {
        return base() + "/samples";
    }

    /**
     * Filter for this sensor's descriptor, state and samples: one subscription, so that one handler
     * sees them in arrival order (a control loop's sensor limits, ADR 0099).
     */
    public String filter() {
        return base() + "/+";
    }
}
