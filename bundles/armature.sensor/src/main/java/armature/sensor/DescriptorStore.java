package armature.sensor;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The last valid descriptor of every sensor, kept in the container's runtime folder: a broker that
 * restarts without its retained messages (the embedded one keeps them in memory) would otherwise
 * leave a device that published its descriptor once, as the docs tell it to, undescribed, its
 * samples refused and any loop limit on it stale, which trips the e-stop. One file per sensor,
 * {@code d-<id>.json}, written atomically; the sensor id is a topic level (no '/'), and the prefix
 * keeps ids such as {@code ..} from naming anything but a file here.
 */
final class DescriptorStore {
    private static final String PREFIX = "d-";
    private static final String SUFFIX = ".json";
    private final Path folder;

    DescriptorStore(Path folder) {
        this.folder = folder;
    }

    /** Keeps {@code payload} as the sensor's descriptor, unless it is the one kept already. */
    void save(String id, byte[] payload) throws IOException {
        Files.createDirectories(folder);
        Path file = file(id);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), payload)) {
            return;
        }
        Path tmp = folder.resolve("." + file.getFileName() + ".part");
        Files.write(tmp, payload);
        try {
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forgets the sensor (its device cleared its descriptor). */
    void delete(String id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    /** Every kept descriptor by sensor id; an unreadable file is skipped. */
    Map<String, byte[]> load() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(p)) {
                    String id = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                    try {
                        out.put(id, Files.readAllBytes(p));
                    } catch (IOException e) {
                        // one unreadable file costs that sensor only
                    }
                }
            }
        }
        return out;
    }

    private Path file(String id) {
        if (id.isEmpty() || id.indexOf('/') >= 0 || id.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("sensor id '" + id + "' cannot name a file");
        }
        return folder.resolve(PREFIX + id + SUFFIX);
    }
}
