package armature.launcher;

import armature.bus.paho.BusSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What the launcher checks on an external broker before the framework starts: that no container
 * with this id is online there, and whether the broker lets anonymous clients in.
 */
final class ExternalBrokerChecks {
    private static final Logger LOG = Logger.getLogger(ExternalBrokerChecks.class.getName());

    private ExternalBrokerChecks() {}

    /**
     * A second container with this id would fight the first for its topics and client ids: reads
     * the retained {@code state} and refuses when it says online. A broker that is not reachable
     * yet is not an error (the bus keeps trying); a broker that refuses the login is.
     *
     * @param own the container's own login on that broker
     * @throws AlreadyOnline when the retained state says online
     * @throws IllegalStateException when the broker refuses the login
     */
    static void refuseIfOnline(BusSettings own) {
        String id = own.containerId();
        String url = own.brokerUrl();
        String user = own.user();
        if (user != null && !user.equals(id)) {
            LOG.warning(
                    "logging in to "
                            + url
                            + " as '"
                            + user
                            + "', not as the container id '"
                            + id
                            + "': the ACL of docs/security.md lets a container write only under"
                            + " its own user name");
        }
        try (BrokerProbe probe = BrokerProbe.connect(own, "startcheck", Duration.ofSeconds(5))) {
            switch (probe.admission()) {
                case UNREACHABLE -> {
                    LOG.warning(
                            "broker "
                                    + url
                                    + " is not reachable yet ("
                                    + probe.detail()
                                    + "); starting anyway, cannot check that no other container '"
                                    + id
                                    + "' is online there");
                    return;
                }
                case REFUSED ->
                        throw new IllegalStateException(
                                "broker "
                                        + url
                                        + " refused the login"
                                        + (user == null
                                                ? " without a user name (give --broker-user and"
                                                        + " --broker-password-file)"
                                                : " of '" + user + "'")
                                        + ": "
                                        + probe.detail());
                case ADMITTED -> {}
            }
            Optional<JsonNode> state = probe.retainedState(id, Duration.ofMillis(500));
            if (state.isPresent() && "online".equals(state.get().path("state").asText())) {
                throw new AlreadyOnline(
                        "container '"
                                + id
                                + "' is already online on "
                                + url
                                + " (its retained state says online since "
                                + state.get().path("startedAt").asText("?")
                                + "); stop it or choose another --id (a container that died"
                                + " goes offline within 15 s, when the broker gives up on it)");
            }
        } catch (MqttException | IOException e) {
            LOG.warning("cannot read the retained state of '" + id + "': " + e);
        }
    }

    /**
     * An external broker that lets anyone in protects nothing: tries one connection without a user
     * name in the background and logs one warning when it is admitted.
     *
     * @param own the container's settings (URL and TLS material are used, the login is not)
     */
    static void warnIfAnonymousAdmitted(BusSettings own) {
        BusSettings anonymous = own.withCredentials(null);
        String url = own.brokerUrl();
        Thread t =
                new Thread(
                        () -> {
                            try (BrokerProbe probe =
                                    BrokerProbe.connect(
                                            anonymous, "anoncheck", Duration.ofSeconds(5))) {
                                if (probe.admission() == BrokerProbe.Admission.ADMITTED) {
                                    LOG.warning(
                                            "broker "
                                                    + url
                                                    + " admits clients without a user name:"
                                                    + " anyone who reaches it can command this"
                                                    + " robot; configure it as docs/security.md"
                                                    + " shows");
                                }
                            } catch (RuntimeException e) {
                                LOG.fine("anonymous check of " + url + " failed: " + e);
                            }
                        },
                        "armature-anonymous-check");
        t.setDaemon(true);
        t.start();
    }

    /** A container with this id is online on the external broker. */
    static final class AlreadyOnline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyOnline(String message) {
            super(message);
        }
    }
}
