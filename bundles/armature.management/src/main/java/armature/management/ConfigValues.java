package armature.management;

import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the text of {@code config set KEY=VALUE} into the type the configuration already holds for
 * KEY, so that setting one value of a typed configuration (numbers, booleans, arrays from a
 * feature) neither turns it into a string nor loses the other values. Arrays are written {@code [a,
 * b, c]} or {@code a,b,c}; a key the configuration does not hold yet stays a string (or a string
 * array), which Declarative Services converts to the component's property type itself.
 */
final class ConfigValues {
    private ConfigValues() {}

    /** Whether a value is one value, an array or a list (a Collection). */
    enum Shape {
        SCALAR,
        ARRAY,
        LIST
    }

    /**
     * @param existing the value the configuration holds now for {@code key}, or null
     * @throws MgmtException naming key, value and expected type when {@code raw} does not parse
     */
    static Object convert(String key, String raw, Object existing) {
        if (existing == null) {
            String text = raw.strip();
            return isBracketed(text) ? elements(text).toArray(String[]::new) : raw;
        }
        if (existing.getClass().isArray()) {
            return convert(key, raw, existing.getClass().getComponentType(), Shape.ARRAY);
        }
        if (existing instanceof Collection<?> c) {
            Class<?> element = c.isEmpty() ? String.class : c.iterator().next().getClass();
            return convert(key, raw, element, Shape.LIST);
        }
        return convert(key, raw, existing.getClass(), Shape.SCALAR);
    }

    /**
     * Converts {@code raw} to {@code shape} of {@code elementType} (a primitive element type makes
     * a primitive array).
     *
     * @throws MgmtException naming key, value and expected type when {@code raw} does not parse
     */
    static Object convert(String key, String raw, Class<?> elementType, Shape shape) {
        String text = raw.strip();
        switch (shape) {
            case ARRAY -> {
                List<String> items = elements(text);
                Object out = Array.newInstance(elementType, items.size());
                for (int i = 0; i < items.size(); i++) {
                    Array.set(out, i, scalar(key + "[" + i + "]", items.get(i), elementType));
                }
                return out;
            }
            case LIST -> {
                List<Object> out = new ArrayList<>();
                List<String> items = elements(text);
                for (int i = 0; i < items.size(); i++) {
                    out.add(scalar(key + "[" + i + "]", items.get(i), elementType));
                }
                return out;
            }
            default -> {
                if (isBracketed(text)) {
                    throw new MgmtException(
                            "configuration key '"
                                    + key
                                    + "' = '"
                                    + raw
                                    + "': holds one "
                                    + boxed(elementType).getSimpleName()
                                    + ", not a list");
                }
                return scalar(key, text, elementType);
            }
        }
    }

    /** The elements of an array or list text, unquoted ({@code [a, b]} or {@code a,b}). */
    static List<String> elementsOf(String raw) {
        return elements(raw.strip());
    }

    private static Object scalar(String field, String text, Class<?> type) {
        Class<?> t = boxed(type);
        if (t == String.class) {
            return unquote(text);
        }
        if (t == Boolean.class) {
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw typeError(field, text, "true or false");
        }
        if (t == Character.class) {
            String s = unquote(text);
            if (s.length() == 1) {
                return s.charAt(0);
            }
            throw typeError(field, text, "one character");
        }
        Function<String, Object> parse = numberParser(t);
        if (parse == null) {
            throw typeError(field, text, "a value of type " + t.getSimpleName());
        }
        try {
            Object v = parse.apply(text);
            if ((v instanceof Double d && !Double.isFinite(d))
                    || (v instanceof Float f && !Float.isFinite(f))) {
                throw typeError(field, text, "a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw typeError(field, text, "a number of type " + t.getSimpleName());
        }
    }

    private static Function<String, Object> numberParser(Class<?> t) {
        if (t == Double.class) {
            return Double::valueOf;
        }
        if (t == Float.class) {
            return Float::valueOf;
        }
        if (t == Long.class) {
            return Long::valueOf;
        }
        if (t == Integer.class) {
            return Integer::valueOf;
        }
        if (t == Short.class) {
            return Short::valueOf;
        }
        if (t == Byte.class) {
            return Byte::valueOf;
        }
        return null;
    }

    private static MgmtException typeError(String field, String text, String expected) {
        return new MgmtException(
                "configuration key '" + field + "' = '" + text + "'; allowed: " + expected);
    }

    private static boolean isBracketed(String text) {
        return text.startsWith("[") && text.endsWith("]");
    }

    private static List<String> elements(String text) {
        String body = isBracketed(text) ? text.substring(1, text.length() - 1) : text;
        List<String> out = new ArrayList<>();
        if (body.isBlank()) {
            return out;
        }
        for (String part : body.split(",", -1)) {
            out.add(unquote(part.strip()));
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    static Class<?> boxed(Class<?> t) {
        return MethodType.methodType(t).wrap().returnType();
    }
}
