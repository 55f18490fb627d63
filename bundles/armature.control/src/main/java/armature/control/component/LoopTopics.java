package armature.control.component;

import armature.bus.api.Topics;

/**
 * Topics of one loop, all under {@code armature/v1/<container>/control/<loop>} (see
 * docs/asyncapi.yaml).
 */
record LoopTopics(String base) {
    static LoopTopics of(String containerId, String loopName) {
        return new LoopTopics(Topics.ROOT + "/" + Topics.join(containerId, "control", loopName));
    }

    /** Measured joint state, one binary frame per tick. */
    String state() {
        return base + "/state";
    }

    /** Joint command frames in (newest wins, MQTT 5 expiry honoured). */
    String command() {
        return base + "/command";
    }

    /** Safety and loop events, JSON, one message each. */
    String events() {
        return base + "/events";
    }

    /** Timing and command counters, JSON, low rate. */
    String statistics() {
        return base + "/statistics";
    }

    /** Latched e-stop state, JSON, retained. */
    String eStop() {
        return base + "/estop";
    }

    /** E-stop requests in: trip, assert, release, acknowledge, reset. */
    String eStopRequest() {
        return base + "/estop/request";
    }
}
