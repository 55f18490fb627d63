package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ClientBus;
import armature.control.api.Role;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final long IDLE = TimeUnit.MINUTES.toNanos(30);
    private final AtomicLong clock = new AtomicLong(1_000);
    private final Sessions sessions = new Sessions(clock::get, IDLE);
    private final AtomicInteger closed = new AtomicInteger();
    private final java.util.Set<ClientBus> refused =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A bus client that only counts how often it was closed, and is refused when listed. */
    private ClientBus bus() {
        return (ClientBus)
                Proxy.newProxyInstance(
                        ClientBus.class.getClassLoader(),
                        new Class<?>[] {ClientBus.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                closed.incrementAndGet();
                                return null;
                            }
                            if (method.getName().equals("containerId")) {
                                return "test";
                            }
                            if (method.getName().equals("loginRefused")) {
                                return refused.contains(proxy);
                            }
                            if (method.getName().equals("hashCode")) {
                                return System.identityHashCode(proxy);
                            }
                            if (method.getName().equals("equals")) {
                                return proxy == args[0];
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }

    private DashSession add(String user) {
        DashSession s =
                new DashSession(sessions.newToken(), user, Role.OPERATOR, bus(), clock.get());
        sessions.add(s);
        return s;
    }

    @Test
    void tokensAreRandom128BitHex() {
        String a = sessions.newToken();
        assertThat(a).matches("[0-9a-f]{32}");
        assertThat(sessions.newToken()).isNotEqualTo(a);
    }

    @Test
    void useKeepsASessionAliveAndIdlenessClosesItWithItsBusClient() {
        DashSession s = add("op");
        clock.addAndGet(IDLE - 1);
        assertThat(sessions.find(s.token)).isSameAs(s);
        clock.addAndGet(IDLE - 1);
        assertThat(sessions.find(s.token)).as("used at the last look-up").isSameAs(s);
        clock.addAndGet(IDLE + 1);
        assertThat(sessions.find(s.token)).isNull();
        assertThat(closed).hasValue(1);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void theSweepClosesOnlyIdleSessions() {
        DashSession old = add("old");
        clock.addAndGet(IDLE / 2);
        DashSession fresh = add("fresh");
        clock.addAndGet(IDLE / 2 + 1);
        assertThat(sessions.sweep()).containsExactly("old");
        assertThat(closed).hasValue(1);
        assertThat(sessions.find(old.token)).isNull();
        assertThat(sessions.find(fresh.token)).isSameAs(fresh);
    }

    @Test
    void logoutClosesAtOnceAndUnknownTokensFindNothing() {
        DashSession s = add("op");
        assertThat(sessions.remove(s.token)).isTrue();
        assertThat(closed).hasValue(1);
        assertThat(sessions.remove(s.token)).isFalse();
        assertThat(sessions.find("nope")).isNull();
        assertThat(sessions.find(null)).isNull();
    }

    @Test
    void aLoginPastAUsersLimitEndsTheirLeastRecentlyUsedSessionSayingWhy() {
        java.util.List<DashSession> mine = new java.util.ArrayList<>();
        for (int i = 0; i < Sessions.PER_USER; i++) {
            clock.addAndGet(1_000);
            mine.add(add("op"));
        }
        DashSession other = add("obs");
        clock.addAndGet(1_000);
        assertThat(sessions.find(mine.get(0).token)).as("the first, used again").isNotNull();
        sessions.makeRoomFor("op");
        assertThat(sessions.countOf("op")).isEqualTo(Sessions.PER_USER - 1);
        assertThat(closed).hasValue(1);
        assertThat(sessions.find(mine.get(1).token)).as("the least recently used").isNull();
        assertThat(sessions.endedWhy(mine.get(1).token))
                .hasValueSatisfying(
                        why ->
                                assertThat(why)
                                        .contains("ended by a newer login")
                                        .contains("at most " + Sessions.PER_USER));
        assertThat(sessions.find(mine.get(0).token)).isNotNull();
        assertThat(sessions.find(other.token)).as("another user's").isNotNull();
        sessions.makeRoomFor("obs");
        assertThat(sessions.find(other.token)).as("one session is far from the limit").isNotNull();
    }

    @Test
    void aSessionWhoseUserTheBrokerNoLongerAcceptsEndsWithTheReason() {
        DashSession s = add("op2");
        DashSession kept = add("op");
        refused.add(s.bus);
        assertThat(sessions.find(s.token)).isNull();
        assertThat(closed).hasValue(1);
        assertThat(sessions.endedWhy(s.token))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("no longer accepts user 'op2'"));
        DashSession t = add("op3");
        refused.add(t.bus);
        assertThat(sessions.sweep()).as("nobody looked it up").containsExactly("op3");
        assertThat(closed).hasValue(2);
        assertThat(sessions.find(kept.token)).isSameAs(kept);
        assertThat(sessions.endedWhy("unknown")).isEmpty();
    }
}
