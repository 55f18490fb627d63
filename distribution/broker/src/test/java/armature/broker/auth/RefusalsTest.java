package armature.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.auth.Refusals.Reason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusalsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Refusals refusals = new Refusals(now::get, 10_000);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger(Refusals.class.getName());
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord r) {
                    lines.add(r.getMessage());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
    }

    @Test
    void everyRefusalIsCountedPerReasonAndUser() {
        refusals.refused(Reason.PUBLISH, "watch", "'a/b'");
        refusals.refused(Reason.PUBLISH, "watch", "'a/c'");
        refusals.refused(Reason.DELIVERY, "watch", "'x'");
        refusals.refused(Reason.CONNECT, null, "no user name");
        refusals.refused(Reason.CONNECT, "bad/name", "wrong password");

        assertThat(refusals.total(Reason.PUBLISH)).isEqualTo(2);
        assertThat(refusals.of("watch", Reason.PUBLISH)).isEqualTo(2);
        assertThat(refusals.of("watch", Reason.DELIVERY)).isEqualTo(1);
        assertThat(refusals.of("anonymous", Reason.CONNECT)).isEqualTo(1);
        Map<String, Object> s = refusals.snapshot();
        assertThat(s.get("refused"))
                .isEqualTo(Map.of("connect", 2L, "publish", 2L, "subscribe", 0L, "delivery", 1L));
        assertThat(s.get("refusedByUser"))
                .isEqualTo(
                        Map.of(
                                "watch", Map.of("publish", 2L, "delivery", 1L),
                                "anonymous", Map.of("connect", 1L),
                                "(invalid name)", Map.of("connect", 1L)));
    }

    @Test
    void aFloodIsOneLineThenOneCountPerInterval() {
        for (int i = 0; i < 50; i++) {
            refusals.refused(Reason.PUBLISH, "watch", "'t/" + i + "'");
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("refused publish by 'watch': 't/0'");

        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        refusals.flush();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("refused 49 more publish by 'watch' (last: 't/49')");

        // Nothing new: the next flush is silent; a different user or reason has its own line.
        refusals.flush();
        refusals.refused(Reason.SUBSCRIBE, "watch", "'#'");
        refusals.refused(Reason.PUBLISH, "other", "'t'");
        assertThat(lines).hasSize(4);
        // Once the quiet time after the flushed count has passed, the next one is a line again.
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        refusals.refused(Reason.PUBLISH, "watch", "'again'");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(4)).contains("'again'");
    }

    @Test
    void clientChosenUserNamesCannotGrowTheCountersWithoutBound() {
        for (int i = 0; i < Refusals.MAX_USERS + 100; i++) {
            refusals.refused(Reason.CONNECT, "guess" + i, "wrong password");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> users = (Map<String, Object>) refusals.snapshot().get("refusedByUser");
        assertThat(users).hasSize(Refusals.MAX_USERS + 1);
        assertThat(users.get(Refusals.OTHER_USERS)).isEqualTo(Map.of("connect", 100L));
        assertThat(refusals.total(Reason.CONNECT)).isEqualTo(Refusals.MAX_USERS + 100);
    }
}
