package armature.policy.onnx.pkg;

import static armature.policy.onnx.pkg.TestPackages.descriptor;
import static armature.policy.onnx.pkg.TestPackages.json;
import static armature.policy.onnx.pkg.TestPackages.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading packages from real files: the zip, the bare network with its descriptor, and errors. */
class PolicyPackageTest {
    @TempDir Path dir;

    @Test
    void aPackageWrittenIsReadBackWithEveryNetwork() throws IOException {
        byte[] a = mlp(1);
        byte[] b = mlp(2);
        Map<String, Object> d = descriptor("members/a.onnx", "members/b.onnx");
        Path file = dir.resolve("hand.armpolicy");
        PolicyPackage.write(file, json(d), Map.of("members/a.onnx", a, "members/b.onnx", b));
        PolicyPackage p = PolicyPackage.read(file);
        assertThat(p.origin()).isEqualTo(file.toString());
        assertThat(p.descriptor().name()).isEqualTo("test-policy");
        assertThat(p.networks().keySet()).containsExactly("members/a.onnx", "members/b.onnx");
        assertThat(p.networks().get("members/a.onnx")).isEqualTo(a);
        assertThat(p.networks().get("members/b.onnx")).isEqualTo(b);
        assertThat(p.networkBytes()).isEqualTo(a.length + b.length);
        assertThat(new String(p.descriptorJson(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"trainedBy\"");
        assertThat(dir.resolve("hand.armpolicy.tmp")).doesNotExist();
    }

    @Test
    void aPackageWithoutNetworksListedUsesPolicyOnnx() throws IOException {
        Map<String, Object> d = descriptor();
        d.remove("networks");
        Path file = dir.resolve("one.armpolicy");
        zip(file, Map.of("policy.json", json(d), "policy.onnx", mlp(3), "README.md", new byte[3]));
        assertThat(PolicyPackage.read(file).networks()).containsOnlyKeys("policy.onnx");
    }

    @Test
    void aBareNetworkIsReadThroughItsDescriptorOrByItsOwnName() throws IOException {
        Map<String, Object> d = descriptor();
        d.remove("networks");
        byte[] net = mlp(4);
        Files.write(dir.resolve("reach.onnx"), net);
        Files.write(dir.resolve("reach.policy.json"), json(d));
        for (Path source : List.of(dir.resolve("reach.policy.json"), dir.resolve("reach.onnx"))) {
            PolicyPackage p = PolicyPackage.read(source);
            assertThat(p.networks()).containsOnlyKeys("reach.onnx");
            assertThat(p.networks().get("reach.onnx")).isEqualTo(net);
            assertThat(p.origin()).endsWith("reach.policy.json");
        }
    }

    @Test
    void aBareDescriptorMayNameSeveralNetworksBesideIt() throws IOException {
        Files.createDirectories(dir.resolve("m"));
        Files.write(dir.resolve("m/0.onnx"), mlp(5));
        Files.write(dir.resolve("m/1.onnx"), mlp(6));
        Files.write(dir.resolve("ens.policy.json"), json(descriptor("m/0.onnx", "m/1.onnx")));
        assertThat(PolicyPackage.read(dir.resolve("ens.policy.json")).networks())
                .containsOnlyKeys("m/0.onnx", "m/1.onnx");
    }

    @Test
    void missingPiecesAreNamed() throws IOException {
        Path noDescriptor = dir.resolve("a.armpolicy");
        zip(noDescriptor, Map.of("policy.onnx", mlp(1)));
        assertThatThrownBy(() -> PolicyPackage.read(noDescriptor))
                .hasMessage(
                        noDescriptor
                                + ": policy.json: missing; a policy package holds its descriptor as"
                                + " policy.json at the top of the zip");

        Path noNetwork = dir.resolve("b.armpolicy");
        zip(noNetwork, Map.of("policy.json", json(descriptor("x.onnx")), "y.onnx", mlp(1)));
        assertThatThrownBy(() -> PolicyPackage.read(noNetwork))
                .hasMessage(
                        noNetwork
                                + ": networks[0] = \"x.onnx\"; allowed: a network the package"
                                + " holds: [policy.json, y.onnx]");

        Path notZip = dir.resolve("c.armpolicy");
        Files.writeString(notZip, "not a zip");
        assertThatThrownBy(() -> PolicyPackage.read(notZip))
                .hasMessageStartingWith(notZip + ": source: not a readable zip");

        Path lonely = dir.resolve("lonely.onnx");
        Files.write(lonely, mlp(1));
        assertThatThrownBy(() -> PolicyPackage.read(lonely))
                .hasMessageContaining(
                        "source = \"lonely.onnx\"; allowed: a bare network with its"
                                + " descriptor lonely.policy.json beside it");

        Path bareMissing = dir.resolve("gone.policy.json");
        Files.write(bareMissing, json(descriptor("gone.onnx")));
        assertThatThrownBy(() -> PolicyPackage.read(bareMissing))
                .hasMessageContaining("networks = \"gone.onnx\"; allowed: ONNX files that exist");

        Path text = dir.resolve("policy.txt");
        Files.writeString(text, "{}");
        assertThatThrownBy(() -> PolicyPackage.read(text))
                .hasMessageContaining(
                        "source = \"policy.txt\"; allowed: a policy package NAME.armpolicy");

        assertThatThrownBy(() -> PolicyPackage.read(dir.resolve("nothing.armpolicy")))
                .hasMessageContaining("allowed: an existing file");
    }

    @Test
    void aBadDescriptorInsideAPackageIsNamedWithItsEntry() throws IOException {
        Map<String, Object> d = descriptor("policy.onnx");
        d.put("controlRateHz", 5000);
        Path file = dir.resolve("fast.armpolicy");
        zip(file, Map.of("policy.json", json(d), "policy.onnx", mlp(1)));
        assertThatThrownBy(() -> PolicyPackage.read(file))
                .isInstanceOf(PolicyPackageException.class)
                .hasMessage(file + "!policy.json: controlRateHz = 5000.0; allowed: (0, 1000] Hz");
    }

    private static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : new LinkedHashMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }
}
