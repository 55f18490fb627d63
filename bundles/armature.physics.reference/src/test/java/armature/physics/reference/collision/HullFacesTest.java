package armature.physics.reference.collision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.ConvexFaces;
import armature.physics.reference.fixtures.TestHulls;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hull topology the manifolds rely on ({@link ConvexFaces}, built once per model from the
 * loader's hull triangles): closed (Euler characteristic 2), outward (no point above any face
 * plane), counter-clockwise loops, faces merged across coplanar triangles, points inside a face
 * dropped from its loop.
 */
class HullFacesTest {
    static ConvexFaces of(double[] xyz, int[] triangles) {
        return ConvexFaces.build(
                new int[] {0},
                new int[] {xyz.length / 3},
                xyz,
                new int[] {0},
                new int[] {triangles.length / 3},
                triangles);
    }

    static ConvexFaces of(TestHulls.Hull h) {
        return of(h.vertices(), h.triangles());
    }

    /** Checks closedness, outwardness and loop orientation; returns the vertices used. */
    static Set<Integer> assertClosedAndOutward(ConvexFaces f, double[] p, double tol) {
        Set<Integer> used = new HashSet<>();
        for (int k = 0; k < f.faceCount[0]; k++) {
            double nx = f.faceNormal[3 * k],
                    ny = f.faceNormal[3 * k + 1],
                    nz = f.faceNormal[3 * k + 2];
            assertThat(Math.sqrt(nx * nx + ny * ny + nz * nz)).isCloseTo(1, within(1e-12));
            int s = f.loopStart[k], n = f.loopCount[k];
            int v0 = f.loop[s];
            double off = nx * p[3 * v0] + ny * p[3 * v0 + 1] + nz * p[3 * v0 + 2];
            for (int i = 0; i < p.length / 3; i++) {
                assertThat(nx * p[3 * i] + ny * p[3 * i + 1] + nz * p[3 * i + 2] - off)
                        .as("point %d above face %d", i, k)
                        .isLessThan(tol);
            }
            double area = 0;
            for (int j = 0; j < n; j++) {
                int a = f.loop[s + j], b = f.loop[s + (j + 1) % n];
                used.add(a);
                // twice the signed area about the normal (shoelace in 3D)
                area +=
                        nx * (p[3 * a + 1] * p[3 * b + 2] - p[3 * a + 2] * p[3 * b + 1])
                                + ny * (p[3 * a + 2] * p[3 * b] - p[3 * a] * p[3 * b + 2])
                                + nz * (p[3 * a] * p[3 * b + 1] - p[3 * a + 1] * p[3 * b]);
            }
            assertThat(area).as("face %d counter-clockwise", k).isPositive();
        }
        assertThat(used.size() - f.edgeCount[0] + f.faceCount[0]).as("V - E + F").isEqualTo(2);
        return used;
    }

    @Test
    void cubeWithFaceCentresEdgeMidpointsAndDuplicatesHasSixQuadFaces() {
        // 27 lattice points (corners, edge midpoints, face centres, centre), every one twice
        double[] p = new double[2 * 3 * 27];
        int i = 0;
        for (int copy = 0; copy < 2; copy++) {
            for (int x = -1; x <= 1; x++) {
                for (int y = -1; y <= 1; y++) {
                    for (int z = -1; z <= 1; z++) {
                        p[i++] = 0.1 * x;
                        p[i++] = 0.1 * y;
                        p[i++] = 0.1 * z;
                    }
                }
            }
        }
        TestHulls.Hull h = TestHulls.of(p);
        assertThat(h.vertices()).as("only the 8 corners survive").hasSize(24);
        ConvexFaces f = of(h);
        assertThat(f.faceCount[0]).isEqualTo(6);
        assertThat(f.edgeCount[0]).isEqualTo(12);
        assertThat(assertClosedAndOutward(f, h.vertices(), 1e-12)).hasSize(8);
        for (int k = 0; k < 6; k++) {
            assertThat(f.loopCount[k]).isEqualTo(4);
            double sum =
                    Math.abs(f.faceNormal[3 * k])
                            + Math.abs(f.faceNormal[3 * k + 1])
                            + Math.abs(f.faceNormal[3 * k + 2]);
            assertThat(sum).as("axis-aligned normal").isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void boxTrianglesGiveSixOutwardQuads() {
        double[] corners = new double[24];
        for (int k = 0; k < 8; k++) {
            corners[3 * k] = (k & 1) == 0 ? -0.3 : 0.3;
            corners[3 * k + 1] = (k & 2) == 0 ? -0.2 : 0.2;
            corners[3 * k + 2] = (k & 4) == 0 ? -0.1 : 0.1;
        }
        ConvexFaces f = of(corners, ConvexFaces.boxTriangles());
        assertThat(f.faceCount[0]).isEqualTo(6);
        assertThat(assertClosedAndOutward(f, corners, 1e-12)).hasSize(8);
        for (int v = 0; v < 8; v++) {
            assertThat(f.adjCount[v]).as("corner %d neighbours", v).isEqualTo(3);
        }
    }

    @Test
    void coplanarTrianglesAroundAnInnerVertexMergeIntoOneFace() {
        // a square pyramid whose base is fanned around an extra vertex in its centre
        double[] p = {-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0, 0, 0, 1, 0, 0, 0};
        int[] t = {0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4, 5, 1, 0, 5, 2, 1, 5, 3, 2, 5, 0, 3};
        ConvexFaces f = of(p, t);
        assertThat(f.faceCount[0]).isEqualTo(5);
        Set<Integer> used = assertClosedAndOutward(f, p, 1e-12);
        assertThat(used).doesNotContain(5);
        assertThat(f.adjCount[5]).as("inner vertex is off the edge graph").isZero();
    }

    @Test
    void randomCloudsGiveClosedOutwardHulls() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 10 + rnd.nextInt(300);
            double[] p = new double[3 * n];
            for (int i = 0; i < p.length; i++) {
                p[i] = rnd.nextGaussian() * (1 + (i % 3));
            }
            TestHulls.Hull h = TestHulls.of(p);
            ConvexFaces f = of(h);
            double[] v = h.vertices();
            for (int k = 0; k < f.faceCount[0]; k++) {
                int v0 = f.loop[f.loopStart[k]];
                double[] nrm = Arrays.copyOfRange(f.faceNormal, 3 * k, 3 * k + 3);
                double off = nrm[0] * v[3 * v0] + nrm[1] * v[3 * v0 + 1] + nrm[2] * v[3 * v0 + 2];
                for (int i = 0; i < n; i++) {
                    assertThat(nrm[0] * p[3 * i] + nrm[1] * p[3 * i + 1] + nrm[2] * p[3 * i + 2])
                            .as("input point %d above face %d", i, k)
                            .isLessThan(off + 1e-12);
                }
            }
            assertThat(assertClosedAndOutward(f, v, 1e-12))
                    .as("every hull vertex is a corner on some loop")
                    .hasSize(h.vertices().length / 3);
            // every vertex on a loop has neighbours (hill climbing needs a connected graph)
            for (int k = 0; k < f.edgeCount[0]; k++) {
                assertThat(f.adjCount[f.edgeVert[2 * k]]).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void openOrBadlyIndexedTrianglesAreRejected() {
        double[] p = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
        int[] closed = {0, 2, 1, 0, 1, 3, 1, 2, 3, 2, 0, 3};
        assertThat(of(p, closed).faceCount[0]).isEqualTo(4);
        int[] open = {0, 2, 1, 0, 1, 3, 1, 2, 3};
        assertThatThrownBy(() -> of(p, open)).hasMessageContaining("no neighbouring triangle");
        int[] flipped = {0, 1, 2, 0, 1, 3, 1, 2, 3, 2, 0, 3};
        assertThatThrownBy(() -> of(p, flipped)).hasMessageContaining("used twice");
        int[] outOfRange = {0, 2, 1, 0, 1, 3, 1, 2, 3, 2, 0, 4};
        assertThatThrownBy(() -> of(p, outOfRange)).hasMessageContaining("index 4");
    }
}
