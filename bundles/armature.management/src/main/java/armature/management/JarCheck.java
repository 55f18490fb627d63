package armature.management;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Reads a whole jar before anything is installed from it: the zip directory at its end (a truncated
 * jar has none), every entry to its last byte with its CRC and size checked against the directory,
 * and a manifest the framework will accept. The framework itself only reads what it needs when it
 * needs it, so a jar that is cut short can install and then fail at class loading.
 */
final class JarCheck {
    /** What a jar that passed says about itself. */
    record BundleJar(String symbolicName, Version version, int entries) {}

    private JarCheck() {}

    /**
     * Checks jar bytes; they are written to a temporary file in {@code staging} because the zip
     * directory can only be read from a file.
     *
     * @throws MgmtException starting with "not a bundle:" and naming what is wrong
     */
    static BundleJar check(byte[] jar, Path staging) {
        if (jar == null || jar.length == 0) {
            throw new MgmtException("not a bundle: the jar is empty");
        }
        Path tmp = null;
        try {
            Files.createDirectories(staging);
            tmp = Files.createTempFile(staging, "check-", ".jar");
            Files.write(tmp, jar);
            return check(tmp, jar.length + " bytes");
        } catch (IOException e) {
            throw new MgmtException("cannot stage the jar in " + staging + " for checking: " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // A leftover in the staging folder is removed at the next activation.
                }
            }
        }
    }

    /** Checks a jar file (one dropped into deploy/, for example). */
    static BundleJar check(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new MgmtException("not a bundle: cannot read " + file.getFileName() + ": " + e);
        }
        if (size == 0) {
            throw new MgmtException("not a bundle: the jar is empty");
        }
        return check(file, size + " bytes");
    }

    private static BundleJar check(Path file, String what) {
        // verify=false: signatures are not what is checked here; every byte is.
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            int entries = readEveryEntry(jar);
            return bundleHeaders(jar.getManifest(), what, entries);
        } catch (ZipException e) {
            throw new MgmtException(
                    "not a bundle: the jar ("
                            + what
                            + ") is truncated or not a zip file ("
                            + e.getMessage()
                            + ")");
        } catch (IOException e) {
            throw new MgmtException(
                    "not a bundle: cannot read the jar (" + what + "): " + e.getMessage());
        }
    }

    private static int readEveryEntry(JarFile jar) {
        byte[] buffer = new byte[16 * 1024];
        int count = 0;
        for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements(); ) {
            JarEntry e = all.nextElement();
            if (e.isDirectory()) {
                continue;
            }
            CRC32 crc = new CRC32();
            long size = 0;
            try (InputStream in = jar.getInputStream(e)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    crc.update(buffer, 0, n);
                    size += n;
                }
            } catch (IOException | RuntimeException ex) {
                throw new MgmtException(
                        "not a bundle: entry '"
                                + e.getName()
                                + "' cannot be read ("
                                + ex.getMessage()
                                + "); the jar is corrupt");
            }
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                throw new MgmtException(
                        "not a bundle: entry '"
                                + e.getName()
                                + "' is corrupt (its CRC does not match the jar's directory)");
            }
            if (e.getSize() != -1 && size != e.getSize()) {
                throw new MgmtException(
                        "not a bundle: entry '"
                                + e.getName()
                                + "' has "
                                + size
                                + " bytes; the jar's directory says "
                                + e.getSize());
            }
            count++;
        }
        return count;
    }

    private static BundleJar bundleHeaders(Manifest mf, String what, int entries) {
        if (mf == null) {
            throw new MgmtException(
                    "not a bundle: the jar (" + what + ") has no META-INF/MANIFEST.MF");
        }
        Attributes main = mf.getMainAttributes();
        String manifestVersion = main.getValue(Constants.BUNDLE_MANIFESTVERSION);
        if (manifestVersion == null) {
            throw new MgmtException(
                    "not a bundle: the manifest has no Bundle-ManifestVersion header (an OSGi"
                            + " bundle declares Bundle-ManifestVersion: 2)");
        }
        if (!"2".equals(manifestVersion.trim())) {
            throw new MgmtException(
                    "not a bundle: Bundle-ManifestVersion is '"
                            + manifestVersion
                            + "'; allowed: 2");
        }
        String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsn == null || bsn.isBlank()) {
            throw new MgmtException("not a bundle: the manifest has no Bundle-SymbolicName");
        }
        String name = bsn.split(";")[0].trim();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new MgmtException(
                    "not a bundle: Bundle-SymbolicName '"
                            + name
                            + "' has invalid characters; allowed: letters, digits, '.', '_', '-'");
        }
        String versionText = main.getValue(Constants.BUNDLE_VERSION);
        Version version;
        try {
            version =
                    versionText == null ? Version.emptyVersion : Version.parseVersion(versionText);
        } catch (IllegalArgumentException e) {
            throw new MgmtException(
                    "not a bundle: Bundle-Version '"
                            + versionText
                            + "' is not an OSGi version (major.minor.micro.qualifier)");
        }
        return new BundleJar(name, version, entries);
    }
}
