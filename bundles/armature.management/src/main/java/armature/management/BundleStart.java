package armature.management;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Says whether a bundle that was just installed or updated works: it resolves, it starts, and none
 * of its components fails to activate. Returns the reason when it does not, so that the caller can
 * put the previous version back.
 */
final class BundleStart {
    /**
     * How long components may take to bind their references and activate before they count as set:
     * a component still unsatisfied then is reported as it is, not as a failure.
     */
    private static final Duration COMPONENTS_TIMEOUT = Duration.ofSeconds(5);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Duration timeout;

    BundleStart(BundleContext context, ServiceComponentRuntime scr, Duration timeout) {
        this.context = context;
        this.scr = scr;
        this.timeout = timeout;
    }

    /**
     * For a bundle FileInstall installed or updated: waits for FileInstall to start it and gives up
     * early when it cannot resolve.
     *
     * @return null when the bundle is active and its components are; else why not
     */
    String failureOf(Bundle b) {
        long end = System.nanoTime() + timeout.toNanos();
        int round = 0;
        while (b.getState() != Bundle.ACTIVE && System.nanoTime() < end) {
            if (b.getState() == Bundle.UNINSTALLED) {
                return "it was uninstalled while starting";
            }
            if (isFragment(b) && b.getState() == Bundle.RESOLVED) {
                return null;
            }
            // Diagnosis walks every bundle's capabilities: every tenth round is enough.
            if (++round % 10 == 0
                    && b.getState() == Bundle.INSTALLED
                    && !Diagnosis.missingRequirements(b, context).isEmpty()) {
                break;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        if (starting(b)) {
            // FileInstall's thread is inside the activator and holds the bundle's lock.
            return hung(b);
        }
        if (b.getState() != Bundle.ACTIVE) {
            String notStarted = startItself(b);
            if (notStarted != null) {
                return notStarted;
            }
        }
        return componentFailure(b);
    }

    /**
     * For a bundle updated in place: refreshes what still uses its old revision, starts it and
     * checks its components.
     *
     * @return null when the bundle is active and its components are; else why not
     */
    String afterUpdate(Bundle b) {
        String refresh = refreshPending();
        if (refresh != null) {
            return refresh;
        }
        String notStarted = startItself(b);
        return notStarted != null ? notStarted : componentFailure(b);
    }

    private String startItself(Bundle b) {
        if (b.getState() == Bundle.INSTALLED) {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            if (!wiring.resolveBundles(List.of(b))) {
                List<String> missing = Diagnosis.missingRequirements(b, context);
                return "it does not resolve; missing "
                        + (missing.isEmpty() ? "(see the container log)" : missing.toString());
            }
        }
        if (isFragment(b)) {
            return null;
        }
        String notStarted = startWithin(b);
        if (notStarted != null) {
            return notStarted;
        }
        return b.getState() == Bundle.ACTIVE
                ? null
                : "it is " + StatusReport.stateName(b.getState()) + " after starting";
    }

    /**
     * {@code b.start()} on a thread of its own, waited for at most the step timeout: an activator
     * that never returns (or FileInstall's thread stuck in it, holding the bundle's lock) must not
     * take management with it. Such a bundle is left STARTING; its thread waits on.
     *
     * @return null when it started; else why not
     */
    private String startWithin(Bundle b) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                b.start();
                                done.complete(null);
                            } catch (BundleException | IllegalStateException e) {
                                Throwable cause = e.getCause();
                                done.complete(
                                        "it does not start: "
                                                + e.getMessage()
                                                + (cause == null || cause == e
                                                        ? ""
                                                        : " (" + cause + ")"));
                            } catch (RuntimeException | Error e) {
                                done.complete("it does not start: " + e);
                            }
                        },
                        "armature-mgmt-start-" + b.getSymbolicName());
        t.setDaemon(true);
        t.start();
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return hung(b);
        } catch (ExecutionException e) {
            return "it does not start: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting it";
        }
    }

    /** The reason for a bundle whose activator has not returned. */
    String hung(Bundle b) {
        return "its activator did not return within "
                + timeout.toSeconds()
                + " s (the bundle is "
                + StatusReport.stateName(b.getState())
                + "; an activator must return promptly and start long work on a thread of its own)";
    }

    /** Whether a start is under way and has not returned: its activator holds the bundle's lock. */
    static boolean starting(Bundle b) {
        return b.getState() == Bundle.STARTING
                && !org.osgi.framework.Constants.ACTIVATION_LAZY.equals(
                        b.getHeaders().get(org.osgi.framework.Constants.BUNDLE_ACTIVATIONPOLICY));
    }

    private String refreshPending() {
        // Refresh only when an old revision is still wired to someone: a refresh restarts the
        // bundle a second time, and for a driver that means a second hold/rebind cycle.
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Collection<Bundle> pending = wiring.getRemovalPendingBundles();
        if (pending.isEmpty()) {
            return null;
        }
        CompletableFuture<Void> refreshed = new CompletableFuture<>();
        wiring.refreshBundles(
                pending,
                e -> {
                    if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                        refreshed.complete(null);
                    }
                });
        try {
            refreshed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException | ExecutionException e) {
            return "the refresh after the update did not finish: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while refreshing";
        }
    }

    /** Waits for the bundle's components to settle; the first that failed to activate, if any. */
    private String componentFailure(Bundle b) {
        Settle.until(() -> componentsSettled(b), COMPONENTS_TIMEOUT);
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return "component "
                            + d.name
                            + " failed to activate: "
                            + (c.failure == null ? "?" : StatusReport.rootCause(c.failure));
                }
            }
        }
        return null;
    }

    private boolean componentsSettled(Bundle b) {
        var descriptions = scr.getComponentDescriptionDTOs(b);
        if (descriptions.isEmpty() && b.getHeaders().get("Service-Component") != null) {
            return false; // SCR has not read the bundle's components yet
        }
        for (ComponentDescriptionDTO d : descriptions) {
            if (d.defaultEnabled && !scr.isComponentEnabled(d)) {
                return false; // SCR enables components after the bundle started
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                // Anything else is on its way: references being bound, activation running (SCR
                // reports -1 while it activates).
                boolean settled =
                        c.state == ComponentConfigurationDTO.ACTIVE
                                || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                                || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                                || (c.state == ComponentConfigurationDTO.SATISFIED && !d.immediate);
                if (!settled) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }
}
