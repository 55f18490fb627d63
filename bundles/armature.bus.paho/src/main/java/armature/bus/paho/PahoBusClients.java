package armature.bus.paho;

import armature.bus.api.BusClients;
import armature.bus.api.BusException;
import armature.bus.api.ClientBus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@link BusClients} on Paho: clients of the container's broker (framework properties {@code
 * armature.broker.url}, {@code armature.container.id} and the TLS files the container's own bus
 * uses) that log in with someone else's user name and password. The container's own credentials are
 * never lent out.
 */
@Component(name = "armature.bus.paho.clients", service = BusClients.class)
public final class PahoBusClients implements BusClients {
    private final String brokerUrl;
    private final String containerId;
    private final BusSettings.Tls tls;

    @Activate
    public PahoBusClients(BundleContext context) {
        this.brokerUrl = context.getProperty("armature.broker.url");
        this.containerId = context.getProperty("armature.container.id");
        if (brokerUrl == null || containerId == null) {
            throw new IllegalArgumentException(
                    "framework properties armature.broker.url and armature.container.id are needed"
                            + " to open bus clients");
        }
        BusSettings own =
                PahoBusComponent.login(context, BusSettings.of(brokerUrl, containerId, "x"));
        this.tls = own.tls();
    }

    @Override
    public CompletionStage<ClientBus> open(
            String user, char[] password, String clientName, long timeoutMillis) {
        BusSettings s;
        try {
            s =
                    BusSettings.of(brokerUrl, containerId, clientName)
                            .withCredentials(new BusSettings.Credentials(user, password))
                            .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(2));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (tls != null) {
            s = s.withTls(tls);
        }
        PahoMessageBus bus = new PahoMessageBus(s);
        CompletableFuture<ClientBus> out = new CompletableFuture<>();
        bus.startLogin()
                .toCompletableFuture()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete(
                        (ok, error) -> {
                            if (error == null) {
                                out.complete(bus);
                                return;
                            }
                            String why = bus.lastError();
                            bus.close();
                            Throwable cause =
                                    error instanceof java.util.concurrent.CompletionException c
                                                    && c.getCause() != null
                                            ? c.getCause()
                                            : error;
                            out.completeExceptionally(
                                    cause instanceof BusException
                                            ? cause
                                            : new BusException(
                                                    "cannot reach the broker at "
                                                            + brokerUrl
                                                            + " within "
                                                            + timeoutMillis
                                                            + " ms"
                                                            + (why.isEmpty() ? "" : ": " + why)));
                        });
        return out;
    }
}
