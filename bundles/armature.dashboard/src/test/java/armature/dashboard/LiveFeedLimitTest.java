package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ClientBus;
import armature.bus.api.Subscription;
import armature.control.api.Role;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One login session's live sockets are capped: a ninth page is closed with the reason. */
class LiveFeedLimitTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A bus that takes every subscription and never delivers. */
    private static ClientBus quietBus() {
        return (ClientBus)
                Proxy.newProxyInstance(
                        ClientBus.class.getClassLoader(),
                        new Class<?>[] {ClientBus.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "containerId" -> "c1";
                                    case "subscribe" ->
                                            CompletableFuture.completedFuture(
                                                    (Subscription)
                                                            Proxy.newProxyInstance(
                                                                    Subscription.class
                                                                            .getClassLoader(),
                                                                    new Class<?>[] {
                                                                        Subscription.class
                                                                    },
                                                                    (p, m, a) ->
                                                                            m.getName()
                                                                                            .equals(
                                                                                                    "cancel")
                                                                                    ? CompletableFuture
                                                                                            .completedFuture(
                                                                                                    null)
                                                                                    : null));
                                    case "hashCode" -> System.identityHashCode(proxy);
                                    case "equals" -> proxy == args[0];
                                    default -> null;
                                });
    }

    /** A page's socket: open, and what it was closed with, if it was. */
    private static final class Page {
        String closed;
        final List<String> texts = new ArrayList<>();

        Session session() {
            return (Session)
                    Proxy.newProxyInstance(
                            Session.class.getClassLoader(),
                            new Class<?>[] {Session.class},
                            (proxy, method, args) ->
                                    switch (method.getName()) {
                                        case "isOpen" -> closed == null;
                                        case "close" -> {
                                            if (args != null && args.length == 3) {
                                                closed = args[0] + " " + args[1];
                                            }
                                            yield null;
                                        }
                                        case "sendText" -> {
                                            texts.add((String) args[0]);
                                            yield null;
                                        }
                                        case "hashCode" -> System.identityHashCode(proxy);
                                        case "equals" -> proxy == args[0];
                                        default -> null;
                                    });
        }
    }

    @Test
    void aSessionHoldsAtMostEightLiveSockets() {
        DashSession session = new DashSession("t", "obs1", Role.OBSERVER, quietBus(), 0);
        LiveFeed feed = new LiveFeed(session, scheduler, 1_000_000L);
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < LiveFeed.MAX_SOCKETS_PER_SESSION + 1; i++) {
            Page p = new Page();
            feed.newSocket().onWebSocketOpen(p.session());
            pages.add(p);
        }
        for (Page p : pages.subList(0, LiveFeed.MAX_SOCKETS_PER_SESSION)) {
            assertThat(p.closed).isNull();
            assertThat(p.texts.get(0)).contains("\"type\":\"hello\"");
        }
        Page ninth = pages.get(LiveFeed.MAX_SOCKETS_PER_SESSION);
        assertThat(ninth.closed)
                .isEqualTo(
                        "1008 at most 8 live pages per login session; close one or log in again");
        assertThat(ninth.texts).isEmpty();
    }
}
