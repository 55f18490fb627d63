package armature.robot.model.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.ExampleModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StlReaderTest {
    @TempDir Path tmp;

    @Test
    void readsRealBinaryStlWithTriangleCountFromSize() throws IOException {
        Path stl = ExampleModels.file("gymnasium-robotics/stls/hand/F1.stl");
        long size = Files.size(stl);
        StlReader.StlMesh mesh = StlReader.read(stl);
        assertThat(mesh.triangleCount()).isEqualTo((int) ((size - 84) / 50));
        // A closed triangle mesh has roughly half as many vertices as triangles, never more than
        // 3x.
        assertThat(mesh.distinctVertices().size())
                .isGreaterThan(3)
                .isLessThan(3 * mesh.triangleCount());
    }

    @Test
    void readsBinaryStlWhoseHeaderStartsWithSolid() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(84 + 50).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = Arrays.copyOf("solid but binary".getBytes(StandardCharsets.US_ASCII), 80);
        b.put(header).putInt(1);
        b.putFloat(0).putFloat(0).putFloat(1);
        b.putFloat(0).putFloat(0).putFloat(0);
        b.putFloat(1).putFloat(0).putFloat(0);
        b.putFloat(0).putFloat(1).putFloat(0);
        b.putShort((short) 0);
        Path f = tmp.resolve("tri.stl");
        Files.write(f, b.array());
        StlReader.StlMesh mesh = StlReader.read(f);
        assertThat(mesh.triangleCount()).isEqualTo(1);
        assertThat(mesh.distinctVertices())
                .containsExactly(Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0));
    }

    @Test
    void readsAsciiStl() throws IOException {
        StringBuilder sb = new StringBuilder("solid tet\n");
        double[][] v = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        int[][] faces = {{0, 2, 1}, {0, 1, 3}, {1, 2, 3}, {0, 3, 2}};
        for (int[] f : faces) {
            sb.append(" facet normal 0 0 0\n  outer loop\n");
            for (int k : f) {
                sb.append("   vertex ")
                        .append(v[k][0])
                        .append(' ')
                        .append(v[k][1])
                        .append(' ')
                        .append(v[k][2])
                        .append('\n');
            }
            sb.append("  endloop\n endfacet\n");
        }
        sb.append("endsolid tet\n");
        Path f = tmp.resolve("tet.stl");
        Files.writeString(f, sb.toString());
        StlReader.StlMesh mesh = StlReader.read(f);
        assertThat(mesh.triangleCount()).isEqualTo(4);
        assertThat(mesh.distinctVertices()).hasSize(4);
        assertThat(QuickHull.build(mesh.distinctVertices()).volume())
                .isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rejectsTruncatedAndBadFiles() throws IOException {
        Path real = ExampleModels.file("gymnasium-robotics/stls/hand/F1.stl");
        byte[] bytes = Files.readAllBytes(real);
        Path truncated = tmp.resolve("truncated.stl");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 7));
        assertThatThrownBy(() -> StlReader.read(truncated))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.stl");
        Path ascii = tmp.resolve("bad.stl");
        Files.writeString(
                ascii, "solid x\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 zero\n");
        assertThatThrownBy(() -> StlReader.read(ascii))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bad.stl:4");
    }
}
