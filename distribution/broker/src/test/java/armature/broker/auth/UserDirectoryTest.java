package armature.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.access.CredentialStore;
import armature.control.api.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryTest {
    private static final char[] SECRET = "container-secret-0123456789abcdef".toCharArray();
    @TempDir Path runtime;
    private final List<String> disconnected = new CopyOnWriteArrayList<>();

    private CredentialStore store() {
        return CredentialStore.in(runtime, "robot");
    }

    private UserDirectory directory() {
        return new UserDirectory("robot", SECRET, store(), disconnected::add);
    }

    private static byte[] utf8(char[] c) {
        return new String(c).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theContainerLogsInWithItsPerStartSecretOnly() {
        UserDirectory users = directory();
        assertThat(users.authenticate("robot", utf8(SECRET))).contains(Role.CONTAINER);
        assertThat(users.authenticate("robot", "guess".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(users.authenticate("robot", new byte[0])).isEmpty();
    }

    @Test
    void storedUsersLogInWithTheirRoleAndACredentialAddedAMomentAgoWorksAtOnce() {
        UserDirectory users = directory();
        // Added after the directory read the store, before any poll.
        char[] password = store().add("watch", Role.OBSERVER);
        assertThat(users.authenticate("watch", utf8(password))).contains(Role.OBSERVER);
        assertThat(users.authenticate("watch", "wrong".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(users.authenticate("nobody", utf8(password))).isEmpty();
        assertThat(users.authenticate("watch", new byte[] {(byte) 0xC3, (byte) 0x28})).isEmpty();
        assertThat(users.credentialCount()).isEqualTo(1);
    }

    /**
     * A login that checked the old list while a poll was reading the changed file: the poll's
     * refresh holds the directory's lock, the login's own refresh then finds the file already read,
     * and the login must still see the new list.
     */
    @Test
    void aLoginRacingAPollThatIsReadingTheNewCredentialIsAccepted() throws Exception {
        UserDirectory users = directory();
        char[] password = store().add("cam2", Role.DEVICE);
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<Role>> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread login;
        synchronized (users) {
            // the "poll" holds the lock; the login checks the old list, then waits in refresh()
            login = new Thread(() -> result.set(users.authenticate("cam2", utf8(password))));
            login.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (login.getState() != Thread.State.BLOCKED) {
                assertThat(System.nanoTime())
                        .as("the login waits for the lock")
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(users.refresh()).as("the poll reads the changed file").isTrue();
        }
        login.join(30_000);
        assertThat(result.get()).contains(Role.DEVICE);
    }

    @Test
    void removingOrReplacingACredentialDisconnectsItsSessionsAndNoOthers() {
        char[] alice = store().add("alice", Role.OPERATOR);
        store().add("watch", Role.OBSERVER);
        UserDirectory users = directory();
        assertThat(users.authenticate("alice", utf8(alice))).isPresent();
        users.claim("alice-1", new Identity("alice", Role.OPERATOR)).orElseThrow();
        users.claim("alice-2", new Identity("alice", Role.OPERATOR)).orElseThrow();
        users.claim("watch-1", new Identity("watch", Role.OBSERVER)).orElseThrow();
        users.claim("robot-bus", new Identity("robot", Role.CONTAINER)).orElseThrow();

        assertThat(users.refresh()).isFalse();
        store().remove("alice");
        assertThat(users.refresh()).isTrue();
        assertThat(disconnected).containsExactlyInAnyOrder("alice-1", "alice-2");
        assertThat(users.authenticate("alice", utf8(alice))).isEmpty();

        disconnected.clear();
        store().remove("watch");
        char[] newPassword = store().add("watch", Role.OBSERVER);
        users.refresh();
        assertThat(disconnected).containsExactly("watch-1");
        assertThat(users.authenticate("watch", utf8(newPassword))).contains(Role.OBSERVER);
    }

    @Test
    void aClientIdHeldByAnotherUserCannotBeTakenOverButBySameUserItCan() {
        UserDirectory users = directory();
        UserDirectory.Session bus =
                users.claim("armature-robot-bus", new Identity("robot", Role.CONTAINER))
                        .orElseThrow();
        assertThat(users.claim("armature-robot-bus", new Identity("watch", Role.OBSERVER)))
                .isEmpty();
        assertThat(users.session("armature-robot-bus")).isSameAs(bus);

        UserDirectory.Session again =
                users.claim("armature-robot-bus", new Identity("robot", Role.CONTAINER))
                        .orElseThrow();
        // The old connection's end must not drop the new session.
        users.sessionEnded("armature-robot-bus", bus.serial());
        assertThat(users.session("armature-robot-bus")).isSameAs(again);
        users.sessionEnded("armature-robot-bus", again.serial());
        assertThat(users.session("armature-robot-bus")).isNull();
        assertThat(users.claim("armature-robot-bus", new Identity("watch", Role.OBSERVER)))
                .isPresent();
    }

    @Test
    void aBrokenStoreKeepsTheLastGoodListAndAStoredContainerIdIsIgnored() throws Exception {
        char[] alice = store().add("alice", Role.OPERATOR);
        UserDirectory users = directory();
        Files.writeString(store().file(), "garbage");
        assertThat(users.refresh()).isFalse();
        assertThat(users.authenticate("alice", utf8(alice))).contains(Role.OPERATOR);

        // A hand-edited file naming the container's own user gains nothing.
        Files.writeString(store().file(), storeNamingTheContainer(alice));
        assertThat(users.refresh()).isTrue();
        assertThat(users.authenticate("robot", utf8(alice))).isEmpty();
        assertThat(disconnected).isEmpty();
    }

    private String storeNamingTheContainer(char[] password) {
        CredentialStore other = CredentialStore.in(runtime.resolve("other"), "someone-else");
        other.put("robot", Role.OPERATOR, password);
        try {
            return Files.readString(other.file());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
