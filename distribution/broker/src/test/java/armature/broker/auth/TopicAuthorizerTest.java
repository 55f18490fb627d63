package armature.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicAuthorizerTest {
    @Test
    void aSharedSubscriptionIsJudgedByItsFilter() {
        assertThat(TopicAuthorizer.unshared("$share/workers/armature/v1/x/#"))
                .isEqualTo("armature/v1/x/#");
        assertThat(TopicAuthorizer.unshared("armature/v1/x/#")).isEqualTo("armature/v1/x/#");
        // Malformed: left as is, so the filter check refuses it.
        assertThat(TopicAuthorizer.unshared("$share/nogroup")).isEqualTo("$share/nogroup");
    }
}
