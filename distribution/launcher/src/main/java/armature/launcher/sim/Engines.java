package armature.launcher.sim;

import armature.physics.api.PhysicsEngine;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The physics engines on the class path, by {@link PhysicsEngine#name()}. Outside the framework
 * there is no service registry, so engines declare themselves for {@link ServiceLoader} ({@code
 * META-INF/services/armature.physics.api.PhysicsEngine} in the engine's jar); adding an engine to
 * lib/ is all it takes for {@code --engine} to find it.
 */
final class Engines {
    private final Map<String, PhysicsEngine> byName;

    private Engines(Map<String, PhysicsEngine> byName) {
        this.byName = byName;
    }

    /** The engines the launcher's class loader can see; the first of two with one name wins. */
    static Engines discover() {
        Map<String, PhysicsEngine> found = new TreeMap<>();
        for (PhysicsEngine e :
                ServiceLoader.load(PhysicsEngine.class, Engines.class.getClassLoader())) {
            found.putIfAbsent(e.name(), e);
        }
        return new Engines(found);
    }

    /**
     * @param name an engine's {@link PhysicsEngine#name()}
     * @return that engine
     * @throws IllegalArgumentException naming the engine and the available ones when it is unknown
     */
    PhysicsEngine get(String name) {
        PhysicsEngine e = byName.get(name);
        if (e == null) {
            throw new IllegalArgumentException(
                    "unknown engine '" + name + "' (--engine); available: " + byName.keySet());
        }
        return e;
    }
}
