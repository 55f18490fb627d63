package armature.management;

import armature.management.ConfigMetadata.Attribute;
import armature.management.ConfigMetadata.Target;
import armature.management.ConfigValues.Shape;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * Turns {@code KEY=TEXT} into the value a configuration stores, judged by the PID's metadata: the
 * key must be known; the value takes the declared type and cardinality and must lie in the declared
 * range and options. Keys without metadata keep the type the configuration already holds ({@link
 * ConfigValues}). Every refusal names the key, the value and what is allowed.
 */
final class ConfigCheck {
    private ConfigCheck() {}

    /**
     * @param existing what the configuration holds for {@code key} now, or null
     * @throws MgmtException when the key is unknown or the value is not allowed
     */
    static Object convert(Target target, String key, String raw, Object existing) {
        if (!target.anyKey()
                && !target.attributes().containsKey(key)
                && !target.otherKeys().contains(key)) {
            throw new MgmtException(
                    "unknown configuration key '"
                            + key
                            + "' for "
                            + target.pid()
                            + "; known keys: "
                            + target.knownKeys());
        }
        Attribute a = target.attributes().get(key);
        if (a == null) {
            return ConfigValues.convert(key, raw, existing);
        }
        AttributeDefinition ad = a.definition();
        Class<?> type = typeOf(ad.getType());
        int cardinality = ad.getCardinality();
        Shape shape = cardinality == 0 ? Shape.SCALAR : cardinality > 0 ? Shape.ARRAY : Shape.LIST;
        Class<?> element = type;
        if (existing != null && existing.getClass().isArray() && shape == Shape.ARRAY) {
            // Keep a primitive array primitive (double[] rather than Double[]).
            Class<?> held = existing.getClass().getComponentType();
            if (ConfigValues.boxed(held) == type) {
                element = held;
            }
        }
        Object value = ConfigValues.convert(key, raw, element, shape);
        List<Object> items = items(value);
        int most = Math.abs(cardinality);
        if (shape != Shape.SCALAR
                && most != Integer.MAX_VALUE
                && cardinality != Integer.MIN_VALUE
                && items.size() > most) {
            throw refusal(target, key, raw, a, "at most " + most + " values");
        }
        for (int i = 0; i < items.size(); i++) {
            String field = shape == Shape.SCALAR ? key : key + "[" + i + "]";
            checkOption(target, field, items.get(i), a, type);
            checkRange(target, field, items.get(i), a);
        }
        return value;
    }

    private static void checkOption(
            Target target, String field, Object item, Attribute a, Class<?> type) {
        String[] options = a.definition().getOptionValues();
        if (options == null || options.length == 0) {
            return;
        }
        for (String o : options) {
            try {
                if (ConfigValues.convert(field, o, type, Shape.SCALAR).equals(item)) {
                    return;
                }
            } catch (MgmtException unparsableOption) {
                // An option of another type can never match.
            }
        }
        throw refusal(target, field, String.valueOf(item), a, "one of " + Arrays.toString(options));
    }

    private static void checkRange(Target target, String field, Object item, Attribute a) {
        String min = a.range().min();
        String max = a.range().max();
        if (min == null && max == null) {
            return;
        }
        int type = a.definition().getType();
        boolean text = type == AttributeDefinition.STRING || type == AttributeDefinition.PASSWORD;
        try {
            BigDecimal v =
                    text
                            ? BigDecimal.valueOf(String.valueOf(item).length())
                            : item instanceof Character c
                                    ? BigDecimal.valueOf(c)
                                    : item instanceof Boolean
                                            ? null
                                            : new BigDecimal(item.toString());
            if (v == null) {
                return;
            }
            boolean low = min != null && v.compareTo(bound(min, type)) < 0;
            boolean high = max != null && v.compareTo(bound(max, type)) > 0;
            if (low || high) {
                String allowed =
                        min != null && max != null
                                ? min + " to " + max
                                : min != null ? "at least " + min : "at most " + max;
                throw refusal(
                        target,
                        field,
                        String.valueOf(item),
                        a,
                        allowed + (text ? " characters" : ""));
            }
        } catch (NumberFormatException badBound) {
            // A range the metadata writes in a form we cannot read is not held against the value.
        }
    }

    private static BigDecimal bound(String b, int type) {
        return type == AttributeDefinition.CHARACTER && b.length() == 1
                ? BigDecimal.valueOf(b.charAt(0))
                : new BigDecimal(b.trim());
    }

    private static MgmtException refusal(
            Target target, String field, String value, Attribute a, String allowed) {
        String name = a.definition().getName();
        return new MgmtException(
                "configuration key '"
                        + field
                        + "' = '"
                        + value
                        + "' is not allowed for "
                        + target.pid()
                        + "; allowed: "
                        + allowed
                        + (name == null || name.isBlank() ? "" : " (" + name + ")"));
    }

    private static List<Object> items(Object value) {
        if (value != null && value.getClass().isArray()) {
            Object[] out = new Object[Array.getLength(value)];
            for (int i = 0; i < out.length; i++) {
                out[i] = Array.get(value, i);
            }
            return Arrays.asList(out);
        }
        if (value instanceof Collection<?> c) {
            return List.copyOf(c);
        }
        return List.of(value);
    }

    /** The Java type of a metatype type; the deprecated big number types stay text. */
    static Class<?> typeOf(int metatypeType) {
        return switch (metatypeType) {
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            default -> String.class;
        };
    }
}
