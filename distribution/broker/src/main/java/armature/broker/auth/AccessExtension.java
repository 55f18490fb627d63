package armature.broker.auth;

import armature.broker.access.CredentialStore;
import armature.control.api.Role;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker's access control, as a HiveMQ embedded extension: {@link LoginAuthenticator},
 * {@link TopicAuthorizer}, {@link DeliveryFilter} on every client, and a timer that re-reads the
 * credential store (a removed credential's sessions are disconnected within {@value #POLL_MILLIS}
 * ms) and writes the held-back refusal counts to the log.
 */
public final class AccessExtension implements ExtensionMain {
    private static final System.Logger LOG = System.getLogger(AccessExtension.class.getName());

    /** How often the credential store is checked for changes. */
    static final long POLL_MILLIS = 250;

    /** One log line per user and reason per this many milliseconds. */
    static final long LOG_INTERVAL_MILLIS = 10_000;

    private final UserDirectory users;
    private final Refusals refusals;
    private ScheduledExecutorService timer;

    /**
     * @param containerId the container's own user name
     * @param containerSecret its per-start password (held in memory only)
     * @param store every other user
     */
    public AccessExtension(String containerId, char[] containerSecret, CredentialStore store) {
        this.refusals = new Refusals(System::nanoTime, LOG_INTERVAL_MILLIS);
        this.users =
                new UserDirectory(containerId, containerSecret, store, AccessExtension::disconnect);
    }

    /** This extension for {@code EmbeddedHiveMQ.builder().withEmbeddedExtension(...)}. */
    public EmbeddedExtension embedded() {
        return EmbeddedExtension.builder()
                .withId("armature-access")
                .withName("Armature access control")
                .withVersion("1")
                .withAuthor("Armature")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(this)
                .build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        LoginAuthenticator authenticator = new LoginAuthenticator(users, refusals);
        TopicAuthorizer authorizer = new TopicAuthorizer(users, refusals);
        DeliveryFilter filter = new DeliveryFilter(users, refusals);
        ContainerPublishGuard guard = new ContainerPublishGuard(users, refusals);
        Services.securityRegistry().setAuthenticatorProvider(in -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(in -> authorizer);
        Services.initializerRegistry()
                .setClientInitializer(
                        (in, client) -> {
                            client.addPublishOutboundInterceptor(filter);
                            Identity id = Connections.identity(in);
                            if (id == null || id.role() == Role.CONTAINER) {
                                client.addPublishInboundInterceptor(guard);
                            }
                        });
        Services.eventRegistry().setClientLifecycleEventListener(in -> new SessionEnds());
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "armature-broker-access");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(
                () -> guarded("re-reading the credential store", users::refresh),
                POLL_MILLIS,
                POLL_MILLIS,
                TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(
                () -> guarded("logging refusals", refusals::flush),
                LOG_INTERVAL_MILLIS,
                LOG_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * What the broker refused and who is logged in: {@code accessControl}, {@code credentials},
     * {@code sessions}, {@code refused} (per reason) and {@code refusedByUser}.
     */
    public Map<String, Object> statistics() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessControl", true);
        out.put("credentials", users.credentialCount());
        out.put("sessions", users.sessionCount());
        out.putAll(refusals.snapshot());
        return out;
    }

    private static void disconnect(String clientId) {
        Services.clientService()
                .disconnectClient(
                        clientId,
                        true,
                        DisconnectReasonCode.NOT_AUTHORIZED,
                        "credential removed or replaced");
    }

    private static void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // The timer must keep running: a failed round is retried at the next one.
            LOG.log(Level.WARNING, "broker access control: " + what + " failed: " + e, e);
        }
    }

    private final class SessionEnds implements ClientLifecycleEventListener {
        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {}

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            users.sessionEnded(
                    input.getClientInformation().getClientId(), Connections.serial(input));
        }
    }
}
