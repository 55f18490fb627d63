package armature.robot.model.geometry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads binary and ASCII STL files into a triangle soup and its distinct vertices.
 *
 * <p>A file is treated as binary when its size equals {@code 84 + 50 * triangleCount}, whatever its
 * header says (many binary exporters write "solid" into the header); otherwise as ASCII if it
 * starts with {@code solid}.
 */
public final class StlReader {
    private StlReader() {}

    /**
     * The contents of an STL file: distinct vertices and the triangles that index them.
     *
     * @param triangleCount number of facets in the file
     * @param distinctVertices vertices with exact duplicates merged, in first-seen order, unscaled
     * @param triangleIndices three indices into {@code distinctVertices} per facet, in file order
     *     and winding
     */
    public record StlMesh(
            int triangleCount, List<Vec3> distinctVertices, List<Integer> triangleIndices) {
        /** Copies the lists and checks their sizes agree. */
        public StlMesh {
            distinctVertices = List.copyOf(distinctVertices);
            triangleIndices = List.copyOf(triangleIndices);
            if (triangleIndices.size() != 3 * triangleCount) {
                throw new IllegalArgumentException(
                        "expected "
                                + 3 * triangleCount
                                + " indices, got "
                                + triangleIndices.size());
            }
        }

        /**
         * Volume enclosed by the triangles (divergence theorem). Meaningful for closed,
         * consistently wound meshes; for those it equals the hull volume exactly when the mesh is
         * convex.
         *
         * @return signed volume in cubic file units (positive for outward winding)
         */
        public double signedVolume() {
            double v = 0;
            for (int t = 0; t < triangleCount; t++) {
                Vec3 a = distinctVertices.get(triangleIndices.get(3 * t));
                Vec3 b = distinctVertices.get(triangleIndices.get(3 * t + 1));
                Vec3 c = distinctVertices.get(triangleIndices.get(3 * t + 2));
                v += a.dot(b.cross(c)) / 6;
            }
            return v;
        }
    }

    /**
     * @param file an STL file
     * @return the mesh
     * @throws IOException if the file cannot be read or is not a well-formed STL file; the message
     *     names the file
     */
    public static StlMesh read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 84) {
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long count = Integer.toUnsignedLong(buf.getInt(80));
            if (84 + 50 * count == bytes.length) {
                return readBinary(buf, (int) count, file);
            }
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 5), StandardCharsets.US_ASCII);
        if (head.equals("solid")) {
            return readAscii(new String(bytes, StandardCharsets.US_ASCII), file);
        }
        throw new IOException(
                file
                        + ": not an STL file (size "
                        + bytes.length
                        + " bytes does not match a binary triangle count, and no 'solid' header)");
    }

    private static StlMesh readBinary(ByteBuffer buf, int count, Path file) throws IOException {
        Dedup dedup = new Dedup();
        for (int t = 0; t < count; t++) {
            int base = 84 + 50 * t + 12;
            for (int k = 0; k < 3; k++) {
                int o = base + 12 * k;
                float x = buf.getFloat(o);
                float y = buf.getFloat(o + 4);
                float z = buf.getFloat(o + 8);
                if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
                    throw new IOException(file + ": triangle " + t + " has a non-finite vertex");
                }
                dedup.add(x, y, z);
            }
        }
        return new StlMesh(count, dedup.vertices, dedup.indices);
    }

    private static StlMesh readAscii(String text, Path file) throws IOException {
        Dedup dedup = new Dedup();
        int vertexCount = 0;
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (!line.startsWith("vertex")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 4) {
                throw new IOException(
                        file + ":" + (i + 1) + ": 'vertex' needs three coordinates: " + line);
            }
            try {
                dedup.add(
                        Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]),
                        Double.parseDouble(parts[3]));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": bad number in '" + line + "'", e);
            }
            vertexCount++;
        }
        if (vertexCount == 0 || vertexCount % 3 != 0) {
            throw new IOException(
                    file + ": ASCII STL has " + vertexCount + " vertices, not a multiple of 3");
        }
        return new StlMesh(vertexCount / 3, dedup.vertices, dedup.indices);
    }

    private static final class Dedup {
        final List<Vec3> vertices = new ArrayList<>();
        final List<Integer> indices = new ArrayList<>();
        final Map<Vec3, Integer> seen = new HashMap<>();

        void add(double x, double y, double z) {
            Vec3 v = new Vec3(x, y, z);
            Integer index = seen.get(v);
            if (index == null) {
                index = vertices.size();
                seen.put(v, index);
                vertices.add(v);
            }
            indices.add(index);
        }
    }
}
