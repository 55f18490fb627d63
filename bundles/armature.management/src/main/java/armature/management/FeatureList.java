package armature.management;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The reply of {@code features/list}: every available feature, whether it is installed. */
final class FeatureList {
    private FeatureList() {}

    static Map<String, Object> of(FeatureManager features) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> installed = features.installedNames();
        features.available()
                .forEach(
                        (name, f) -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("version", f.version());
                            m.put("description", f.description());
                            m.put("installed", installed.contains(name));
                            m.put("requires", f.requires());
                            m.put("bundles", f.bundles());
                            out.put(name, m);
                        });
        return out;
    }
}
