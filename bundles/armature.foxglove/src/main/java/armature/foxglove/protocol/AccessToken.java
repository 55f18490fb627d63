package armature.foxglove.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The endpoint's credential: 128 random bits, new at every start, carried in the URL's query
 * because browsers' WebSocket clients (Foxglove's among them) cannot send headers.
 */
public final class AccessToken {
    private static final int BYTES = 16;

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /** A fresh token: 32 lower-case hex digits. */
    public static AccessToken generate(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return new AccessToken(HexFormat.of().formatHex(b));
    }

    /** The token as it goes into the URL. */
    public String value() {
        return value;
    }

    /**
     * Whether {@code candidate} is this token, in time that does not depend on where they differ
     * (MessageDigest.isEqual), so the token cannot be found digit by digit.
     */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken t && matches(t.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    /** Never the token itself: this lands in logs. */
    @Override
    public String toString() {
        return "AccessToken[128 bits]";
    }
}
