package armature.bus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void singleLevelWildcardMatchesExactlyOneLevel() {
        assertThat(Topics.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(Topics.matches("a/+/c", "a/b/x/c")).isFalse();
        assertThat(Topics.matches("a/+", "a/")).isTrue();
    }

    @Test
    void multiLevelWildcardMatchesParentAndChildren() {
        assertThat(Topics.matches("a/#", "a")).isTrue();
        assertThat(Topics.matches("a/#", "a/b/c")).isTrue();
        assertThat(Topics.matches("#", "x/y")).isTrue();
        assertThat(Topics.matches("a/#", "b/c")).isFalse();
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        assertThat(Topics.matches("#", "$SYS/broker")).isFalse();
        assertThat(Topics.matches("$SYS/#", "$SYS/broker")).isTrue();
    }

    @Test
    void invalidFiltersAreNamed() {
        assertThatThrownBy(() -> Topics.requireValidFilter("a/#/b"))
                .hasMessageContaining("a/#/b")
                .hasMessageContaining("last level");
        assertThatThrownBy(() -> Topics.requireValidFilter("a/b+"))
                .hasMessageContaining("'+' must be a whole level");
        assertThatThrownBy(() -> Topics.requireValidTopicName("a/+/b"))
                .hasMessageContaining("wildcards");
        assertThatThrownBy(() -> Topics.requireValidTopicName("")).hasMessageContaining("empty");
    }

    @Test
    void joinRejectsBadLevels() {
        assertThat(Topics.join("armature", "v1", "c1")).isEqualTo("armature/v1/c1");
        assertThatThrownBy(() -> Topics.join("a", "b/c")).hasMessageContaining("b/c");
    }

    @Test
    void messageRejectsNonPositiveExpiry() {
        assertThatThrownBy(() -> Message.builder("t").expiry(java.time.Duration.ZERO).build())
                .hasMessageContaining("expiry");
    }

    @Test
    void jsonQuoteEscapesControlCharacters() {
        assertThat(JsonStrings.quote("a\"b\\\n\u0001")).isEqualTo("\"a\\\"b\\\\\\n\\u0001\"");
    }
}
