package armature.physics.reference.collision;

import static armature.physics.reference.collision.NarrowPhaseTest.NZ;
import static armature.physics.reference.collision.NarrowPhaseTest.PZ;
import static armature.physics.reference.collision.NarrowPhaseTest.assertContact;
import static armature.physics.reference.collision.NarrowPhaseTest.cube;
import static armature.physics.reference.collision.NarrowPhaseTest.g;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.ConvexFaces;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.NarrowPhaseTest.GeomSpec;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.physics.reference.fixtures.Robots;
import armature.physics.reference.fixtures.TestHulls;
import armature.robot.model.GeomType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Multi-point manifolds (ADR 0023) against hand-computed geometry: point count, normal and distance
 * to 1e-9 (flat contacts are exact up to rounding), points where they are known, margins.
 */
class ManifoldTest {
    static final double TOL = 1e-9;
    static final double BIAS = 1 / 0.98;

    /**
     * Contacts of a against b with a margin; the mesh slot holds a 0.1 cube and a 0.3x0.3x0.02
     * slab.
     */
    static ContactSet collide(GeomSpec a, GeomSpec b, double margin) {
        ModelBuilder mb = new ModelBuilder("pair");
        int mesh = mb.addMesh("cube", cube(0.1), ConvexFaces.boxTriangles());
        int ga = a.add(mb, "a", mesh), gb = b.add(mb, "b", mesh);
        MultibodyModel m = mb.build();
        MultibodyData d = new MultibodyData(m);
        Kinematics.forward(d);
        ContactSet cs = new ContactSet(16);
        new NarrowPhase(m).collide(d, ga, gb, margin, cs);
        return cs;
    }

    static final double[] SIZE_BOX = {0.1, 0.1, 0.1};

    static void assertAll(ContactSet cs, int count, double dist, double[] normal) {
        assertThat(cs.count).as("contacts").isEqualTo(count);
        for (int c = 0; c < count; c++) {
            assertContact(cs, c, dist, normal, null, TOL);
        }
    }

    static double[][] points(ContactSet cs) {
        double[][] p = new double[cs.count][];
        for (int c = 0; c < cs.count; c++) {
            p[c] = Arrays.copyOfRange(cs.pos, 3 * c, 3 * c + 3);
        }
        Arrays.sort(
                p,
                (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
        return p;
    }

    @Test
    void boxRestingOnABoxTurned30DegreesGetsItsFourBottomCorners() {
        // top box 0.05 half-size, turned 30 deg about z, 1 mm into the lower box's top face
        // (z=0.1): its four bottom corners at half the depth, as MuJoCo 2.2.2 reports a box-box
        // face contact (ADR 0087). MJCF: <body><freejoint/><geom type="box" size=".1 .1 .1"/>
        // </body><body pos=".01 .02 .149" axisangle="0 0 1 30"><freejoint/>
        // <geom type="box" size=".05 .05 .05"/></body>
        double ang = Math.PI / 6;
        ContactSet cs =
                collide(
                        g(GeomType.BOX, SIZE_BOX, 0, 0, 0),
                        g(
                                GeomType.BOX,
                                new double[] {0.05, 0.05, 0.05},
                                0.01,
                                0.02,
                                0.149,
                                Robots.about(Robots.Z, ang)),
                        0);
        NarrowPhaseTest.assertMujoco(
                cs,
                new double[][] {
                    {-0.0005, -0.00830127018922194, -0.04830127018922194, 0.0995, 0, 0, 1},
                    {-0.0005, 0.07830127018922194, 0.0016987298107780588, 0.0995, 0, 0, 1},
                    {-0.0005, -0.05830127018922193, 0.03830127018922194, 0.0995, 0, 0, 1},
                    {-0.0005, 0.02830127018922194, 0.08830127018922193, 0.0995, 0, 0, 1}
                });
        double c = Math.cos(ang), s = Math.sin(ang);
        for (int k = 0; k < 4; k++) {
            double px = cs.pos[3 * k] - 0.01, py = cs.pos[3 * k + 1] - 0.02;
            // back in the top box's frame every point is a bottom corner (+-0.05, +-0.05)
            double lx = c * px + s * py, ly = -s * px + c * py;
            assertThat(Math.abs(lx)).isCloseTo(0.05, within(TOL));
            assertThat(Math.abs(ly)).isCloseTo(0.05, within(TOL));
        }
    }

    @Test
    void boxLyingAcrossANarrowBoxGetsTheCrossingSquare() {
        // two bars crossing at right angles, 2 mm deep: MuJoCo 2.2.2 reports the crossing square
        // at half the depth plus a fifth point, the upper bar's bottom corner (-0.02, -0.2), which
        // lies over no part of the lower bar; kept because trajectories depend on MuJoCo's points
        // (ADR 0087). MJCF: <body><freejoint/><geom type="box" size=".2 .02 .02"/></body>
        // <body pos="0 0 .038"><freejoint/><geom type="box" size=".02 .2 .02"/></body>
        ContactSet cs =
                collide(
                        g(GeomType.BOX, new double[] {0.2, 0.02, 0.02}, 0, 0, 0),
                        g(GeomType.BOX, new double[] {0.02, 0.2, 0.02}, 0, 0, 0.038),
                        0);
        NarrowPhaseTest.assertMujoco(
                cs,
                new double[][] {
                    {-0.001, -0.02, -0.02, 0.019, 0, 0, 1},
                    {-0.001, -0.02, 0.02, 0.019, 0, 0, 1},
                    {-0.001, 0.02, -0.02, 0.019, 0, 0, 1},
                    {-0.001, 0.02, 0.02, 0.019, 0, 0, 1},
                    {-0.001, -0.02, -0.2, 0.019, 0, 0, 1}
                });
    }

    @Test
    void crossedEdgesGiveOneEdgeEdgePoint() {
        // lower box rolled 45 deg about x: top edge along x at z = 0.1 sqrt 2; upper box rolled 45
        // deg about y: bottom edge along y at its centre - 0.1 sqrt 2; they overlap by 2 mm
        double r2 = 0.1 * Math.sqrt(2);
        ContactSet cs =
                collide(
                        g(GeomType.BOX, SIZE_BOX, 0, 0, 0, Robots.about(Robots.X, Math.PI / 4)),
                        g(
                                GeomType.BOX,
                                SIZE_BOX,
                                0,
                                0,
                                2 * r2 - 0.002,
                                Robots.about(Robots.Y, Math.PI / 4)),
                        0);
        assertAll(cs, 1, -0.002, PZ);
        assertContact(cs, 0, -0.002, PZ, new double[] {0, 0, r2 - 0.001}, TOL);
    }

    @Test
    void boxAboveABoxWithinTheMarginIsReportedWithItsDistance() {
        ContactSet cs =
                collide(
                        g(GeomType.BOX, SIZE_BOX, 0, 0, 0),
                        g(GeomType.BOX, new double[] {0.05, 0.05, 0.05}, 0, 0, 0.152),
                        0.005);
        assertAll(cs, 4, 0.002, PZ);
        assertThat(
                        collide(
                                        g(GeomType.BOX, SIZE_BOX, 0, 0, 0),
                                        g(
                                                GeomType.BOX,
                                                new double[] {0.05, 0.05, 0.05},
                                                0,
                                                0,
                                                0.152),
                                        0.001)
                                .count)
                .as("beyond a 1 mm margin")
                .isZero();
    }

    @Test
    void meshCubeOnABoxAndOnAMeshCube() {
        // mesh cube (0.1 half-size) 1 mm into a box below it, and into another mesh cube
        GeomSpec mesh = g(GeomType.MESH, null, 0.03, -0.02, 0.149);
        assertAll(
                collide(g(GeomType.BOX, new double[] {0.3, 0.3, 0.05}, 0, 0, 0), mesh, 0),
                4,
                -0.001,
                PZ);
        ContactSet mm =
                collide(
                        g(GeomType.MESH, null, 0, 0, 0),
                        g(GeomType.MESH, null, 0.03, -0.02, 0.199),
                        0);
        assertAll(mm, 4, -0.001, PZ);
        double[][] p = points(mm);
        // the overlap of the two squares: x in [-0.07, 0.1], y in [-0.1, 0.08]
        assertThat(p[0][0]).isCloseTo(-0.07, within(TOL));
        assertThat(p[3][0]).isCloseTo(0.1, within(TOL));
        assertThat(p[0][1]).isCloseTo(-0.1, within(TOL));
        assertThat(p[3][1]).isCloseTo(0.08, within(TOL));
    }

    @Test
    void planeMeshKeepsTheDeepestAndWidestFour() {
        // cube tilted 0.1 rad about x: the lower edge (2 vertices) is deeper than the other two
        ContactSet cs =
                collide(
                        NarrowPhaseTest.PLANE,
                        g(GeomType.MESH, null, 0, 0, 0.1, Robots.about(Robots.X, 0.1)),
                        0.05);
        assertThat(cs.count).isEqualTo(4);
        double deepest = Arrays.stream(cs.dist, 0, 4).min().orElseThrow();
        double c = Math.cos(0.1), s = Math.sin(0.1);
        assertThat(deepest).isCloseTo(0.1 - 0.1 * c - 0.1 * s, within(TOL));
    }

    @Test
    void cylinderLyingOnABoxGetsItsSideLine() {
        double[] alongY = Robots.about(Robots.X, Math.PI / 2);
        ContactSet cs =
                collide(
                        g(GeomType.BOX, new double[] {0.3, 0.3, 0.05}, 0, 0, 0),
                        g(GeomType.CYLINDER, new double[] {0.04, 0.1}, 0.02, 0, 0.089, alongY),
                        0);
        // the engine's own cylinder path; MuJoCo's order puts the cylinder before the box
        assertAll(cs, 2, -0.001, NZ);
        double[][] p = points(cs);
        assertThat(p[0][1]).isCloseTo(-0.1, within(TOL));
        assertThat(p[1][1]).isCloseTo(0.1, within(TOL));
        assertThat(p[0][0]).isCloseTo(0.02, within(TOL));
        assertThat(p[0][2]).isCloseTo(0.0495, within(TOL));
    }

    @Test
    void cylinderStandingOnABoxAndOnACylinderGetsFourRimPoints() {
        ContactSet onBox =
                collide(
                        g(GeomType.BOX, new double[] {0.3, 0.3, 0.05}, 0, 0, 0),
                        g(GeomType.CYLINDER, new double[] {0.04, 0.1}, 0, 0, 0.149),
                        0);
        // the engine's own cylinder path; MuJoCo's order puts the cylinder before the box
        assertAll(onBox, 4, -0.001, NZ);
        for (int c = 0; c < 4; c++) {
            assertThat(Math.hypot(onBox.pos[3 * c], onBox.pos[3 * c + 1]))
                    .isCloseTo(0.04, within(TOL));
        }
        ContactSet stacked =
                collide(
                        g(GeomType.CYLINDER, new double[] {0.05, 0.1}, 0, 0, 0),
                        g(GeomType.CYLINDER, new double[] {0.04, 0.1}, 0.005, 0, 0.199),
                        0);
        assertAll(stacked, 4, -0.001, PZ);
    }

    @Test
    void cylinderWithinTheMarginOfAMeshReportsItsDistance() {
        ContactSet cs =
                collide(
                        g(GeomType.CYLINDER, new double[] {0.04, 0.1}, 0, 0, -0.203),
                        g(GeomType.MESH, null, 0, 0, 0),
                        0.005);
        // the cap faces the cube's bottom face 3 mm away: normal from cylinder to cube is +z
        assertAll(cs, 4, 0.003, PZ);
    }

    @Test
    void capsuleLyingAcrossANarrowBoxGetsOnePointAtAnEdge() {
        // capsule along y, far longer than the 0.04-wide box, 1 mm into its top face: MuJoCo 2.2.2
        // reports one point, on the box's edge y = -0.02, not one at each edge (ADR 0087). MJCF:
        // <body pos="0 0 .029" axisangle="1 0 0 90"><freejoint/>
        // <geom type="capsule" size=".01 .2"/></body>
        // <body><freejoint/><geom type="box" size=".3 .02 .02"/></body>
        double[] alongY = Robots.about(Robots.X, Math.PI / 2);
        ContactSet cs =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.01, 0.2}, 0, 0, 0.029, alongY),
                        g(GeomType.BOX, new double[] {0.3, 0.02, 0.02}, 0, 0, 0),
                        0);
        NarrowPhaseTest.assertMujoco(cs, new double[][] {{-0.001, 0, -0.02, 0.0195, 0, 0, -1}});
    }

    @Test
    void parallelCapsulesGetTheEndsOfTheirOverlap() {
        double[] alongX = Robots.about(Robots.Y, Math.PI / 2);
        ContactSet cs =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.01, 0.1}, 0, 0, 0, alongX),
                        g(GeomType.CAPSULE, new double[] {0.01, 0.1}, 0.05, 0, 0.019, alongX),
                        0);
        assertAll(cs, 2, -0.001, PZ);
        double[][] p = points(cs);
        assertThat(p[0][0]).isCloseTo(-0.05, within(TOL));
        assertThat(p[1][0]).isCloseTo(0.1, within(TOL));
        assertThat(p[0][2]).isCloseTo(0.0095, within(TOL));
    }

    @Test
    void cylindersAndCapsulesLyingAlongEachOtherGetTheEndsOfTheirOverlap() {
        // the normal is the axes' common perpendicular, exact like the flat contacts
        double[] alongX = Robots.about(Robots.Y, Math.PI / 2);
        ContactSet logs =
                collide(
                        g(GeomType.CYLINDER, new double[] {0.03, 0.1}, 0, 0, 0, alongX),
                        g(GeomType.CYLINDER, new double[] {0.02, 0.08}, 0.05, 0, 0.049, alongX),
                        0);
        assertThat(logs.count).isEqualTo(2);
        double[][] p = points(logs);
        for (int c = 0; c < 2; c++) {
            assertContact(logs, c, -0.001, PZ, null, TOL);
        }
        assertThat(p[0][0]).isCloseTo(-0.03, within(TOL));
        assertThat(p[1][0]).isCloseTo(0.1, within(TOL));
        assertThat(p[0][2]).isCloseTo(0.0295, within(TOL));
        ContactSet capsule =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.01, 0.05}, 0, 0, 0.039, alongX),
                        g(GeomType.CYLINDER, new double[] {0.03, 0.1}, 0, 0, 0, alongX),
                        0);
        assertThat(capsule.count).isEqualTo(2);
        for (int c = 0; c < 2; c++) {
            assertContact(capsule, c, -0.001, NZ, null, TOL);
        }
    }

    @Test
    void capsuleLyingOnAMeshCube() {
        double[] alongX = Robots.about(Robots.Y, Math.PI / 2);
        ContactSet cs =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.01, 0.05}, 0, 0, 0.109, alongX),
                        g(GeomType.MESH, null, 0, 0, 0),
                        0);
        assertAll(cs, 2, -0.001, NZ);
    }

    /**
     * Random convex hulls in random poses: the separating-axis depth is the exact penetration (up
     * to the face-over-edge preference), so it can never exceed the depth along any other
     * direction; checked against 20,000 sampled directions and against the MPR portal depth, and
     * overlap must agree with MPR. Within 2 mm of the sampled minimum (the sampling's own error).
     */
    @Test
    void separatingAxisDepthIsTheSmallestOverAllDirections() {
        Random rnd = new Random(7);
        int overlapping = 0;
        for (int trial = 0; trial < 60; trial++) {
            ModelBuilder mb = new ModelBuilder("random");
            int m1 = TestHulls.addMesh(mb, "a", randomHull(rnd, 24, 0.05)),
                    m2 = TestHulls.addMesh(mb, "b", randomHull(rnd, 30, 0.04));
            int ga = mb.addMeshGeom(0, "a", m1, new double[3], randomQuat(rnd));
            double[] pos = {
                rnd.nextGaussian() * 0.03, rnd.nextGaussian() * 0.03, rnd.nextGaussian() * 0.03
            };
            int gb = mb.addMeshGeom(0, "b", m2, pos, randomQuat(rnd));
            MultibodyModel m = mb.build();
            MultibodyData d = new MultibodyData(m);
            Kinematics.forward(d);
            ContactSet cs = new ContactSet(16);
            new NarrowPhase(m).collide(d, ga, gb, 0, cs);
            Mpr mpr = new Mpr();
            boolean mprHit =
                    mpr.penetrate(
                            d, ga, gb, d.geomXpos.clone(), Arrays.copyOfRange(d.geomXpos, 3, 6));
            double sampled = sampledDepth(d, ga, gb, rnd);
            if (sampled > 1e-4) {
                overlapping++;
                assertThat(cs.count).as("trial %d overlaps by %.5f", trial, sampled).isPositive();
                double depth = -Arrays.stream(cs.dist, 0, cs.count).min().orElseThrow();
                // faces are preferred over edges unless an edge separates 2 % + 10 um better
                double bound = Math.min(sampled, mpr.depth);
                assertThat(depth).as("trial %d", trial).isLessThanOrEqualTo(BIAS * bound + 1e-5);
                assertThat(depth)
                        .as("trial %d, close to sampled", trial)
                        .isGreaterThan(sampled - 2e-3);
                assertThat(mprHit).isTrue();
            } else if (sampled < -1e-4) {
                assertThat(cs.count).as("trial %d separated", trial).isZero();
            }
        }
        assertThat(overlapping).as("overlapping trials").isGreaterThan(15);
    }

    /** min over sampled unit directions of the overlap of the two support intervals. */
    private static double sampledDepth(MultibodyData d, int ga, int gb, Random rnd) {
        double best = Double.POSITIVE_INFINITY;
        double[] sa = new double[3], sb = new double[3];
        for (int i = 0; i < 20000; i++) {
            double x = rnd.nextGaussian(), y = rnd.nextGaussian(), z = rnd.nextGaussian();
            double n = Math.sqrt(x * x + y * y + z * z);
            x /= n;
            y /= n;
            z /= n;
            Support.support(d, ga, x, y, z, sa, 0);
            Support.support(d, gb, -x, -y, -z, sb, 0);
            best = Math.min(best, x * (sa[0] - sb[0]) + y * (sa[1] - sb[1]) + z * (sa[2] - sb[2]));
        }
        return best;
    }

    private static double[] randomHull(Random rnd, int n, double r) {
        double[] v = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double x = rnd.nextGaussian(), y = rnd.nextGaussian(), z = rnd.nextGaussian();
            double s = r * (0.6 + 0.4 * rnd.nextDouble()) / Math.sqrt(x * x + y * y + z * z);
            v[3 * i] = s * x;
            v[3 * i + 1] = s * y;
            v[3 * i + 2] = s * z;
        }
        return v;
    }

    private static double[] randomQuat(Random rnd) {
        double[] q = {
            rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()
        };
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        for (int k = 0; k < 4; k++) {
            q[k] /= n;
        }
        return q;
    }
}
