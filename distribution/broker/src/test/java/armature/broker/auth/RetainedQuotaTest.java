package armature.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetainedQuotaTest {
    @Test
    void topicsAreCountedOnceAndAnEmptyMessageFreesOne() {
        RetainedQuota q = new RetainedQuota(2, 1000);
        assertThat(q.take("d", "a", 10)).isNull();
        assertThat(q.take("d", "a", 20)).as("replacing is not a new topic").isNull();
        assertThat(q.take("d", "b", 10)).isNull();
        assertThat(q.take("d", "c", 10))
                .isEqualTo(
                        "device 'd' already holds 2 retained topics, the most a device may; clear"
                                + " one with an empty retained message");
        assertThat(q.take("other", "c", 10)).as("per device").isNull();
        assertThat(q.take("d", "a", 0)).isNull();
        assertThat(q.topics("d")).isEqualTo(1);
        assertThat(q.take("d", "c", 10)).isNull();
        assertThat(q.take("d", "never", 0)).as("clearing what is not there").isNull();
    }

    @Test
    void bytesCountWhatIsHeldNow() {
        RetainedQuota q = new RetainedQuota(10, 100);
        assertThat(q.take("d", "a", 60)).isNull();
        assertThat(q.take("d", "b", 41))
                .isEqualTo(
                        "device 'd' would hold 101 bytes of retained messages; a device may hold at"
                                + " most 100");
        assertThat(q.take("d", "a", 20)).as("a smaller replacement frees bytes").isNull();
        assertThat(q.take("d", "b", 80)).isNull();
    }
}
