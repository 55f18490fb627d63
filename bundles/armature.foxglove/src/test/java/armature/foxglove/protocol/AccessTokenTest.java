package armature.foxglove.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void isThirtyTwoHexDigitsAndNewEachTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String v = AccessToken.generate(random).value();
            assertThat(v).matches("[0-9a-f]{32}");
            seen.add(v);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void matchesOnlyItself() {
        AccessToken t = AccessToken.generate(random);
        String v = t.value();
        assertThat(t.matches(v)).isTrue();
        assertThat(t.matches(null)).isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.matches(v.substring(1))).isFalse();
        assertThat(t.matches(v + "0")).isFalse();
        char last = v.charAt(31);
        assertThat(t.matches(v.substring(0, 31) + (last == 'a' ? 'b' : 'a'))).isFalse();
        assertThat(t.matches(v.toUpperCase())).isEqualTo(v.equals(v.toUpperCase()));
    }

    @Test
    void neverPrintsItself() {
        AccessToken t = AccessToken.generate(random);
        assertThat(t.toString()).doesNotContain(t.value());
    }
}
