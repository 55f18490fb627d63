package armature.sensor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock and a monotonic clock that move only when a test steps them. */
final class TestClock extends Clock {
    private long nanos;

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }

    long nanos() {
        return nanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(1_700_000_000L).plusNanos(nanos);
    }
}
