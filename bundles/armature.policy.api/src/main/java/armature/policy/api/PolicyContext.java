package armature.policy.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runtime component knows when it asks a {@link PolicyProvider} for a policy.
 *
 * @param policyName the component's name (its factory configuration name)
 * @param loopName the control loop the policy will command
 * @param jointStateTopic the loop's state stream relative to the container root (for {@link
 *     ObservationSlot#topic()}), e.g. {@code control/hand/state}
 * @param joints the loop's joints in frame order with the limits it enforces
 * @param source what the configuration names as the policy's source (a file for network policies),
 *     or empty
 * @param settings the component configuration's {@code settings} entries ({@code key=value}) for
 *     the provider, e.g. the baseline's gains
 */
public record PolicyContext(
        String policyName,
        String loopName,
        String jointStateTopic,
        List<JointRange> joints,
        String source,
        Map<String, String> settings) {
    public PolicyContext {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(loopName, "loopName");
        Objects.requireNonNull(jointStateTopic, "jointStateTopic");
        joints = List.copyOf(Objects.requireNonNull(joints, "joints"));
        source = source == null ? "" : source;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /**
     * A setting as a finite number, or {@code fallback} when absent.
     *
     * @throws IllegalArgumentException naming the key, the value and the allowed range
     */
    public double number(String key, double fallback, double min, double max) {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(
                    "setting "
                            + key
                            + " = '"
                            + v
                            + "' of policy "
                            + policyName
                            + "; allowed: a number in ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
        return d;
    }
}
