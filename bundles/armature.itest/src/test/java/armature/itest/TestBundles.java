package armature.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/** Bundles made in the test: a component that activates or refuses, and broken variants. */
final class TestBundles {
    /** Text stored uncompressed in every bundle, so a test can corrupt one byte of it. */
    static final String PAYLOAD = "payload: abcdefghijklmnopqrstuvwxyz";

    private TestBundles() {}

    /**
     * A bundle with one immediate component ({@link Refuser}).
     *
     * @param extraImport a package to import that nothing exports, or null
     */
    static byte[] refuser(String bsn, String version, boolean refuse, String extraImport) {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Service-Component", "OSGI-INF/refuser.xml");
        if (extraImport != null) {
            a.putValue("Import-Package", extraImport);
        }
        String component =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\""
                        + " name=\""
                        + bsn
                        + "\" immediate=\"true\" activate=\"activate\">\n"
                        + "  <implementation class=\""
                        + Refuser.class.getName()
                        + "\"/>\n"
                        + "  <property name=\"refuse\" type=\"Boolean\" value=\""
                        + refuse
                        + "\"/>\n"
                        + "  <property name=\"version\" type=\"String\" value=\""
                        + version
                        + "\"/>\n"
                        + "</scr:component>\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            out.putNextEntry(new JarEntry("OSGI-INF/refuser.xml"));
            out.write(component.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            String cls = Refuser.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(cls));
            try (InputStream in = Refuser.class.getClassLoader().getResourceAsStream(cls)) {
                in.transferTo(out);
            }
            out.closeEntry();
            byte[] data = PAYLOAD.getBytes(StandardCharsets.US_ASCII);
            ZipEntry stored = new ZipEntry("data/payload.txt");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(data);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The first {@code keep} of {@code jar}'s bytes: a copy interrupted before the end. */
    static byte[] truncated(byte[] jar, int cutBytes) {
        return Arrays.copyOf(jar, jar.length - cutBytes);
    }

    /** {@code jar} with one byte of its stored payload changed: its CRC no longer matches. */
    static byte[] corrupted(byte[] jar) {
        byte[] marker = "klmnop".getBytes(StandardCharsets.US_ASCII);
        byte[] out = jar.clone();
        for (int i = 0; i <= out.length - marker.length; i++) {
            if (Arrays.equals(out, i, i + marker.length, marker, 0, marker.length)) {
                out[i] = 'K';
                return out;
            }
        }
        throw new IllegalStateException("no payload in the jar");
    }
}
