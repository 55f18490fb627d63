package armature.broker.auth;

import armature.broker.auth.Refusals.Reason;
import armature.control.api.Role;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Lets a client in only with a known user name and its password ({@link UserDirectory}); records
 * who it is on the connection for the authorizers. A client id held by another user's live session
 * cannot be taken over (MQTT would otherwise let any user knock the container's own clients off).
 */
final class LoginAuthenticator implements SimpleAuthenticator {
    /** Connection attributes read by {@link Connections#identity}. */
    static final String USER_ATTRIBUTE = "armature.user";

    static final String ROLE_ATTRIBUTE = "armature.role";
    static final String SERIAL_ATTRIBUTE = "armature.session";

    private final UserDirectory users;
    private final Refusals refusals;

    LoginAuthenticator(UserDirectory users, Refusals refusals) {
        this.users = users;
        this.refusals = refusals;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String clientId = input.getClientInformation().getClientId();
        Optional<String> user = connect.getUserName();
        if (user.isEmpty() || user.get().isEmpty()) {
            refusals.refused(Reason.CONNECT, null, "client '" + clientId + "' gave no user name");
            output.failAuthentication(
                    ConnackReasonCode.NOT_AUTHORIZED,
                    "this broker needs a user name and password (see docs/security.md)");
            return;
        }
        String name = user.get();
        byte[] password = bytes(connect.getPassword());
        Optional<Role> role;
        try {
            role = users.authenticate(name, password);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        if (role.isEmpty()) {
            refusals.refused(
                    Reason.CONNECT,
                    name,
                    "client '" + clientId + "': unknown user name or wrong password");
            output.failAuthentication(
                    ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown user or wrong password");
            return;
        }
        Identity id = new Identity(name, role.get());
        Optional<String> owner = users.namedAfter(clientId);
        // (armature-* ids are not reserved: Java devices log in through the bus client, whose
        // ids begin so, as do the dashboard's sessions of any user)
        String reserved =
                owner.isPresent() && !owner.get().equals(name)
                        ? "is named after user '" + owner.get() + "' and is theirs"
                        : null;
        if (reserved != null) {
            refusals.refused(Reason.CONNECT, name, "client id '" + clientId + "' " + reserved);
            output.failAuthentication(
                    ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id '" + clientId + "' " + reserved);
            return;
        }
        Optional<UserDirectory.Session> session = users.claim(clientId, id);
        if (session.isEmpty()) {
            refusals.refused(
                    Reason.CONNECT,
                    name,
                    "client id '" + clientId + "' is in use by another user's session");
            output.failAuthentication(
                    ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id in use by another user");
            return;
        }
        UserDirectory.Session s = session.get();
        ConnectionAttributeStore attributes =
                input.getConnectionInformation().getConnectionAttributeStore();
        attributes.putAsString(USER_ATTRIBUTE, id.user());
        attributes.putAsString(ROLE_ATTRIBUTE, id.role().wireName());
        attributes.putAsString(SERIAL_ATTRIBUTE, Long.toString(s.serial()));
        output.authenticateSuccessfully();
    }

    private static byte[] bytes(Optional<ByteBuffer> password) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        ByteBuffer b = password.get().asReadOnlyBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
