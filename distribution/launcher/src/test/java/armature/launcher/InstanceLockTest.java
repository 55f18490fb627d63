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
    void whetherTheContainerRunsIsReadWithoutTakingItsLock() throws Exception {
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
