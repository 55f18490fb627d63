package armature.physics.reference.collision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.ConvexFaces;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed contact cases for every supported shape pair. Analytic pairs must be exact to
 * 1e-12; pairs through MPR must match depth and normal to 1e-6 for flat contacts and 1e-4 for
 * curved ones (MPR converges to a portal on the Minkowski boundary, not the exact nearest point).
 */
class NarrowPhaseTest {
    static final double[] I = Robots.IDENTITY;

    /**
     * Builds a world with two static geoms and returns their contacts: geom1/geom2 in MuJoCo's type
     * order (plane, sphere, capsule, cylinder, box, mesh; equal types keep a before b), the normal
     * from geom1 to geom2 (ADR 0087).
     */
    static ContactSet collide(GeomSpec a, GeomSpec b) {
        ModelBuilder mb = new ModelBuilder("pair");
        int mesh = mb.addMesh("cube", cube(0.1), ConvexFaces.boxTriangles());
        int ga = a.add(mb, "a", mesh), gb = b.add(mb, "b", mesh);
        MultibodyModel m = mb.build();
        MultibodyData d = new MultibodyData(m);
        Kinematics.forward(d);
        ContactSet cs = new ContactSet(16);
        new NarrowPhase(m).collide(d, ga, gb, 0, cs);
        return cs;
    }

    record GeomSpec(GeomType type, double[] size, double[] pos, double[] quat) {
        int add(ModelBuilder mb, String name, int mesh) {
            return type == GeomType.MESH
                    ? mb.addMeshGeom(0, name, mesh, pos, quat)
                    : mb.addGeom(0, name, type, size, pos, quat);
        }
    }

    static GeomSpec g(GeomType t, double[] size, double x, double y, double z) {
        return new GeomSpec(t, size, new double[] {x, y, z}, I);
    }

    static GeomSpec g(GeomType t, double[] size, double x, double y, double z, double[] quat) {
        return new GeomSpec(t, size, new double[] {x, y, z}, quat);
    }

    static double[] cube(double h) {
        double[] v = new double[24];
        for (int i = 0; i < 8; i++) {
            v[3 * i] = (i & 1) == 0 ? -h : h;
            v[3 * i + 1] = (i & 2) == 0 ? -h : h;
            v[3 * i + 2] = (i & 4) == 0 ? -h : h;
        }
        return v;
    }

    static void assertContact(
            ContactSet cs, int c, double dist, double[] normal, double[] point, double tol) {
        assertThat(cs.dist[c]).as("distance").isCloseTo(dist, within(tol));
        for (int k = 0; k < 3; k++) {
            assertThat(cs.frame[9 * c + k]).as("normal[%d]", k).isCloseTo(normal[k], within(tol));
            if (point != null) {
                assertThat(cs.pos[3 * c + k]).as("point[%d]", k).isCloseTo(point[k], within(tol));
            }
        }
    }

    /**
     * The contacts MuJoCo 2.2.2 reports for the same pair, in its order: one row per contact,
     * {dist, pos x, y, z, normal x, y, z}, printed by mj_forward on the MJCF quoted with the test
     * (each geom on its own free body, so that MuJoCo collides them). To 1e-9.
     */
    static void assertMujoco(ContactSet cs, double[][] mujoco) {
        assertThat(cs.count).as("contacts").isEqualTo(mujoco.length);
        for (int c = 0; c < mujoco.length; c++) {
            double[] r = mujoco[c];
            assertContact(
                    cs,
                    c,
                    r[0],
                    new double[] {r[4], r[5], r[6]},
                    new double[] {r[1], r[2], r[3]},
                    1e-9);
        }
    }

    static final double[] PX = {1, 0, 0}, NX = {-1, 0, 0}, PZ = {0, 0, 1}, NZ = {0, 0, -1};
    static final GeomSpec PLANE = g(GeomType.PLANE, new double[0], 0, 0, 0);

    @Test
    void planeSphere() {
        ContactSet cs = collide(PLANE, g(GeomType.SPHERE, new double[] {0.1}, 0.3, 0.2, 0.08));
        assertThat(cs.count).isEqualTo(1);
        assertContact(cs, 0, -0.02, PZ, new double[] {0.3, 0.2, -0.01}, 1e-12);
    }

    @Test
    void planeCapsuleLyingGivesTwoEndContacts() {
        double[] lying = Robots.about(Robots.Y, Math.PI / 2);
        ContactSet cs =
                collide(PLANE, g(GeomType.CAPSULE, new double[] {0.05, 0.2}, 0, 0, 0.04, lying));
        assertThat(cs.count).isEqualTo(2);
        assertContact(cs, 0, -0.01, PZ, null, 1e-12);
        assertContact(cs, 1, -0.01, PZ, null, 1e-12);
        assertThat(Math.abs(cs.pos[0] - cs.pos[3])).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void planeBoxTiltedGivesTheCornersBelow() {
        // box rotated 45 deg about x: the lowest edge (two corners) sits 0.1*sqrt(2) below the
        // centre
        double[] q = Robots.about(Robots.X, Math.PI / 4);
        double c = 0.1 * Math.sqrt(2) - 0.005;
        ContactSet cs = collide(PLANE, g(GeomType.BOX, new double[] {0.1, 0.1, 0.1}, 0, 0, c, q));
        assertThat(cs.count).isEqualTo(2);
        assertContact(cs, 0, -0.005, PZ, new double[] {-0.1, 0, -0.0025}, 1e-12);
        assertContact(cs, 1, -0.005, PZ, new double[] {0.1, 0, -0.0025}, 1e-12);
    }

    @Test
    void planeCylinderUprightRestsOnATripodAndLyingOnALine() {
        ContactSet up = collide(PLANE, g(GeomType.CYLINDER, new double[] {0.1, 0.2}, 0, 0, 0.19));
        assertThat(up.count).isEqualTo(3);
        for (int c = 0; c < 3; c++) {
            assertContact(up, c, -0.01, PZ, null, 1e-12);
            assertThat(Math.hypot(up.pos[3 * c], up.pos[3 * c + 1])).isCloseTo(0.1, within(1e-12));
        }
        double[] lying = Robots.about(Robots.X, Math.PI / 2);
        ContactSet side =
                collide(PLANE, g(GeomType.CYLINDER, new double[] {0.1, 0.2}, 0, 0, 0.09, lying));
        assertThat(side.count).isEqualTo(2);
        // rotating +90 deg about x maps local -z (first cap) to world +y
        assertContact(side, 0, -0.01, PZ, new double[] {0, 0.2, -0.005}, 1e-12);
        assertContact(side, 1, -0.01, PZ, new double[] {0, -0.2, -0.005}, 1e-12);
    }

    @Test
    void planeMeshUsesTheVerticesBelow() {
        ContactSet cs = collide(PLANE, g(GeomType.MESH, null, 0, 0, 0.09));
        assertThat(cs.count).isEqualTo(4);
        for (int c = 0; c < 4; c++) {
            assertContact(cs, c, -0.01, PZ, null, 1e-12);
        }
    }

    @Test
    void sphereSphere() {
        ContactSet cs =
                collide(
                        g(GeomType.SPHERE, new double[] {0.1}, 0, 0, 0),
                        g(GeomType.SPHERE, new double[] {0.1}, 0.15, 0, 0));
        assertContact(cs, 0, -0.05, PX, new double[] {0.075, 0, 0}, 1e-12);
    }

    @Test
    void sphereCapsuleInEitherOrderKeepsMujocosOrder() {
        // MuJoCo puts the sphere first whatever the caller's order (ADR 0087)
        GeomSpec sphere = g(GeomType.SPHERE, new double[] {0.12}, 0, 0, 0);
        GeomSpec capsule = g(GeomType.CAPSULE, new double[] {0.05, 0.2}, 0.15, 0, 0.1);
        assertContact(collide(sphere, capsule), 0, -0.02, PX, new double[] {0.11, 0, 0}, 1e-12);
        assertContact(collide(capsule, sphere), 0, -0.02, PX, new double[] {0.11, 0, 0}, 1e-12);
    }

    @Test
    void crossedCapsules() {
        double[] alongX = Robots.about(Robots.Y, Math.PI / 2),
                alongY = Robots.about(Robots.X, Math.PI / 2);
        ContactSet cs =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.1, 0.3}, 0, 0, 0, alongX),
                        g(GeomType.CAPSULE, new double[] {0.1, 0.3}, 0.05, 0.02, 0.15, alongY));
        assertContact(cs, 0, -0.05, PZ, new double[] {0.05, 0, 0.075}, 1e-12);
    }

    @Test
    void sphereBoxOutsideAndInside() {
        double[] yaw = Robots.about(Robots.Z, 0.7);
        GeomSpec box = g(GeomType.BOX, new double[] {0.2, 0.2, 0.2}, 0, 0, 0, yaw);
        assertContact(
                collide(g(GeomType.SPHERE, new double[] {0.1}, 0, 0, 0.28), box),
                0,
                -0.02,
                NZ,
                new double[] {0, 0, 0.19},
                1e-12);
        // centre inside the box, nearest face +z at 0.05 away: MuJoCo 2.2.2 reports only -radius
        // there (ADR 0087)
        assertContact(
                collide(g(GeomType.SPHERE, new double[] {0.1}, 0, 0, 0.15), box),
                0,
                -0.1,
                NZ,
                null,
                1e-12);
    }

    @Test
    void boxOnRotatedBoxGetsAFaceManifold() {
        // face on face, 0.1 deep: MuJoCo 2.2.2 keeps all eight corners of the square-diamond
        // overlap plus one more point and reports half the depth for a box-box face contact
        // (ADR 0087). MJCF: <body><freejoint/><geom type="box" size=".5 .5 .5"/></body>
        // <body pos=".1 0 .9" axisangle="0 0 1 45"><freejoint/><geom type="box" size=".5 .5 .5"/>
        ContactSet cs =
                collide(
                        g(GeomType.BOX, new double[] {0.5, 0.5, 0.5}, 0, 0, 0),
                        g(
                                GeomType.BOX,
                                new double[] {0.5, 0.5, 0.5},
                                0.1,
                                0,
                                0.9,
                                Robots.about(Robots.Z, Math.PI / 4)));
        assertMujoco(
                cs,
                new double[][] {
                    {-0.04999999999999999, 0.5, -0.30710678118654744, 0.45, 0, 0, 1},
                    {-0.04999999999999999, 0.30710678118654744, -0.5, 0.45, 0, 0, 1},
                    {-0.04999999999999999, -0.5, -0.10710678118654748, 0.45, 0, 0, 1},
                    {-0.04999999999999999, -0.10710678118654748, -0.5, 0.45, 0, 0, 1},
                    {-0.04999999999999999, 0.5, 0.3071067811865476, 0.45, 0, 0, 1},
                    {-0.04999999999999999, 0.30710678118654755, 0.5, 0.45, 0, 0, 1},
                    {-0.04999999999999999, -0.5, 0.10710678118654762, 0.45, 0, 0, 1},
                    {-0.04999999999999999, -0.1071067811865477, 0.5, 0.45, 0, 0, 1},
                    {-0.04999999999999999, 0.10000000000000003, -0.7071067811865475, 0.45, 0, 0, 1}
                });
    }

    @Test
    void capsuleLyingOnBoxIsSupportedAtBothEnds() {
        double[] alongX = Robots.about(Robots.Y, Math.PI / 2);
        ContactSet cs =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.05, 0.2}, 0, 0, 0.13, alongX),
                        g(GeomType.BOX, new double[] {0.5, 0.5, 0.1}, 0, 0, 0));
        assertThat(cs.count).isEqualTo(2);
        // the first end (local -z) lies at world -x after the quarter turn about y
        assertContact(cs, 0, -0.02, NZ, new double[] {-0.2, 0, 0.09}, 1e-12);
        assertContact(cs, 1, -0.02, NZ, new double[] {0.2, 0, 0.09}, 1e-12);
    }

    @Test
    void capsuleAcrossABoxEdgeFallsBackToMpr() {
        // box rolled 45 deg about y: its top edge runs along y at x = 0, z = 0.1 sqrt(2); the
        // capsule axis runs along y above it, ends far off the box, so only the middle touches
        double[] alongY = Robots.about(Robots.X, Math.PI / 2);
        double top = 0.1 * Math.sqrt(2);
        ContactSet cs =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.05, 0.3}, 0, 0, top + 0.04, alongY),
                        g(
                                GeomType.BOX,
                                new double[] {0.1, 0.1, 0.1},
                                0,
                                0,
                                0,
                                Robots.about(Robots.Y, Math.PI / 4)));
        assertThat(cs.count).isEqualTo(1);
        assertContact(cs, 0, -0.01, NZ, null, 1e-4);
        // a line contact: any y along the edge is valid, x and z are not
        assertThat(cs.pos[0]).isCloseTo(0, within(1e-4));
        assertThat(cs.pos[2]).isCloseTo(top - 0.005, within(1e-4));
        assertThat(Math.abs(cs.pos[1])).isLessThanOrEqualTo(0.1 + 1e-9);
    }

    @Test
    void smallBoxOnALargeBoxRestsOnFourCorners() {
        // 1 mm into the face: MuJoCo 2.2.2 reports the four bottom corners at half the depth
        // (ADR 0087). MJCF: <body><freejoint/><geom type="box" size=".2 .2 .05"/></body>
        // <body pos=".03 -.02 .074" axisangle="0 0 1 0.3"><freejoint/>
        // <geom type="box" size=".025 .025 .025"/></body> (angle="radian")
        ContactSet cs =
                collide(
                        g(GeomType.BOX, new double[] {0.2, 0.2, 0.05}, 0, 0, 0),
                        g(
                                GeomType.BOX,
                                new double[] {0.025, 0.025, 0.025},
                                0.03,
                                -0.02,
                                0.074,
                                Robots.about(Robots.Z, 0.3)));
        assertMujoco(
                cs,
                new double[][] {
                    {-0.0005, 0.013504592938393338, -0.05127141739467364, 0.0495, 0, 0, 1},
                    {-0.0005, 0.06127141739467364, -0.03649540706160666, 0.0495, 0, 0, 1},
                    {-0.0005, -0.0012714173946736448, -0.003504592938393336, 0.0495, 0, 0, 1},
                    {-0.0005, 0.04649540706160666, 0.011271417394673647, 0.0495, 0, 0, 1}
                });
    }

    @Test
    void tiltedBoxOnBoxTouchesAlongAnEdge() {
        // upper box rolled 45 deg about x: its lowest edge (2 corners) dips 2 mm into the lower
        // box; MuJoCo 2.2.2 takes the lower box's face as the axis and reports half the depth
        // (ADR 0087). MJCF: <body><freejoint/><geom type="box" size=".2 .2 .05"/></body>
        // <body pos="0 0 0.083355339" axisangle="1 0 0 45"><freejoint/>
        // <geom type="box" size=".025 .025 .025"/></body>
        double c = 0.05 + 0.025 * Math.sqrt(2) - 0.002;
        ContactSet cs =
                collide(
                        g(GeomType.BOX, new double[] {0.2, 0.2, 0.05}, 0, 0, 0),
                        g(
                                GeomType.BOX,
                                new double[] {0.025, 0.025, 0.025},
                                0,
                                0,
                                c,
                                Robots.about(Robots.X, Math.PI / 4)));
        assertMujoco(
                cs,
                new double[][] {
                    {-0.001, -0.025, 0, 0.049, 0, 0, 1}, {-0.001, 0.025, 0, 0.049, 0, 0, 1}
                });
    }

    @Test
    void sphereAgainstCylinderSideAndCap() {
        GeomSpec cyl = g(GeomType.CYLINDER, new double[] {0.1, 0.2}, 0, 0, 0);
        assertContact(
                collide(g(GeomType.SPHERE, new double[] {0.05}, 0.13, 0, 0), cyl),
                0,
                -0.02,
                NX,
                new double[] {0.09, 0, 0},
                1e-4);
        assertContact(
                collide(g(GeomType.SPHERE, new double[] {0.05}, 0, 0, 0.23), cyl),
                0,
                -0.02,
                NZ,
                new double[] {0, 0, 0.19},
                1e-4);
    }

    @Test
    void cylindersSideBySide() {
        ContactSet cs =
                collide(
                        g(GeomType.CYLINDER, new double[] {0.1, 0.2}, 0, 0, 0),
                        g(GeomType.CYLINDER, new double[] {0.1, 0.2}, 0.19, 0, 0.05));
        assertContact(cs, 0, -0.01, PX, null, 1e-4);
        assertThat(cs.pos[0]).isCloseTo(0.095, within(1e-4));
    }

    @Test
    void meshAgainstSphereBoxAndCapsule() {
        GeomSpec mesh = g(GeomType.MESH, null, 0, 0, 0);
        assertContact(
                collide(g(GeomType.SPHERE, new double[] {0.05}, 0, 0, 0.14), mesh),
                0,
                -0.01,
                NZ,
                new double[] {0, 0, 0.095},
                1e-6);
        assertContact(
                collide(g(GeomType.BOX, new double[] {0.1, 0.1, 0.1}, 0.02, 0.03, 0.19), mesh),
                0,
                -0.01,
                NZ,
                null,
                1e-6);
        // the engine's own mesh path; the capsule comes first in MuJoCo's order whatever the
        // caller's, so the normal points from the capsule to the mesh
        double[] alongY = Robots.about(Robots.X, Math.PI / 2);
        assertContact(
                collide(mesh, g(GeomType.CAPSULE, new double[] {0.03, 0.05}, 0.125, 0, 0, alongY)),
                0,
                -0.005,
                NX,
                null,
                1e-6);
    }

    @Test
    void cylinderStandingOnBoxAndCapsuleAgainstCylinderThroughMpr() {
        // cylinder pairs are the engine's own (MuJoCo 2.2.2 uses libccd there); MuJoCo's order
        // puts the cylinder before the box, so the normal points down from the cylinder
        ContactSet onBox =
                collide(
                        g(GeomType.BOX, new double[] {0.2, 0.2, 0.05}, 0, 0, 0),
                        g(GeomType.CYLINDER, new double[] {0.05, 0.1}, 0.02, 0, 0.147));
        assertContact(onBox, 0, -0.003, NZ, null, 1e-6);
        assertThat(onBox.pos[2]).isCloseTo(0.0485, within(1e-6));
        double[] alongY = Robots.about(Robots.X, Math.PI / 2);
        ContactSet side =
                collide(
                        g(GeomType.CAPSULE, new double[] {0.03, 0.1}, 0, 0, 0, alongY),
                        g(GeomType.CYLINDER, new double[] {0.05, 0.1}, 0.075, 0, 0));
        assertContact(side, 0, -0.005, PX, null, 1e-4);
    }

    @Test
    void meshAgainstMeshAndCylinder() {
        ContactSet stacked =
                collide(g(GeomType.MESH, null, 0, 0, 0), g(GeomType.MESH, null, 0.03, 0.01, 0.196));
        assertContact(stacked, 0, -0.004, PZ, null, 1e-6);
        // the cylinder comes before the mesh in MuJoCo's order: normal from cylinder to mesh
        ContactSet cyl =
                collide(
                        g(GeomType.MESH, null, 0, 0, 0),
                        g(GeomType.CYLINDER, new double[] {0.05, 0.1}, 0.148, 0, 0));
        assertContact(cyl, 0, -0.002, NX, null, 1e-4);
    }

    @Test
    void separatedShapesGiveNoContact() {
        assertThat(
                        collide(
                                        g(GeomType.BOX, new double[] {0.1, 0.1, 0.1}, 0, 0, 0),
                                        g(GeomType.CYLINDER, new double[] {0.1, 0.1}, 0.25, 0, 0))
                                .count)
                .isZero();
        assertThat(
                        collide(
                                        g(GeomType.SPHERE, new double[] {0.1}, 0, 0, 0),
                                        g(GeomType.SPHERE, new double[] {0.1}, 0.21, 0, 0))
                                .count)
                .isZero();
        assertThat(collide(PLANE, g(GeomType.BOX, new double[] {0.1, 0.1, 0.1}, 0, 0, 0.11)).count)
                .isZero();
        assertThat(
                        collide(
                                        g(GeomType.MESH, null, 0, 0, 0),
                                        g(GeomType.CAPSULE, new double[] {0.05, 0.1}, 0, 0.2, 0))
                                .count)
                .isZero();
    }
}
