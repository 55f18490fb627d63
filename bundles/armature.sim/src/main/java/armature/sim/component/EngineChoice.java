package armature.sim.component;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which of the registered physics engines a simulated robot runs on: the one whose {@code
 * physics.engine} service property equals the configured name. Engines come and go as services;
 * this class only keeps the books, so the component's decisions can be tested with {@code new}.
 *
 * @param <E> the engine type (the service object)
 */
final class EngineChoice<E> {
    /** The service property that names an engine ({@code physics.engine=reference}). */
    static final String PROPERTY = "physics.engine";

    private final String wanted;
    private final Map<String, E> registered = new TreeMap<>();
    private E inUse;

    EngineChoice(String wanted) {
        this.wanted = wanted;
    }

    String wanted() {
        return wanted;
    }

    /** The engine's name from its service properties, or "" when it has none. */
    static String nameOf(Map<String, ?> serviceProperties) {
        Object n = serviceProperties.get(PROPERTY);
        return n == null ? "" : n.toString();
    }

    /** Records an engine; the first of two with one name is kept. */
    void added(String name, E engine) {
        registered.putIfAbsent(name, engine);
    }

    /**
     * Forgets an engine.
     *
     * @return true when it was the engine in use (the robot must stop)
     */
    boolean removed(String name, E engine) {
        registered.remove(name, engine);
        if (inUse == engine) {
            inUse = null;
            return true;
        }
        return false;
    }

    /**
     * @return the wanted engine when it is registered and none is in use yet (the caller starts the
     *     robot on it and it counts as in use), otherwise null
     */
    E toStart() {
        if (inUse != null) {
            return null;
        }
        inUse = registered.get(wanted);
        return inUse;
    }

    /** Marks the engine in use as not started (starting it failed). */
    void startFailed() {
        inUse = null;
    }

    boolean running() {
        return inUse != null;
    }

    Set<String> registeredNames() {
        return registered.keySet();
    }

    /** What the robot waits for, naming the engines there are. */
    String waiting(String robot) {
        return "sim '"
                + robot
                + "' waits for physics engine '"
                + wanted
                + "' (configuration property engine); registered engines: "
                + registered.keySet();
    }
}
