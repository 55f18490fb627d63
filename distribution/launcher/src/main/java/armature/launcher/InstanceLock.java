package armature.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * One container per {@code runtime/<id>/}: an exclusive lock on {@code runtime/<id>/lock}, taken
 * before anything starts and held until the process ends (the operating system releases it when the
 * process dies, however it dies, so a crash never leaves a stale lock behind).
 */
final class InstanceLock {
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code home}'s container.
     *
     * @throws AlreadyRunning when another process holds it
     * @throws IOException when the lock file cannot be created
     */
    static InstanceLock acquire(Home home) throws IOException {
        Files.createDirectories(home.runtime());
        FileChannel ch =
                FileChannel.open(
                        home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new AlreadyRunning(
                    "container '"
                            + home.containerId()
                            + "' is already running from "
                            + home.root()
                            + " ("
                            + home.lockFile()
                            + " is held by another process); stop it first or choose another"
                            + " --id");
        }
        return new InstanceLock(ch, lock);
    }

    /** Releases the lock (the process exiting does the same). */
    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the OS releases the lock anyway
        }
    }

    /** Another process runs this container already. */
    static final class AlreadyRunning extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyRunning(String message) {
            super(message);
        }
    }
}
