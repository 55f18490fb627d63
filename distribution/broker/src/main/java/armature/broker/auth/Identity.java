package armature.broker.auth;

import armature.control.api.Role;
import java.util.Objects;

/**
 * Who an authenticated connection is.
 *
 * @param user the broker user name
 * @param role its role
 */
public record Identity(String user, Role role) {
    public Identity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }
}
