package armature.management;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches what FileInstall cannot explain: a jar in {@code deploy/} that is not a whole bundle (cut
 * short while being copied, or not a bundle at all) is reported as a problem of the container and
 * named once in the log, instead of being skipped in silence. Each file is read again only when its
 * size or modification time changes, so the periodic status costs a directory listing.
 */
final class DeployFolder {
    private static final System.Logger LOG = System.getLogger(DeployFolder.class.getName());

    private final Path dir;
    private final Map<Path, Seen> seen = new HashMap<>();

    private record Seen(long size, long modifiedMillis, String problem) {}

    private final java.util.function.Predicate<String> isCoreName;

    DeployFolder(Path dir) {
        this(dir, bsn -> false);
    }

    /**
     * @param isCoreName whether a symbolic name is a core bundle's (see {@link
     *     CoreJarGuard#isCoreName}): such a jar is never installed
     */
    DeployFolder(Path dir, java.util.function.Predicate<String> isCoreName) {
        this.dir = dir;
        this.isCoreName = isCoreName;
    }

    Path dir() {
        return dir;
    }

    /** One line per jar in the folder that is not a readable bundle, naming the file. */
    synchronized List<String> problems() {
        Map<Path, Seen> now = new HashMap<>();
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (jar.getFileName().toString().startsWith(".") || !Files.isRegularFile(jar)) {
                    continue;
                }
                Seen s = check(jar);
                now.put(jar, s);
                if (s.problem != null) {
                    out.add("deploy/" + jar.getFileName() + ": " + s.problem);
                }
            }
        } catch (IOException e) {
            out.add("deploy folder " + dir + " cannot be read: " + e.getMessage());
        }
        for (Path gone : seen.keySet()) {
            if (!now.containsKey(gone) && seen.get(gone).problem != null) {
                LOG.log(Level.INFO, "deploy/" + gone.getFileName() + " is gone");
            }
        }
        seen.clear();
        seen.putAll(now);
        out.sort(null);
        return out;
    }

    private Seen check(Path jar) {
        long size;
        long modified;
        try {
            size = Files.size(jar);
            modified = Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return new Seen(-1, -1, "cannot be read: " + e.getMessage());
        }
        Seen before = seen.get(jar);
        if (before != null && before.size == size && before.modifiedMillis == modified) {
            return before;
        }
        String problem;
        try {
            String bsn = JarCheck.check(jar).symbolicName();
            problem =
                    isCoreName.test(bsn)
                            ? "symbolic name "
                                    + bsn
                                    + " is a core bundle's; not installed (the core comes with"
                                    + " the distribution; remove the file)"
                            : null;
        } catch (MgmtException e) {
            problem = e.getMessage();
        }
        String name = "deploy/" + jar.getFileName();
        if (problem != null) {
            LOG.log(
                    Level.WARNING,
                    name
                            + " is not installed: "
                            + problem
                            + " (a jar still being copied is read again when it changes)");
        } else if (before != null && before.problem != null) {
            LOG.log(Level.INFO, name + " is now a readable bundle");
        }
        return new Seen(size, modified, problem);
    }
}
