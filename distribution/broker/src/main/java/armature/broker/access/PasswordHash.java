package armature.broker.access;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2-HMAC-SHA256 password hash with its salt and iteration count, as stored in {@code
 * access.json}.
 *
 * <p>The passwords Armature stores are generated 256-bit secrets ({@link Secrets}), so the hash
 * only has to keep a leaked file from being a login; brute force is out of reach whatever the
 * iteration count. {@link #DEFAULT_ITERATIONS} is therefore modest (a login costs a few
 * milliseconds of broker CPU); the count is stored per entry so it can be raised later without
 * invalidating existing credentials.
 *
 * @param algorithm the JCA name, {@value #ALGORITHM}
 * @param iterations PBKDF2 iterations
 * @param salt random salt, 16 bytes
 * @param hash derived key, 32 bytes
 */
public record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {
    /** The only algorithm written and accepted. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    /** Iterations of new hashes. */
    public static final int DEFAULT_ITERATIONS = 10_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHash {
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException(
                    "password hash algorithm '"
                            + algorithm
                            + "' is unknown; allowed: "
                            + ALGORITHM);
        }
        if (iterations < 1_000 || iterations > 10_000_000) {
            throw new IllegalArgumentException(
                    "password hash iterations must be 1000..10000000, was " + iterations);
        }
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (salt.length < 8 || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException(
                    "password hash needs a salt of at least 8 bytes and a 32-byte hash, got "
                            + salt.length
                            + " and "
                            + hash.length);
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Hashes {@code password} with a fresh salt and {@link #DEFAULT_ITERATIONS}. */
    public static PasswordHash of(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(
                ALGORITHM, DEFAULT_ITERATIONS, salt, derive(password, salt, DEFAULT_ITERATIONS));
    }

    /** Whether {@code password} produces this hash; compares in constant time. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p
                && p.algorithm.equals(algorithm)
                && p.iterations == iterations
                && Arrays.equals(p.salt, salt)
                && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + algorithm + ", " + iterations + " iterations]";
    }
}
