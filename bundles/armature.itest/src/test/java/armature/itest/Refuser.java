package armature.itest;

import java.util.Map;

/**
 * The implementation of the component in the bundles the management test deploys ({@link
 * TestBundles}): it activates, or refuses to when its component description says {@code
 * refuse=true}. Plain Java, no annotations: the test bundle itself must not declare it.
 */
public final class Refuser {
    public Refuser() {}

    void activate(Map<String, Object> properties) {
        if (Boolean.TRUE.equals(properties.get("refuse"))) {
            throw new IllegalStateException(
                    "version " + properties.get("version") + " refuses to activate");
        }
    }
}
