package armature.robot.model.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.ExampleModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuickHullTest {

    /**
     * Checks a hull is a closed, consistently oriented triangulated sphere, that no point lies
     * strictly outside any face (exact predicate) and that every point is within {@code tolerance}
     * of the inside by the floating-point signed distance. Checks every {@code stride}-th point.
     */
    static void assertValidHull(ConvexHull hull, List<Vec3> points, double tolerance) {
        assertValidHull(hull, points, tolerance, 1);
    }

    static void assertValidHull(ConvexHull hull, List<Vec3> points, double tolerance, int stride) {
        int v = hull.vertices().size();
        int e = hull.edgeCount();
        int f = hull.triangleCount();
        assertThat(v - e + f).as("Euler characteristic V - E + F").isEqualTo(2);
        assertThat(2 * e).as("every edge shared by exactly two triangles").isEqualTo(3 * f);
        Map<Long, Integer> directed = new HashMap<>();
        for (int i = 0; i < f; i++) {
            int[] t = hull.triangle(i);
            for (int k = 0; k < 3; k++) {
                long key = ((long) t[k] << 32) | t[(k + 1) % 3];
                directed.merge(key, 1, Integer::sum);
            }
        }
        assertThat(directed.values())
                .as("each directed edge used once (orientation)")
                .allMatch(c -> c == 1);
        for (Map.Entry<Long, Integer> en : directed.entrySet()) {
            long a = en.getKey() >>> 32;
            long b = en.getKey() & 0xffffffffL;
            assertThat(directed).containsKey((b << 32) | a);
        }
        assertThat(hull.volume()).isPositive();
        for (int k = 0; k < points.size(); k += stride) {
            Vec3 p = points.get(k);
            assertThat(hull.signedDistance(p))
                    .as("point %s inside hull", p)
                    .isLessThanOrEqualTo(tolerance);
            for (int i = 0; i < f; i++) {
                int[] t = hull.triangle(i);
                int side =
                        Orient3d.side(
                                hull.vertices().get(t[0]).toArray(),
                                hull.vertices().get(t[1]).toArray(),
                                hull.vertices().get(t[2]).toArray(),
                                p.toArray());
                assertThat(side)
                        .as("point %s strictly outside triangle %d", p, i)
                        .isLessThanOrEqualTo(0);
            }
        }
    }

    private static List<Vec3> cubeCorners() {
        List<Vec3> pts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pts.add(new Vec3(i & 1, (i >> 1) & 1, (i >> 2) & 1));
        }
        return pts;
    }

    @Test
    void unitCubeHasVolumeOne() {
        List<Vec3> pts = cubeCorners();
        pts.add(new Vec3(0.5, 0.5, 0.5));
        pts.add(new Vec3(0.2, 0.7, 0.1));
        ConvexHull hull = QuickHull.build(pts);
        assertThat(hull.volume()).isCloseTo(1.0, within(1e-12));
        assertThat(hull.vertices()).hasSize(8);
        assertThat(hull.triangleCount()).isEqualTo(12);
        assertThat(hull.centroid().x()).isCloseTo(0.5, within(1e-12));
        assertThat(hull.centroid().z()).isCloseTo(0.5, within(1e-12));
        // Unit cube at unit density: I = (1/6) about each centroidal axis.
        Inertia i = hull.unitDensityInertiaAboutCentroid();
        assertThat(i.ixxKgM2()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(i.iyyKgM2()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(i.ixyKgM2()).isCloseTo(0, within(1e-12));
        assertValidHull(hull, pts, 1e-12);
    }

    @Test
    void gridOnCubeSurfaceWithManyCoplanarPoints() {
        List<Vec3> pts = new ArrayList<>();
        for (int x = 0; x <= 10; x++) {
            for (int y = 0; y <= 10; y++) {
                for (int z = 0; z <= 10; z++) {
                    pts.add(new Vec3(x / 10.0, y / 10.0, z / 10.0));
                }
            }
        }
        ConvexHull hull = QuickHull.build(pts);
        assertThat(hull.volume()).isCloseTo(1.0, within(1e-9));
        // Only the true corners survive: points inside facets and along edges are dropped.
        assertThat(hull.vertices()).containsExactlyInAnyOrderElementsOf(cubeCorners());
        assertThat(hull.triangleCount()).isEqualTo(12);
        assertValidHull(hull, pts, 1e-9);
    }

    @Test
    void cubeWithEveryPointRepeatedKeepsEachCornerOnce() {
        // corners, face centres and the centre, each three times, in shuffled order: the engine
        // takes this hull as it is, so duplicates must not survive as coincident vertices
        List<Vec3> pts = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            pts.addAll(cubeCorners());
            pts.add(new Vec3(0.5, 0.5, 0.5));
            pts.add(new Vec3(0.5, 0.5, 0));
            pts.add(new Vec3(1, 0.5, 0.5));
        }
        java.util.Collections.shuffle(pts, new java.util.Random(11));
        ConvexHull hull = QuickHull.build(pts);
        assertThat(hull.vertices()).containsExactlyInAnyOrderElementsOf(cubeCorners());
        assertThat(hull.triangleCount()).isEqualTo(12);
        assertThat(hull.edgeCount()).isEqualTo(18);
        assertThat(hull.volume()).isCloseTo(1.0, within(1e-12));
        assertValidHull(hull, pts, 1e-12);
    }

    @Test
    void boxInertiaMatchesAnalytic() {
        // 2 x 1 x 0.5 box offset from the origin.
        List<Vec3> pts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pts.add(new Vec3(5 + 2 * (i & 1), -3 + ((i >> 1) & 1), 1 + 0.5 * ((i >> 2) & 1)));
        }
        ConvexHull hull = QuickHull.build(pts);
        double v = 1.0;
        assertThat(hull.volume()).isCloseTo(v, within(1e-12));
        Inertia i = hull.unitDensityInertiaAboutCentroid();
        assertThat(i.ixxKgM2()).isCloseTo(v / 12 * (1 + 0.25), within(1e-10));
        assertThat(i.iyyKgM2()).isCloseTo(v / 12 * (4 + 0.25), within(1e-10));
        assertThat(i.izzKgM2()).isCloseTo(v / 12 * (4 + 1), within(1e-10));
        assertThat(hull.centroid().x()).isCloseTo(6, within(1e-12));
    }

    @Test
    void sphereCloudApproachesSphereVolume() {
        double r = 0.3;
        double exact = 4.0 / 3 * Math.PI * r * r * r;
        double previousError = Double.MAX_VALUE;
        for (int n : new int[] {200, 2000, 20000}) {
            List<Vec3> pts = fibonacciSphere(n, r);
            ConvexHull hull = QuickHull.build(pts);
            double error = (exact - hull.volume()) / exact;
            assertThat(error).as("inscribed hull is smaller than the sphere").isPositive();
            assertThat(error).as("error shrinks with more points").isLessThan(previousError);
            previousError = error;
            assertValidHull(hull, pts, 1e-12, Math.max(1, n / 500));
        }
        assertThat(previousError).as("relative volume error with 20000 points").isLessThan(1e-3);
    }

    @Test
    void randomCloudsAreContained() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            List<Vec3> pts = new ArrayList<>();
            int n = 50 + rnd.nextInt(500);
            for (int i = 0; i < n; i++) {
                pts.add(
                        new Vec3(
                                rnd.nextGaussian(),
                                rnd.nextGaussian() * 0.1,
                                rnd.nextGaussian() * 5));
            }
            assertValidHull(QuickHull.build(pts), pts, 1e-9);
        }
    }

    @Test
    void degenerateInputIsRejected() {
        List<Vec3> flat = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flat.add(new Vec3(i, i * i, 0));
        }
        assertThatThrownBy(() -> QuickHull.build(flat)).hasMessageContaining("coplanar");
        List<Vec3> line =
                List.of(new Vec3(0, 0, 0), new Vec3(1, 1, 1), new Vec3(2, 2, 2), new Vec3(3, 3, 3));
        assertThatThrownBy(() -> QuickHull.build(line)).hasMessageContaining("collinear");
        assertThatThrownBy(() -> QuickHull.build(List.of(Vec3.ZERO, Vec3.UNIT_Z)))
                .hasMessageContaining("at least 4");
    }

    static Stream<Path> realStlFiles() throws IOException {
        Path root = ExampleModels.root();
        try (Stream<Path> s = Files.walk(root)) {
            return s
                    .filter(p -> p.toString().toLowerCase().endsWith(".stl"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("realStlFiles")
    void hullOfEveryRealStlIsValid(Path stl) throws IOException {
        StlReader.StlMesh mesh = StlReader.read(stl);
        ConvexHull hull = QuickHull.build(mesh.distinctVertices());
        double size = 0;
        for (Vec3 v : mesh.distinctVertices()) {
            size =
                    Math.max(
                            size,
                            Math.max(Math.abs(v.x()), Math.max(Math.abs(v.y()), Math.abs(v.z()))));
        }
        // Bound the O(points x faces) exact check to a few million predicate calls per mesh.
        long work = (long) mesh.distinctVertices().size() * hull.triangleCount();
        int stride = (int) Math.max(1, work / 3_000_000);
        assertValidHull(hull, mesh.distinctVertices(), 1e-7 * size, stride);
        assertThat(hull.vertices().size()).isLessThanOrEqualTo(mesh.distinctVertices().size());
        // Independent check of the hull's volume integral: the closed, outward-wound mesh itself
        // (divergence theorem over its own triangles) can never enclose more than its hull.
        assertThat(mesh.signedVolume() / hull.volume()).isPositive().isLessThanOrEqualTo(1 + 1e-9);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bellows_link_collision.stl",
                "elbow_flex_link_collision.stl",
                "forearm_roll_link_collision.stl",
                "gripper_link.stl",
                "head_pan_link_collision.stl",
                "l_wheel_link_collision.stl",
                "shoulder_lift_link_collision.stl",
                "torso_fixed_link.stl",
                "upperarm_roll_link_collision.stl",
                "wrist_roll_link_collision.stl"
            })
    void hullOfConvexFetchMeshEnclosesExactlyTheMeshVolume(String name) throws IOException {
        // These Fetch collision meshes are convex: every vertex is a hull vertex and the mesh's own
        // volume must equal the hull's.
        StlReader.StlMesh mesh =
                StlReader.read(ExampleModels.file("gymnasium-robotics/stls/fetch/" + name));
        ConvexHull hull = QuickHull.build(mesh.distinctVertices());
        assertThat(hull.volume()).isCloseTo(mesh.signedVolume(), within(1e-9 * hull.volume()));
    }

    static List<Vec3> fibonacciSphere(int n, double r) {
        List<Vec3> pts = new ArrayList<>();
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < n; i++) {
            double y = 1 - 2.0 * (i + 0.5) / n;
            double rad = Math.sqrt(1 - y * y);
            double theta = golden * i;
            pts.add(new Vec3(r * Math.cos(theta) * rad, r * y, r * Math.sin(theta) * rad));
        }
        return pts;
    }
}
