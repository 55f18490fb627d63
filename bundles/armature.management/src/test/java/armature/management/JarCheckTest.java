package armature.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

class JarCheckTest {
    @TempDir Path staging;

    /** A bundle with one stored (uncompressed) entry whose content is {@code content}. */
    static byte[] bundle(String bsn, String version, String content) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        if (version != null) {
            a.putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            byte[] data = content.getBytes(StandardCharsets.US_ASCII);
            ZipEntry e = new ZipEntry("data/content.txt");
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            out.putNextEntry(e);
            out.write(data);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aWholeBundleNamesItselfAndCountsItsEntries() throws IOException {
        JarCheck.BundleJar b = JarCheck.check(bundle("x.y", "1.2.3", "hello"), staging);
        assertThat(b.symbolicName()).isEqualTo("x.y");
        assertThat(b.version()).isEqualTo(new Version(1, 2, 3));
        assertThat(b.entries()).isEqualTo(2);
        assertThat(staging).isEmptyDirectory();
    }

    @Test
    void aTruncatedJarIsRefusedEvenWhenItsManifestIsWhole() throws IOException {
        byte[] whole = bundle("x.y", "1.0.0", "a".repeat(4000));
        // Cut inside the last entry: the manifest, first in the jar, is intact.
        byte[] cut = Arrays.copyOf(whole, whole.length - 200);
        assertThatThrownBy(() -> JarCheck.check(cut, staging))
                .isInstanceOf(MgmtException.class)
                .hasMessageStartingWith("not a bundle:")
                .hasMessageContaining("truncated");
    }

    @Test
    void aCorruptEntryIsRefusedNamingIt() throws IOException {
        byte[] jar = bundle("x.y", "1.0.0", "abcdefghijklmnopqrstuvwxyz");
        byte[] marker = "klmnop".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(jar, marker);
        assertThat(at).isPositive();
        jar[at] = 'K';
        assertThatThrownBy(() -> JarCheck.check(jar, staging))
                .hasMessageContaining("entry 'data/content.txt' is corrupt");
    }

    @Test
    void manifestsTheFrameworkWouldRefuseAreRefusedFirst() throws IOException {
        assertThatThrownBy(() -> JarCheck.check(new byte[0], staging))
                .hasMessage("not a bundle: the jar is empty");
        assertThatThrownBy(() -> JarCheck.check(new byte[] {1, 2, 3}, staging))
                .hasMessageStartingWith("not a bundle: the jar (3 bytes) is truncated");
        assertThatThrownBy(() -> JarCheck.check(bundle("x y", "1.0.0", "a"), staging))
                .hasMessageContaining("Bundle-SymbolicName 'x y' has invalid characters");
        assertThatThrownBy(() -> JarCheck.check(bundle("x.y", "one", "a"), staging))
                .hasMessageContaining("Bundle-Version 'one' is not an OSGi version");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
