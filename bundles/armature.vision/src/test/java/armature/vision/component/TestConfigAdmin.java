package armature.vision.component;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configuration admin for component tests: holds the given configurations and answers the two
 * filters the vision components ask, {@code (&(service.factoryPid=P)(cameraId=C))} and {@code
 * (&(service.factoryPid=P)(cameraIds=C))}, by property comparison.
 */
final class TestConfigAdmin {
    private TestConfigAdmin() {}

    static Hashtable<String, Object> configuration(String factoryPid, Object... keyValues) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.factoryPid", factoryPid);
        p.put("service.pid", factoryPid + ".test");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static ConfigurationAdmin of(List<Hashtable<String, Object>> configurations) {
        return (ConfigurationAdmin)
                Proxy.newProxyInstance(
                        TestConfigAdmin.class.getClassLoader(),
                        new Class<?>[] {ConfigurationAdmin.class},
                        (proxy, method, args) -> {
                            if (!method.getName().equals("listConfigurations")) {
                                throw new UnsupportedOperationException(method.getName());
                            }
                            Configuration[] out =
                                    configurations.stream()
                                            .filter(p -> matches((String) args[0], p))
                                            .map(TestConfigAdmin::wrap)
                                            .toArray(Configuration[]::new);
                            return out.length == 0 ? null : out;
                        });
    }

    private static boolean matches(String filter, Dictionary<String, Object> p) {
        if (!filter.contains("(service.factoryPid=" + p.get("service.factoryPid") + ")")) {
            return false;
        }
        Object id = p.get("cameraId");
        if (id != null && filter.contains("(cameraId=" + id + ")")) {
            return true;
        }
        Object ids = p.get("cameraIds");
        return ids instanceof String[] a
                && Arrays.stream(a).anyMatch(c -> filter.contains("(cameraIds=" + c + ")"));
    }

    private static Configuration wrap(Hashtable<String, Object> props) {
        return (Configuration)
                Proxy.newProxyInstance(
                        TestConfigAdmin.class.getClassLoader(),
                        new Class<?>[] {Configuration.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getProperties" -> props;
                                    case "getPid" -> props.get("service.pid");
                                    case "getFactoryPid" -> props.get("service.factoryPid");
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }
}
