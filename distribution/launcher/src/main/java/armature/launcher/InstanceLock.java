package armature.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

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

    /**
     * Whether a process holds {@code home}'s lock now, that is whether its container runs. Read
     * from {@code /proc/locks}, which names each lock by its file's device and inode, so nothing is
     * locked: taking the lock even briefly could refuse a container starting at that moment. Empty
     * where this cannot be told (no {@code /proc/locks}, a file system without inode numbers).
     */
    static Optional<Boolean> held(Home home) {
        Path f = home.lockFile();
        if (!Files.exists(f)) {
            return Optional.of(false);
        }
        Path locks = Path.of("/proc/locks");
        try {
            long ino = ((Number) Files.getAttribute(f, "unix:ino")).longValue();
            long dev = ((Number) Files.getAttribute(f, "unix:dev")).longValue();
            if (!Files.isReadable(locks)) {
                return Optional.empty();
            }
            return heldIn(Files.readAllLines(locks), dev, ino);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code /proc/locks} text lists a lock (not a waiter) on the file with device {@code
     * dev} (as {@code stat} gives it) and inode {@code ino}: true for device and inode, empty where
     * only the inode matches (btrfs subvolumes and some overlay file systems report another device
     * to {@code stat} than the lock table shows), else false.
     */
    static Optional<Boolean> heldIn(java.util.List<String> lines, long dev, long ino) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
        long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
        String inode = Long.toUnsignedString(ino);
        String id = String.format("%02x:%02x:", major, minor) + inode;
        boolean inodeOnly = false;
        for (String line : lines) {
            // "1: POSIX  ADVISORY  WRITE 4711 fd:01:123456 0 EOF"; "1: -> ..." waits for it
            String[] w = line.trim().split("\\s+");
            if (w.length < 6 || w[1].equals("->")) {
                continue;
            }
            if (w[5].equals(id)) {
                return Optional.of(true);
            }
            inodeOnly |= w[5].endsWith(":" + inode);
        }
        return inodeOnly ? Optional.empty() : Optional.of(false);
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
