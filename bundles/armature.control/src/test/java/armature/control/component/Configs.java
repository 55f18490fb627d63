package armature.control.component;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An instance of a DS configuration annotation: given values, else the declared defaults. */
final class Configs {
    private Configs() {}

    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (values.containsKey(method.getName())) {
                                return values.get(method.getName());
                            }
                            Object d = method.getDefaultValue();
                            if (d == null) {
                                throw new IllegalStateException(
                                        "test config has no value for " + method.getName());
                            }
                            return d;
                        }));
    }
}
