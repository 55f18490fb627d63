package armature.broker.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.control.api.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir Path runtime;

    private CredentialStore store() {
        return new CredentialStore(
                runtime.resolve("access.json"),
                "robot",
                Clock.fixed(Instant.parse("2025-03-01T10:15:30.123Z"), ZoneOffset.UTC));
    }

    @Test
    void anAddedCredentialIsStoredHashedOwnerOnlyAndItsPasswordMatches() throws Exception {
        CredentialStore s = store();
        char[] password = s.add("alice", Role.OPERATOR);

        Credential c = s.find("alice").orElseThrow();
        assertThat(c.role()).isEqualTo(Role.OPERATOR);
        assertThat(c.created()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
        assertThat(c.password().matches(password)).isTrue();
        String text = Files.readString(s.file());
        assertThat(text).doesNotContain(new String(password)).contains("PBKDF2WithHmacSHA256");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file())))
                .isEqualTo("rw-------");
        // Nothing half-written is left beside it.
        try (Stream<Path> files = Files.list(runtime)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("access.json", "access.json.lock");
        }
    }

    @Test
    void aSecondStoreOnTheSameFileSeesTheSameEntries() {
        store().add("alice", Role.OPERATOR);
        store().add("watch", Role.OBSERVER);
        assertThat(store().list())
                .extracting(Credential::name, Credential::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", Role.OPERATOR),
                        org.assertj.core.groups.Tuple.tuple("watch", Role.OBSERVER));
    }

    @Test
    void takenReservedAndUnknownNamesAreRefusedWithTheReason() {
        CredentialStore s = store();
        s.add("alice", Role.OPERATOR);
        assertThatThrownBy(() -> s.add("alice", Role.OBSERVER))
                .isInstanceOf(CredentialStore.Refused.class)
                .hasMessageContaining("credential 'alice' already exists");
        assertThatThrownBy(() -> s.add("robot", Role.OPERATOR))
                .isInstanceOf(CredentialStore.Refused.class)
                .hasMessageContaining("'robot' is reserved")
                .hasMessageContaining("container's own user");
        assertThatThrownBy(() -> s.add("anonymous", Role.OBSERVER))
                .isInstanceOf(CredentialStore.Refused.class)
                .hasMessageContaining("'anonymous' is reserved");
        // a user owns the client ids that begin with its name and a dash: these would own the
        // container's, the CLI's and the dashboard's
        for (String platform : new String[] {"armature", "armature-robot-cli", "armature-x"}) {
            assertThatThrownBy(() -> s.add(platform, Role.DEVICE))
                    .as(platform)
                    .isInstanceOf(CredentialStore.Refused.class)
                    .hasMessageContaining("client ids begin with armature-");
        }
        for (String odd : new String[] {".", "..", "-a"}) {
            assertThatThrownBy(() -> s.add(odd, Role.DEVICE))
                    .as(odd)
                    .isInstanceOf(CredentialStore.Refused.class)
                    .hasMessageContaining("may not be . or .. or begin with -");
        }
        s.add("armatures", Role.OBSERVER); // only the name itself and its dash prefix
        assertThatThrownBy(() -> s.remove("bob"))
                .isInstanceOf(CredentialStore.Refused.class)
                .hasMessage("no credential named 'bob'");
        assertThatThrownBy(() -> s.add("a/b", Role.OPERATOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credential name 'a/b' must be 1-64 letters");
        assertThat(s.list()).extracting(Credential::name).containsExactly("alice", "armatures");
    }

    @Test
    void removeDropsOnlyThatEntryAndPutReplacesAPassword() {
        CredentialStore s = store();
        s.add("alice", Role.OPERATOR);
        s.add("watch", Role.OBSERVER);
        s.remove("alice");
        assertThat(s.list()).extracting(Credential::name).containsExactly("watch");

        char[] first = "first-password-of-cli-0123456789".toCharArray();
        char[] second = "second-password-of-cli-012345678".toCharArray();
        s.put("cli", Role.OPERATOR, first);
        s.put("cli", Role.OPERATOR, second);
        Credential cli = s.find("cli").orElseThrow();
        assertThat(cli.password().matches(second)).isTrue();
        assertThat(cli.password().matches(first)).isFalse();
        assertThat(s.list()).extracting(Credential::name).containsExactly("watch", "cli");
    }

    @Test
    void concurrentAddsFromManyWritersLoseNoEntry() throws Exception {
        int writers = 6;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                // A store object per writer, as separate CLI invocations have.
                Callable<Void> job =
                        () -> {
                            CredentialStore mine = store();
                            for (int i = 0; i < each; i++) {
                                mine.add("w" + id + "-" + i, Role.OBSERVER);
                            }
                            return null;
                        };
                done.add(pool.submit(job));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().list()).hasSize(writers * each);
    }

    @Test
    void aCorruptFileIsReportedByNameAndNeverOverwritten() throws Exception {
        Path f = runtime.resolve("access.json");
        Files.writeString(f, "{ this is not json");
        CredentialStore s = store();
        assertThatThrownBy(s::list)
                .isInstanceOf(CredentialStore.StoreException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> s.add("alice", Role.OPERATOR))
                .isInstanceOf(CredentialStore.StoreException.class);
        assertThat(Files.readString(f)).isEqualTo("{ this is not json");

        Files.writeString(f, "{\"format\":1,\"credentials\":[{\"name\":\"x\",\"role\":\"boss\"}]}");
        assertThatThrownBy(s::list)
                .hasMessageContaining("entry \"x\" is invalid")
                .hasMessageContaining("role 'boss' is unknown");
    }

    @Test
    void aMissingFileIsAnEmptyStore() {
        assertThat(store().list()).isEmpty();
        assertThat(store().find("alice")).isEmpty();
    }
}
