package armature.broker.access;

import java.security.SecureRandom;
import java.util.Base64;

/** Generated passwords: 256 random bits, base64url without padding (43 characters). */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** A new secret. */
    public static char[] generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
