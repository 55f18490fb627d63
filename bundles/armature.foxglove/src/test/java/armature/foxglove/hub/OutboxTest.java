package armature.foxglove.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OutboxTest {
    @Test
    void aTransportThatCompletesAtOnceDoesNotRecurse() {
        FakeTransport t = new FakeTransport();
        t.stalled = true;
        Outbox o = new Outbox(t, 100_000);
        for (int i = 0; i < 50_000; i++) {
            o.data(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        }
        // 50 000 sends completing synchronously one inside the other would overflow the stack
        t.resume();
        assertThat(t.data).hasSize(50_000);
        assertThat(o.pending()).isZero();
    }

    @Test
    void controlMessagesGoFirstAndAreNeverDropped() {
        FakeTransport t = new FakeTransport();
        t.stalled = true;
        Outbox o = new Outbox(t, 2);
        o.data(ByteBuffer.wrap(new byte[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        for (int i = 2; i <= 5; i++) {
            o.data(ByteBuffer.wrap(new byte[] {1, (byte) i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        }
        o.text("{\"op\":\"status\",\"level\":1,\"message\":\"a\"}");
        assertThat(o.dropped()).isEqualTo(2);
        t.resume();
        assertThat(t.texts).hasSize(1);
        assertThat(t.data)
                .extracting(FakeTransport.Data::subscriptionId)
                .containsExactly(1L, 4L, 5L);
    }

    @Test
    void aFailedSendClosesTheOutbox() {
        FakeTransport t = new FakeTransport();
        t.stalled = true;
        Outbox o = new Outbox(t, 10);
        o.text("{\"op\":\"status\"}");
        o.text("{\"op\":\"status\"}");
        t.stalledSends.get(0).accept(new java.io.IOException("closed"));
        assertThat(o.pending()).isZero();
        o.text("{\"op\":\"status\"}");
        assertThat(o.pending()).isZero();
        assertThat(t.texts).hasSize(1);
    }
}
