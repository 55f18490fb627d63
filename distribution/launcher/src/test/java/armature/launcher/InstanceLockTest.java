package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir Path dir;

    @Test
    void aSecondHolderIsRefusedUntilTheFirstReleases() throws Exception {
        Home home = new Home(dir, "robot");
        InstanceLock first = InstanceLock.acquire(home);
        assertThatThrownBy(() -> InstanceLock.acquire(home))
                .isInstanceOf(InstanceLock.AlreadyRunning.class)
                .hasMessageContaining("container 'robot' is already running from " + dir)
                .hasMessageContaining("runtime/robot/lock");
        // Another id in the same home is another container.
        InstanceLock other = InstanceLock.acquire(new Home(dir, "other"));
        first.release();
        InstanceLock again = InstanceLock.acquire(home);
        again.release();
        other.release();
    }

    @Test
    void theLockTableIsReadByDeviceAndInode() {
        long dev = (0xfdL << 8) | 0x01; // fd:01
        java.util.List<String> table =
                java.util.List.of(
                        "1: POSIX  ADVISORY  WRITE 4711 fd:01:99 0 EOF",
                        "2: -> POSIX  ADVISORY  WRITE 4712 fd:01:123456 0 EOF",
                        "3: FLOCK  ADVISORY  WRITE 815 00:2a:123456 0 EOF");
        assertThat(InstanceLock.heldIn(table, dev, 99)).contains(true);
        // a waiter is not a holder; the same inode on another device cannot be told apart
        assertThat(InstanceLock.heldIn(table, dev, 123456)).isEmpty();
        assertThat(InstanceLock.heldIn(table.subList(0, 2), dev, 123456)).contains(false);
        assertThat(InstanceLock.heldIn(table, dev, 7)).contains(false);
        // inode numbers are unsigned in the table
        assertThat(
                        InstanceLock.heldIn(
                                java.util.List.of(
                                        "1: POSIX  ADVISORY  WRITE 1 fd:01:18446744073709551615 0 EOF"),
                                dev,
                                -1L))
                .contains(true);
    }

    @Test
    void whetherTheContainerRunsIsReadWithoutTakingItsLock() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isReadable(Path.of("/proc/locks")), "no /proc/locks on this system");
        Home home = new Home(dir, "robot");
        assertThat(InstanceLock.held(home)).as("never started").contains(false);
        InstanceLock lock = InstanceLock.acquire(home);
        assertThat(InstanceLock.held(home)).as("running").contains(true);
        assertThat(InstanceLock.held(new Home(dir, "other"))).contains(false);
        assertThat(BrokerConnection.hint(home))
                .isEqualTo(
                        "; container 'robot' is running from "
                                + dir
                                + " but its broker does not answer");
        lock.release();
        assertThat(InstanceLock.held(home)).as("stopped, its lock file left").contains(false);
        assertThat(BrokerConnection.hint(home))
                .isEqualTo(
                        "; no container 'robot' is running from "
                                + dir
                                + " (start it with ./armature run, or name a broker with --broker)");
        // the lock is still free for a container to take: reading took nothing
        InstanceLock.acquire(home).release();
    }

    @Test
    void secretsAreWrittenOwnerOnlyAndReadBackWithoutTheNewline() throws Exception {
        Path f = dir.resolve("runtime/robot/cli.password");
        PrivateFiles.writeSecret(f, "abc".toCharArray());
        assertThat(Files.readString(f)).isEqualTo("abc\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
        assertThat(PrivateFiles.readSecret(f)).isEqualTo("abc".toCharArray());
        assertThat(PrivateFiles.readSecret(dir.resolve("none"))).isNull();
    }
}
