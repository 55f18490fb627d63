package armature.broker.access;

import armature.control.api.Names;
import armature.control.api.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * One broker login of {@code access.json}.
 *
 * @param name the broker user name (a valid {@link Names name})
 * @param role what it may do ({@link armature.control.api.AccessPolicy})
 * @param password the hashed password
 * @param created when it was created
 */
public record Credential(String name, Role role, PasswordHash password, Instant created) {
    public Credential {
        Names.require(name, "credential name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(created, "created");
    }
}
