package armature.broker.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void theRightPasswordMatchesAndAnyOtherDoesNot() {
        char[] secret = Secrets.generate();
        PasswordHash h = PasswordHash.of(secret);
        assertThat(h.matches(secret)).isTrue();
        char[] other = secret.clone();
        other[0] = other[0] == 'A' ? 'B' : 'A';
        assertThat(h.matches(other)).isFalse();
        assertThat(h.matches(new char[0])).isFalse();
    }

    @Test
    void eachHashHasItsOwnSaltSoEqualPasswordsHashDifferently() {
        char[] secret = "correct horse battery staple".toCharArray();
        PasswordHash a = PasswordHash.of(secret);
        PasswordHash b = PasswordHash.of(secret);
        assertThat(a.salt()).isNotEqualTo(b.salt());
        assertThat(a.hash()).isNotEqualTo(b.hash());
        assertThat(a.matches(secret)).isTrue();
        assertThat(b.matches(secret)).isTrue();
        assertThat(a.algorithm()).isEqualTo("PBKDF2WithHmacSHA256");
        assertThat(a.iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
    }

    @Test
    void theCheckUsesTheStoredSaltAndIterationCount() {
        // A hash written by any PBKDF2-HMAC-SHA256 implementation with other parameters (a
        // raised iteration count, say) must still verify.
        byte[] salt = "saltsalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        PasswordHash stored = new PasswordHash(PasswordHash.ALGORITHM, 1000, salt, jca(1000));
        assertThat(stored.matches("passwd".toCharArray())).isTrue();
        PasswordHash otherCount = new PasswordHash(PasswordHash.ALGORITHM, 1000, salt, jca(2000));
        assertThat(otherCount.matches("passwd".toCharArray())).isFalse();
    }

    private static byte[] jca(int iterations) {
        try {
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(
                            new javax.crypto.spec.PBEKeySpec(
                                    "passwd".toCharArray(),
                                    "saltsalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                    iterations,
                                    256))
                    .getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void storedParametersOutsideTheAllowedRangesAreRefusedByName() {
        assertThatThrownBy(() -> new PasswordHash("MD5", 10_000, new byte[16], new byte[32]))
                .hasMessageContaining("algorithm 'MD5' is unknown");
        assertThatThrownBy(
                        () ->
                                new PasswordHash(
                                        PasswordHash.ALGORITHM, 10, new byte[16], new byte[32]))
                .hasMessageContaining("iterations must be 1000..10000000, was 10");
        assertThatThrownBy(
                        () ->
                                new PasswordHash(
                                        PasswordHash.ALGORITHM, 10_000, new byte[16], new byte[3]))
                .hasMessageContaining("32-byte hash");
    }

    @Test
    void generatedSecretsCarry256BitsAndDoNotRepeat() {
        char[] a = Secrets.generate();
        char[] b = Secrets.generate();
        assertThat(a).hasSize(43);
        assertThat(new String(a)).matches("[A-Za-z0-9_-]{43}");
        assertThat(a).isNotEqualTo(b);
    }
}
