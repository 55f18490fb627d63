package armature.broker.access;

import armature.control.api.ContainerTopics;
import armature.control.api.Names;
import armature.control.api.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker logins of one container: {@code runtime/<id>/access.json}, owner-only (0600), written
 * atomically (temporary file, fsync, rename, fsync of the folder) under an exclusive lock on {@code
 * access.json.lock}, so concurrent {@code armature access} invocations and the launcher never lose
 * each other's entries. Readers (the broker) need no lock: they always see a whole file.
 *
 * <p>Names reserved here: the container id (the container's own user, whose password is made at
 * each start and never stored), {@value ContainerTopics#ANONYMOUS_USER} (the reply level of clients
 * without a user name), {@code armature} and {@code armature-...} (their owner would own the
 * platform's own client ids), and {@code .}, {@code ..} and names beginning with {@code -}.
 */
public final class CredentialStore {
    /** The file name inside {@code runtime/<id>/}. */
    public static final String FILE_NAME = "access.json";

    /**
     * A FileChannel lock belongs to the whole JVM (a second lock from another thread throws
     * OverlappingFileLockException), so threads of one process queue here before taking it.
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> PROCESS_LOCKS =
            new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final String containerId;
    private final Clock clock;

    /**
     * @param file the store, normally {@code runtime/<id>/access.json}
     * @param containerId the container whose store it is (its id is a reserved name)
     */
    public CredentialStore(Path file, String containerId) {
        this(file, containerId, Clock.systemUTC());
    }

    CredentialStore(Path file, String containerId, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.containerId = Names.require(containerId, "container id");
        this.clock = clock;
    }

    /** The store of the container whose runtime folder is {@code runtimeDir}. */
    public static CredentialStore in(Path runtimeDir, String containerId) {
        return new CredentialStore(runtimeDir.resolve(FILE_NAME), containerId);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Whether {@code name} can never be a stored credential. */
    public boolean isReserved(String name) {
        return containerId.equals(name)
                || ContainerTopics.ANONYMOUS_USER.equals(name)
                || claimsPlatformIds(name)
                || name.equals(".")
                || name.equals("..")
                || name.startsWith("-");
    }

    /**
     * {@code armature} and {@code armature-...}: the broker gives a user every client id that
     * begins with its name and a dash, so such a user would own the container's, the CLI's and the
     * dashboard's client ids ({@code armature-<id>-...}) and lock them out.
     */
    private static boolean claimsPlatformIds(String name) {
        return name.equals("armature") || name.startsWith("armature-");
    }

    /**
     * Every stored credential, in the order they were added; empty when the file does not exist.
     *
     * @throws StoreException when the file cannot be read or is not a credential store
     */
    public List<Credential> list() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return CredentialFile.parse(bytes, file);
    }

    /** The credential named {@code name}, if stored. */
    public Optional<Credential> find(String name) {
        return list().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Creates a credential with a generated password.
     *
     * @return the password, which is stored only hashed: this is the one chance to show it
     * @throws IllegalArgumentException when the name is not a valid name
     * @throws Refused when the name is reserved or already taken
     */
    public char[] add(String name, Role role) {
        Names.require(name, "credential name");
        refuseReserved(name);
        char[] password = Secrets.generate();
        Credential c = new Credential(name, role, PasswordHash.of(password), now());
        locked(
                () -> {
                    List<Credential> all = new ArrayList<>(list());
                    if (all.stream().anyMatch(e -> e.name().equals(name))) {
                        throw new Refused(
                                "credential '"
                                        + name
                                        + "' already exists; remove it first to replace it");
                    }
                    all.add(c);
                    write(all);
                });
        return password;
    }

    /**
     * Creates or replaces a credential with a given password (the launcher's own {@code cli}
     * login).
     *
     * @throws Refused when the name is reserved
     */
    public void put(String name, Role role, char[] password) {
        Names.require(name, "credential name");
        refuseReserved(name);
        Credential c = new Credential(name, role, PasswordHash.of(password), now());
        locked(
                () -> {
                    List<Credential> all = new ArrayList<>(list());
                    int i = indexOf(all, name);
                    if (i >= 0) {
                        all.set(i, c);
                    } else {
                        all.add(c);
                    }
                    write(all);
                });
    }

    /**
     * Removes a credential. A running embedded broker disconnects its sessions within about a
     * second.
     *
     * @throws Refused when no credential has that name
     */
    public void remove(String name) {
        locked(
                () -> {
                    List<Credential> all = new ArrayList<>(list());
                    int i = indexOf(all, name);
                    if (i < 0) {
                        throw new Refused(
                                isReserved(name)
                                        ? "'"
                                                + name
                                                + "' is reserved (the container's own user or the"
                                                + " anonymous reply level) and is not stored"
                                        : "no credential named '" + name + "'");
                    }
                    all.remove(i);
                    write(all);
                });
    }

    private void refuseReserved(String name) {
        if (isReserved(name)) {
            throw new Refused(
                    "'"
                            + name
                            + "' is reserved: "
                            + (name.equals(containerId)
                                    ? "it is the container's own user, whose password is made at"
                                            + " each start"
                                    : claimsPlatformIds(name)
                                            ? "the container's, the CLI's and the dashboard's"
                                                    + " client ids begin with armature-"
                                            : name.startsWith(".") || name.startsWith("-")
                                                    ? "a name may not be . or .. or begin with"
                                                            + " -"
                                                    : "it is the reply level of clients without a"
                                                            + " user name"));
        }
    }

    private static int indexOf(List<Credential> all, String name) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private void locked(IoAction action) {
        ReentrantLock inProcess = PROCESS_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch =
                            FileChannel.open(
                                    lockFile,
                                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                                    ownerOnly());
                    FileLock ignored = ch.lock()) {
                action.run();
            }
        } catch (IOException e) {
            throw new StoreException("cannot update " + file + ": " + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    private void write(List<Credential> all) throws IOException {
        byte[] bytes = CredentialFile.format(all);
        Path dir = file.getParent();
        Path tmp = Files.createTempFile(dir, "." + FILE_NAME + "-", ".tmp", ownerOnly());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename durable; not every platform can open a folder for that. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the rename itself is atomic
        }
    }

    static FileAttribute<?>[] ownerOnly() {
        if (!java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** The request is well formed but cannot be done (name taken, unknown or reserved). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The store file cannot be read or written. */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
