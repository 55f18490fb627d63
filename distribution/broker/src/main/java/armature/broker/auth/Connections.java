package armature.broker.auth;

import armature.control.api.Role;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import java.util.Optional;

/** Finds the session of a connection the authorizers and the delivery filter are asked about. */
final class Connections {
    private Connections() {}

    /**
     * The session of the input's client; {@code null} when the connection never logged in through
     * {@link LoginAuthenticator} (which cannot happen while the extension runs).
     */
    static UserDirectory.Session session(UserDirectory users, ClientBasedInput input) {
        // A client id belongs to one user at a time (UserDirectory.claim), so the registry
        // answers for every live connection of it without decoding the connection's attributes.
        UserDirectory.Session s = users.session(input.getClientInformation().getClientId());
        if (s != null) {
            return s;
        }
        Identity fromConnection = identity(input);
        return fromConnection == null
                ? null
                : new UserDirectory.Session(fromConnection, -1, new DecisionCache());
    }

    /** What the connection logged in as, from its attributes. */
    static Identity identity(ClientBasedInput input) {
        ConnectionAttributeStore a = input.getConnectionInformation().getConnectionAttributeStore();
        Optional<String> user = a.getAsString(LoginAuthenticator.USER_ATTRIBUTE);
        Optional<String> role = a.getAsString(LoginAuthenticator.ROLE_ATTRIBUTE);
        if (user.isEmpty() || role.isEmpty()) {
            return null;
        }
        return new Identity(user.get(), Role.parse(role.get()));
    }

    /** The session serial recorded at login, or -1. */
    static long serial(ClientBasedInput input) {
        return input.getConnectionInformation()
                .getConnectionAttributeStore()
                .getAsString(LoginAuthenticator.SERIAL_ATTRIBUTE)
                .map(Long::parseLong)
                .orElse(-1L);
    }
}
