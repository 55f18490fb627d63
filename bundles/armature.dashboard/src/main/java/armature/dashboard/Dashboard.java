package armature.dashboard;

import armature.bus.api.BusClients;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The dashboard's shared state: the sessions, the logins through {@link BusClients}, and the
 * scheduler that flushes thinned live streams and closes idle sessions. The servlets reference it.
 */
@Component(name = "armature.dashboard", service = Dashboard.class)
@Designate(ocd = Dashboard.Config.class)
public final class Dashboard {
    private static final System.Logger LOG = System.getLogger(Dashboard.class.getName());

    @ObjectClassDefinition(name = "Armature dashboard")
    public @interface Config {
        @AttributeDefinition(name = "Idle session lifetime [min]", min = "1", max = "1440")
        int sessionIdleMinutes() default 30;

        @AttributeDefinition(
                name = "Live messages per stream and page [1/s]",
                min = "1",
                max = "1000")
        int liveMaxRateHz() default 60;

        @AttributeDefinition(
                name = "Login and bus request time-out [ms]",
                min = "500",
                max = "60000")
        long requestTimeoutMillis() default 10000;
    }

    private final Sessions sessions;
    private final Logins logins;
    private final ScheduledExecutorService scheduler;
    private final long thinIntervalNanos;
    private final Duration timeout;
    private final java.util.List<Runnable> pageWarmers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public Dashboard(@Reference BusClients clients, Config config) {
        if (config.sessionIdleMinutes() < 1) {
            throw new IllegalArgumentException(
                    "sessionIdleMinutes must be at least 1, was " + config.sessionIdleMinutes());
        }
        if (config.liveMaxRateHz() < 1 || config.liveMaxRateHz() > 1000) {
            throw new IllegalArgumentException(
                    "liveMaxRateHz must be 1..1000, was " + config.liveMaxRateHz());
        }
        this.timeout = Duration.ofMillis(Math.max(500, config.requestTimeoutMillis()));
        this.sessions =
                new Sessions(
                        System::nanoTime, TimeUnit.MINUTES.toNanos(config.sessionIdleMinutes()));
        this.logins = new Logins(clients, sessions, timeout, new LoginThrottle(System::nanoTime));
        this.thinIntervalNanos = 1_000_000_000L / config.liveMaxRateHz();
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "armature-dashboard");
                            t.setDaemon(true);
                            return t;
                        });
        scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    private void sweep() {
        for (String user : sessions.sweep()) {
            LOG.log(Level.INFO, "dashboard session of '" + user + "' closed after being idle");
        }
    }

    /**
     * Work a page will soon need, done while its user is still at the login form (the 3D scene
     * document): {@code warmer} runs, on the caller's terms, each time a page asks for its session.
     * It must return at once (hand the work to its own thread).
     */
    public void whenPageOpens(Runnable warmer) {
        pageWarmers.add(warmer);
    }

    /** Undoes {@link #whenPageOpens}. */
    public void forgetPageWarmer(Runnable warmer) {
        pageWarmers.remove(warmer);
    }

    /** A page asked for its session (logged in or not): it is about to need its documents. */
    void pageOpened() {
        for (Runnable r : pageWarmers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "dashboard page warmer failed: " + e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        sessions.closeAll();
        scheduler.shutdownNow();
    }

    Sessions sessions() {
        return sessions;
    }

    Logins logins() {
        return logins;
    }

    Duration timeout() {
        return timeout;
    }

    /** The live feed of a session, made on first use. */
    LiveFeed feed(DashSession s) {
        return s.feed(x -> new LiveFeed(x, scheduler, thinIntervalNanos));
    }

    /**
     * The user of the request's session cookie, for servlets outside this package (the 3D scene,
     * {@code armature.dashboard.scene}) that serve only logged-in pages.
     *
     * @return the user, or empty without a live session
     */
    public java.util.Optional<String> sessionUser(jakarta.servlet.http.HttpServletRequest req) {
        DashSession s = sessions.find(ApiServlet.sessionToken(req));
        return s == null ? java.util.Optional.empty() : java.util.Optional.of(s.user);
    }
}
