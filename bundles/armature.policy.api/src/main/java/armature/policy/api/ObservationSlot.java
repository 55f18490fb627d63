package armature.policy.api;

import java.util.List;
import java.util.Objects;

/**
 * One named part of the observation vector and the bus data it is read from.
 *
 * @param name the slot's name (unique within a spec), e.g. {@code jointPositionRad}; units in the
 *     name
 * @param size how many values the slot contributes
 * @param topic the bus topic relative to the container's root {@code armature/v1/<container>/},
 *     e.g. {@code control/hand/state} (build it with the topic builders of {@code
 *     armature.control.api} and strip the root)
 * @param field where in the message: for a binary frame stream the channel name ({@code
 *     positionRad}, {@code velocityRadPerSec}, {@code effort}); for a JSON message a JSON Pointer
 *     to a number or an array of numbers (e.g. {@code /objects/0/positionM})
 * @param elements for a frame stream, the element names (joints) to take, in this order; empty =
 *     every element in the stream's own order. Ignored for JSON.
 */
public record ObservationSlot(
        String name, int size, String topic, String field, List<String> elements) {
    public ObservationSlot {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("observation slot name must not be empty");
        }
        if (size < 1) {
            throw new IllegalArgumentException(
                    "observation slot '" + name + "' size = " + size + "; allowed: >= 1");
        }
        Objects.requireNonNull(topic, "topic of observation slot " + name);
        if (topic.isEmpty()
                || topic.startsWith("/")
                || topic.contains("+")
                || topic.contains("#")) {
            throw new IllegalArgumentException(
                    "observation slot '"
                            + name
                            + "' topic = '"
                            + topic
                            + "'; allowed: a topic relative to armature/v1/<container>/, no"
                            + " wildcards");
        }
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException(
                    "observation slot '"
                            + name
                            + "' needs a field (frame channel or JSON pointer)");
        }
        elements = elements == null ? List.of() : List.copyOf(elements);
        if (!elements.isEmpty() && elements.size() != size) {
            throw new IllegalArgumentException(
                    "observation slot '"
                            + name
                            + "' names "
                            + elements.size()
                            + " elements but has size "
                            + size
                            + "; allowed: no elements, or exactly size");
        }
    }

    /** Whether {@link #field()} is a JSON Pointer (starts with {@code /}) rather than a channel. */
    public boolean isJsonField() {
        return field.startsWith("/");
    }
}
