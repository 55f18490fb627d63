package armature.sensor.api;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a sensor is: published once, retained, by the device on {@code
 * armature/v1/<container>/sensors/<id>/descriptor}. Every sample is checked against it.
 *
 * @param schemaVersion the descriptor format's version: {@link #SCHEMA_VERSION}
 * @param id the sensor id, which is the device's broker user name and its topic level
 * @param type what kind of sensor (free text, e.g. {@code thermocouple}, {@code force-torque})
 * @param frameId the coordinate frame the values are expressed in (e.g. {@code wrist}), or {@code
 *     none} for values without a frame
 * @param nominalRateHz how often the device publishes a sample; floods above a configured multiple
 *     of it are refused
 * @param fields the values of every sample, at least one, names unique
 */
public record SensorDescriptor(
        int schemaVersion,
        String id,
        String type,
        String frameId,
        double nominalRateHz,
        List<SensorField> fields) {
    /** The only descriptor version this release reads. */
    public static final int SCHEMA_VERSION = 1;

    /** The most fields a descriptor may have. */
    public static final int MAX_FIELDS = 64;

    /** The highest nominal rate a descriptor may declare. */
    public static final double MAX_RATE_HZ = 10_000;

    // The same rule as a broker user name (armature.control.api.Names): the id is a topic level.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_./-]{1,64}");

    public SensorDescriptor {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "schemaVersion "
                            + schemaVersion
                            + " is not supported; allowed: "
                            + SCHEMA_VERSION);
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "id '" + id + "' is not allowed; allowed: 1-64 letters, digits, '_', '.', '-'");
        }
        requireLabel("type", type);
        requireLabel("frameId", frameId);
        if (!(nominalRateHz > 0) || nominalRateHz > MAX_RATE_HZ) {
            throw new IllegalArgumentException(
                    "nominalRateHz "
                            + nominalRateHz
                            + " is not allowed; allowed: above 0, at most "
                            + MAX_RATE_HZ);
        }
        if (fields == null || fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(
                    "fields: "
                            + (fields == null ? "missing" : fields.size() + " fields")
                            + " is not allowed; allowed: 1 to "
                            + MAX_FIELDS);
        }
        fields = List.copyOf(fields);
        Set<String> names = new HashSet<>();
        for (SensorField f : fields) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException(
                        "field '" + f.name() + "' appears twice; allowed: unique names");
            }
        }
    }

    private static void requireLabel(String what, String value) {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what
                            + " '"
                            + value
                            + "' is not allowed; allowed: 1-64 letters, digits, '_', '.', '/', '-'");
        }
    }

    /** The field named {@code name}, if the descriptor has one. */
    public Optional<SensorField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
