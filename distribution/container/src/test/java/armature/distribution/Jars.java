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

    /**
     * A bundle {@code bsn} 1.0.0 whose activator's {@code start} runs {@code startBody}, compiled
     * here with the JDK's compiler against this JVM's class path (the OSGi framework API).
     */
    static Path withActivator(Path dir, String bsn, String startBody) throws IOException {
        Path src = dir.resolve("src").resolve(bsn.replace('.', '/')).resolve("Activator.java");
        Files.createDirectories(src.getParent());
        Files.writeString(
                src,
                "package "
                        + bsn
                        + ";\npublic final class Activator implements"
                        + " org.osgi.framework.BundleActivator {\n"
                        + "  public void start(org.osgi.framework.BundleContext c) throws Exception"
                        + " {\n    "
                        + startBody
                        + "\n  }\n  public void stop(org.osgi.framework.BundleContext c) {}\n}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc =
                javax.tools.ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "--release",
                                "17",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-d",
                                classes.toString(),
                                src.toString());
        if (rc != 0) {
            throw new IOException("javac failed on " + src);
        }
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", bsn + ".Activator");
        a.putValue("Import-Package", "org.osgi.framework");
        String entry = bsn.replace('.', '/') + "/Activator.class";
        Path jar = dir.resolve(bsn + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
        }
        return jar;
    }

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
