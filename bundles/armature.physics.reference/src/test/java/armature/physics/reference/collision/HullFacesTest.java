package armature.physics.reference.collision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.ConvexFaces;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hull topology the manifolds rely on ({@link ConvexFaces}, built once per model): closed
 * (Euler characteristic 2), outward (no point above any face plane), counter-clockwise loops, faces
 * merged across coplanar triangles, points inside a face dropped from its loop.
 */
class HullFacesTest {
    static ConvexFaces of(double[] xyz) {
        return ConvexFaces.build(new int[] {0}, new int[] {xyz.length / 3}, xyz);
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
    void cubeWithFaceCentresAndEdgeMidpointsHasSixFaces() {
        double[] p = new double[3 * (8 + 6 + 12 + 1)];
        int i = 0;
        for (int x = -1; x <= 1; x++) {
            for (int y = -1; y <= 1; y++) {
                for (int z = -1; z <= 1; z++) {
                    p[i++] = 0.1 * x;
                    p[i++] = 0.1 * y;
                    p[i++] = 0.1 * z;
                }
            }
        }
        ConvexFaces f = of(p);
        assertThat(f.faceCount[0]).isEqualTo(6);
        Set<Integer> used = assertClosedAndOutward(f, p, 1e-12);
        // corners are on loops (edge midpoints may be, depending on insertion order); face
        // centres and the centre never are
        for (int k = 0; k < p.length / 3; k++) {
            int zeros = 0;
            for (int e = 0; e < 3; e++) {
                zeros += p[3 * k + e] == 0 ? 1 : 0;
            }
            if (zeros == 0) {
                assertThat(used).as("corner %d", k).contains(k);
            } else if (zeros >= 2) {
                assertThat(used).as("face centre %d", k).doesNotContain(k);
            }
        }
        for (int k = 0; k < 6; k++) {
            double sum =
                    Math.abs(f.faceNormal[3 * k])
                            + Math.abs(f.faceNormal[3 * k + 1])
                            + Math.abs(f.faceNormal[3 * k + 2]);
            assertThat(sum).as("axis-aligned normal").isCloseTo(1, within(1e-12));
        }
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
            ConvexFaces f = of(p);
            // points within the hull's 1e-10 relative visibility tolerance may sit on a face
            assertClosedAndOutward(f, p, 1e-8);
            // every vertex on a loop has neighbours (hill climbing needs a connected graph)
            for (int k = 0; k < f.edgeCount[0]; k++) {
                assertThat(f.adjCount[f.edgeVert[2 * k]]).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void flatPointSetsGetNoFaces() {
        double[] square = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5, 0.5, 0};
        assertThat(of(square).faceCount[0]).isZero();
    }
}
