package armature.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Makes variants of a built bundle: a new version, or one that cannot resolve. */
final class Jars {
    private Jars() {}

    static Path example(String bsn) throws IOException {
        try (var s = Files.list(ContainerProcess.DIST.resolve("repository"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(bsn + "-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** A copy of {@code jar} with its manifest changed by {@code edit}. */
    static Path withManifest(Path jar, Path out, java.util.function.Consumer<Attributes> edit)
            throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            edit.accept(mf.getMainAttributes());
            try (OutputStream os = Files.newOutputStream(out);
                    JarOutputStream jout = new JarOutputStream(os, mf)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    jout.putNextEntry(new JarEntry(e.getName()));
                    copy(in, jout);
                    jout.closeEntry();
                }
            }
        }
        return out;
    }

    static Path withVersion(Path jar, Path out, String version) throws IOException {
        return withManifest(jar, out, a -> a.putValue("Bundle-Version", version));
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
