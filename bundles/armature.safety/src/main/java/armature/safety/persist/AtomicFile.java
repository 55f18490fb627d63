package armature.safety.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * One file that is only ever replaced whole: write a temporary file in the same folder, force it to
 * disk, rename it over the old one, force the folder. A crash (power cut, {@code kill -9}) at any
 * point leaves the old content or the new, never a mix; a temporary file it leaves behind is
 * removed by the next read or write. One writer per file at a time (callers serialise).
 */
public final class AtomicFile {
    /** Steps of a write, for fault-injection tests. */
    enum Step {
        WRITE_TEMP,
        FORCE_TEMP,
        RENAME,
        FORCE_FOLDER
    }

    /** Called before each step; a test throws from it to simulate a failure at that point. */
    interface Faults {
        void before(Step step) throws IOException;
    }

    private static final String TEMP_INFIX = ".tmp-";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Faults faults;

    /**
     * @param file the file; its folder is created on the first write if missing
     */
    public AtomicFile(Path file) {
        this(file, step -> {});
    }

    AtomicFile(Path file, Faults faults) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.faults = faults;
    }

    public Path path() {
        return file;
    }

    /** The whole content, or empty when there is no file. */
    public Optional<byte[]> read() throws IOException {
        removeLeftovers();
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Replaces the content atomically and durably; returns once it is on disk. */
    public void write(byte[] content) throws IOException {
        Path dir = Files.createDirectories(file.getParent());
        removeLeftovers();
        Path tmp = Files.createTempFile(dir, file.getFileName() + TEMP_INFIX, "");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                faults.before(Step.WRITE_TEMP);
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                faults.before(Step.FORCE_TEMP);
                ch.force(true);
            }
            faults.before(Step.RENAME);
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        faults.before(Step.FORCE_FOLDER);
        forceFolder(dir);
    }

    /** Makes the rename itself durable: without this a crash can bring the old name back. */
    private static void forceFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (AccessDeniedException e) {
            // Windows cannot open a folder as a channel; NTFS journals the rename itself.
        }
    }

    /**
     * Moves the file aside to {@code <name>.corrupt-<UTC time>[-n]}, never overwriting an earlier
     * one, so a bad file is kept for inspection and the next write starts clean.
     *
     * @return where it went
     */
    public Path keepAside(Clock wallClock) throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(wallClock.instant());
        Path target = file.resolveSibling(base);
        for (int n = 1; Files.exists(target); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        return Files.move(file, target);
    }

    /** Temporary files of writes that a crash cut short. */
    private void removeLeftovers() throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String prefix = file.getFileName() + TEMP_INFIX;
        try (DirectoryStream<Path> leftovers =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }
}
