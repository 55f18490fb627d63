package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import armature.bus.api.BusException;
import armature.bus.api.ConnectionState;
import armature.bus.api.MessageBus;
import armature.control.api.ManagementOperation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A management request whose answer never comes because the session's own bus closed under it (the
 * dashboard restarting itself) is not reported as the broker's refusal.
 */
class ManagementFailureTest {

    /** A bus in {@code state} whose every request fails with {@code why}, as Paho's bus does. */
    private static MessageBus failing(ConnectionState state, String why) {
        return (MessageBus)
                Proxy.newProxyInstance(
                        MessageBus.class.getClassLoader(),
                        new Class<?>[] {MessageBus.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "containerId" -> "local";
                                    case "state" -> state;
                                    case "request" ->
                                            CompletableFuture.failedFuture(new BusException(why));
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }

    private static ApiError request(MessageBus bus) {
        return catchThrowableOfType(
                () ->
                        Management.request(
                                bus,
                                ManagementOperation.CONFIG_SET,
                                Map.of("pid", "armature.dashboard"),
                                Duration.ofSeconds(1)),
                ApiError.class);
    }

    @Test
    void aBusClosedUnderTheRequestSaysTheDashboardRestartedAndTheChangeMayHaveBeenMade() {
        ApiError e = request(failing(ConnectionState.CLOSED, "bus closed"));
        assertThat(e.status).isEqualTo(503);
        assertThat(e.getMessage())
                .startsWith("the dashboard closed this session's connection while 'config/set' ran")
                .contains("restarted")
                .contains("may have taken effect")
                .doesNotContain("refused");
    }

    /** A refused publish costs the client its connection too: that is still a refusal (403). */
    @Test
    void aRefusalIsForbiddenWhetherOrNotTheConnectionSurvivedIt() {
        for (ConnectionState s :
                new ConnectionState[] {ConnectionState.CONNECTED, ConnectionState.RECONNECTING}) {
            ApiError e = request(failing(s, "not authorized"));
            assertThat(e.status).as(s.name()).isEqualTo(403);
            assertThat(e.getMessage())
                    .isEqualTo("the broker refused 'config/set' for this user: not authorized");
        }
    }
}
