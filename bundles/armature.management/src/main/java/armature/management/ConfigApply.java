package armature.management;

import java.io.IOException;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Puts a configuration in force through ConfigurationAdmin and waits until the components that use
 * it have taken it (activated anew, refused it, or had it passed to their modified method); undoes
 * it the same way. Declarative Services applies configurations asynchronously and publishes no
 * component events, so the components' DTOs are read until they show the new values.
 */
final class ConfigApply implements ConfigurationListener {
    /**
     * ConfigurationAdmin delivers events on one thread and SCR (re)activates components inside that
     * delivery, so an event waits for every activation queued before it: a control loop that loads
     * a robot description can take seconds on a busy machine.
     */
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    /** Time components get to take a configuration: activation may load a robot description. */
    private static final Duration REACT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A configuration nothing uses: updating it and waiting for its event is a barrier, because
     * ConfigurationAdmin delivers events one after the other on one thread, and SCR reconfigures
     * (and tries to activate) a component inside its delivery of the event.
     */
    static final String BARRIER_PID = "armature.management.barrier";

    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configAdmin;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private long barrierRound;

    /** One component configuration that uses a PID, as SCR shows it now. */
    record Consumer(
            String name,
            long id,
            String state,
            String failure,
            List<Map<String, Object>> unsatisfiedReferences) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("id", id);
            m.put("state", state);
            if (failure != null) {
                m.put("failure", failure);
            }
            if (!unsatisfiedReferences.isEmpty()) {
                m.put("unsatisfiedReferences", unsatisfiedReferences);
            }
            return m;
        }
    }

    /**
     * @param settled false when the components did not show the configuration within the time
     * @param consumers the components using the PID afterwards
     */
    record Applied(boolean settled, List<Consumer> consumers) {
        List<Consumer> failed() {
            return consumers.stream().filter(c -> c.state.equals("FAILED_ACTIVATION")).toList();
        }
    }

    ConfigApply(ServiceComponentRuntime scr, ConfigurationAdmin configAdmin) {
        this.scr = scr;
        this.configAdmin = configAdmin;
    }

    /**
     * Updates {@code config} (or deletes it when {@code properties} is null) and waits until every
     * component using {@code pid} shows {@code expected} (a value of null: the key is absent).
     */
    Applied apply(
            Configuration config,
            String pid,
            Dictionary<String, Object> properties,
            Map<String, Object> expected) {
        awaitEvent(
                pid,
                () -> {
                    if (properties == null) {
                        config.delete();
                    } else {
                        config.update(properties);
                    }
                });
        // SCR shows the new properties on the old, still active component for a moment before it
        // deactivates it: only after the barrier is what the DTOs say the outcome.
        awaitEvent(
                BARRIER_PID,
                () -> {
                    Dictionary<String, Object> round = new Hashtable<>();
                    round.put("round", ++barrierRound);
                    configAdmin.getConfiguration(BARRIER_PID, "?").update(round);
                });
        boolean settled =
                Settle.until(() -> taken(pid, expected, properties == null), REACT_TIMEOUT);
        return new Applied(settled, consumers(pid));
    }

    private interface ConfigChange {
        void run() throws IOException;
    }

    private void awaitEvent(String pid, ConfigChange change) {
        CompletableFuture<Void> event = new CompletableFuture<>();
        waiting.put(pid, event);
        try {
            change.run();
            event.get(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException e) {
            throw new MgmtException("cannot update configuration '" + pid + "': " + e.getMessage());
        } catch (TimeoutException e) {
            throw new MgmtException(
                    "configuration '"
                            + pid
                            + "' was updated but ConfigurationAdmin did not confirm it within "
                            + EVENT_TIMEOUT.toSeconds()
                            + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MgmtException("interrupted while applying configuration '" + pid + "'");
        } finally {
            waiting.remove(pid);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        int type = event.getType();
        if (type == ConfigurationEvent.CM_UPDATED || type == ConfigurationEvent.CM_DELETED) {
            CompletableFuture<Void> f = waiting.get(event.getPid());
            if (f != null) {
                f.complete(null);
            }
        }
    }

    /** The component configurations that use {@code pid} now. */
    List<Consumer> consumers(String pid) {
        List<Consumer> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : descriptions(pid)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (pid.equals(c.properties.get("service.pid"))) {
                    out.add(
                            new Consumer(
                                    d.name,
                                    c.id,
                                    StatusReport.componentState(c.state),
                                    c.failure == null ? null : StatusReport.rootCause(c.failure),
                                    StatusReport.unsatisfiedReferences(d, c)));
                }
            }
        }
        return out;
    }

    /**
     * Whether every component that can use {@code pid} shows the expected values and has left the
     * states it passes through on the way (SATISFIED is settled only for delayed components).
     */
    private boolean taken(String pid, Map<String, Object> expected, boolean deleted) {
        for (ComponentDescriptionDTO d : descriptions(pid)) {
            List<ComponentConfigurationDTO> mine = new ArrayList<>();
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (pid.equals(c.properties.get("service.pid"))) {
                    mine.add(c);
                }
            }
            if (deleted) {
                if (!mine.isEmpty()) {
                    return false;
                }
                continue;
            }
            if (!scr.isComponentEnabled(d)) {
                continue;
            }
            boolean shows =
                    mine.stream()
                            .anyMatch(
                                    c ->
                                            showsValues(c, d, expected)
                                                    && settled(c.state, d.immediate));
            if (!shows) {
                return false;
            }
        }
        return true;
    }

    private static boolean settled(int state, boolean immediate) {
        return switch (state) {
            case ComponentConfigurationDTO.ACTIVE,
                            ComponentConfigurationDTO.FAILED_ACTIVATION,
                            ComponentConfigurationDTO.UNSATISFIED_REFERENCE ->
                    true;
            case ComponentConfigurationDTO.SATISFIED -> !immediate;
            default -> false;
        };
    }

    private static boolean showsValues(
            ComponentConfigurationDTO c, ComponentDescriptionDTO d, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            // A key the configuration does not hold shows the component's default, if any.
            Object want = e.getValue() != null ? e.getValue() : d.properties.get(e.getKey());
            if (!sameValue(c.properties.get(e.getKey()), want)) {
                return false;
            }
        }
        return true;
    }

    /** Equality that looks into arrays and treats a primitive array like its boxed twin. */
    static boolean sameValue(Object a, Object b) {
        // DTOs carry collections as arrays.
        a = a instanceof java.util.Collection<?> c ? c.toArray() : a;
        b = b instanceof java.util.Collection<?> c ? c.toArray() : b;
        if (a != null && b != null && a.getClass().isArray() && b.getClass().isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!Objects.equals(Array.get(a, i), Array.get(b, i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Components whose configuration PID is {@code pid} or, for {@code F~NAME}, {@code F}. */
    private List<ComponentDescriptionDTO> descriptions(String pid) {
        int tilde = pid.indexOf('~');
        String configurationPid = tilde > 0 ? pid.substring(0, tilde) : pid;
        List<ComponentDescriptionDTO> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!"ignore".equals(d.configurationPolicy)
                    && List.of(d.configurationPid).contains(configurationPid)) {
                out.add(d);
            }
        }
        return out;
    }

    /** A copy without what ConfigurationAdmin sets itself. */
    static Hashtable<String, Object> withoutAdminKeys(Dictionary<String, Object> d) {
        Hashtable<String, Object> out = new Hashtable<>();
        if (d != null) {
            for (String k : java.util.Collections.list(d.keys())) {
                if (!k.equals("service.pid")
                        && !k.equals("service.factoryPid")
                        && !k.equals("service.bundleLocation")) {
                    out.put(k, d.get(k));
                }
            }
        }
        return out;
    }
}
