package armature.itest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/** Component states as SCR reports them (DTOs), and waiting on conditions with a timeout. */
final class Scr {
    private Scr() {}

    /** Every configuration of the component named {@code name}; empty when it has none. */
    static List<ComponentConfigurationDTO> configurations(
            ServiceComponentRuntime scr, String name) {
        return scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals(name))
                .findFirst()
                .map(d -> List.copyOf(scr.getComponentConfigurationDTOs(d)))
                .orElse(List.of());
    }

    /** Waits until some configuration of {@code name} satisfies {@code p}, and returns it. */
    static ComponentConfigurationDTO await(
            ServiceComponentRuntime scr,
            String name,
            Predicate<ComponentConfigurationDTO> p,
            Duration timeout,
            String what) {
        ComponentConfigurationDTO[] found = new ComponentConfigurationDTO[1];
        await(
                () -> {
                    for (ComponentConfigurationDTO c : configurations(scr, name)) {
                        if (p.test(c)) {
                            found[0] = c;
                            return true;
                        }
                    }
                    return false;
                },
                timeout,
                what + " (" + name + " configurations: " + describe(scr, name) + ")");
        return found[0];
    }

    static String describe(ServiceComponentRuntime scr, String name) {
        StringBuilder sb = new StringBuilder("[");
        for (ComponentConfigurationDTO c : configurations(scr, name)) {
            sb.append(" state=")
                    .append(c.state)
                    .append(" pid=")
                    .append(c.properties.get("service.pid"));
            if (c.failure != null) {
                sb.append(" failure=").append(c.failure.lines().findFirst().orElse(""));
            }
        }
        return sb.append(" ]").toString();
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
