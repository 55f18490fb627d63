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
                                return values.get(method.getName());
                            }
                            Object d = method.getDefaultValue();
                            if (d == null) {
                                throw new IllegalStateException(
                                        method.getName() + " has no default");
                            }
                            return d;
                        });
    }

    static SimCameraConfig camera(Map<String, Object> values) {
        return of(SimCameraConfig.class, values);
    }
}
