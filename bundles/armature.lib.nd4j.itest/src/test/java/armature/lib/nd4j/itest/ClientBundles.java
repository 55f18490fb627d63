package armature.lib.nd4j.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Thin client bundles made in the test: {@link Nd4jClient} alone, importing ND4J's packages. */
final class ClientBundles {
    static final String BSN = "armature.lib.nd4j.itest.client";
    static final String MATRIX_A = "X-Matrix-A";
    static final String MATRIX_B = "X-Matrix-B";

    /** Header: "true" makes the client set ND4J's class loader to its own (a deliberate leak). */
    static final String PIN_LOADER = "X-Pin-Nd4j-Loader";

    /** Service property of the client's result service: its bundle version. */
    static final String CLIENT_PROPERTY = "armature.itest.nd4jClient";

    static final String PRODUCT_PROPERTY = "product";
    static final String TANH_PROPERTY = "tanh";

    private ClientBundles() {}

    /**
     * @param a row-major values of a {@code rows x inner} matrix
     * @param b row-major values of an {@code inner x cols} matrix
     */
    static byte[] client(
            String version, int rows, int inner, int cols, float[] a, float[] b, boolean pin) {
        Manifest mf = new Manifest();
        Attributes m = mf.getMainAttributes();
        m.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.putValue("Bundle-ManifestVersion", "2");
        m.putValue("Bundle-SymbolicName", BSN);
        m.putValue("Bundle-Version", version);
        m.putValue("Bundle-Activator", Nd4jClient.class.getName());
        // What a policy bundle imports: ND4J's packages, each from armature.lib.nd4j.
        m.putValue(
                "Import-Package",
                "org.nd4j.common.config,org.nd4j.linalg.api.buffer,org.nd4j.linalg.api.ndarray,org.nd4j.linalg.factory,"
                        + "org.nd4j.linalg.ops.transforms,org.osgi.framework");
        m.putValue(MATRIX_A, rows + ";" + inner + ";" + join(a));
        m.putValue(MATRIX_B, inner + ";" + cols + ";" + join(b));
        m.putValue(PIN_LOADER, Boolean.toString(pin));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            String cls = Nd4jClient.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(cls));
            try (InputStream in = Nd4jClient.class.getClassLoader().getResourceAsStream(cls)) {
                in.transferTo(out);
            }
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String join(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(v);
        }
        return s.toString();
    }
}
