package armature.vision.sim.component;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A configuration annotation's instance with its defaults and some values overridden. */
final class Configs {
    private Configs() {}

    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Map<String, Object> values) {
        return (T)
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (method.getName().equals("annotationType")) {
                                return type;
                            }
                            if (values.containsKey(method.getName())) {
                                return converted(
                                        values.get(method.getName()), method.getReturnType());
                            }
                            Object d = method.getDefaultValue();
                            if (d == null) {
                                throw new IllegalStateException(
                                        method.getName() + " has no default");
                            }
                            return d;
                        });
    }

    /** JSON numbers as the type asks (a feature file's [0, 1] read as doubles, for an int[]). */
    private static Object converted(Object value, Class<?> type) {
        if (type == int[].class && value instanceof double[] d) {
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (int) d[i];
            }
            return out;
        }
        return value;
    }

    static SimCameraConfig camera(Map<String, Object> values) {
        return of(SimCameraConfig.class, values);
    }
}
