package armature.physics.reference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Integrator;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {

    @Test
    void layoutFollowsTheTreeWithSeveralJointsPerBody() {
        MultibodyModel m = Robots.handTree(true, Integrator.SEMI_IMPLICIT_EULER, 0.002);
        assertThat(m.njnt).isEqualTo(23);
        assertThat(m.nq).isEqualTo(7 + 2 + 1 + 4 + 2 + 16);
        assertThat(m.nv).isEqualTo(6 + 2 + 1 + 3 + 2 + 16);
        // the second wrist hinge's dof hangs under the first, which hangs under the free joint
        int w1 = m.jointNames().indexOf("WRJ1"), w2 = m.jointNames().indexOf("WRJ2");
        assertThat(m.dofParent[m.jntDofAdr[w1]]).isEqualTo(m.jntDofAdr[w2]);
        assertThat(m.dofParent[m.jntDofAdr[w2]]).isEqualTo(5);
        assertThat(m.qpos0).startsWith(0, 0, 0.5, 1, 0, 0, 0);
    }

    @Test
    void inertiaInARotatedFrameIsRotatedIntoTheBodyFrame() {
        ModelBuilder b = new ModelBuilder("inertia");
        int body = b.addBody(0, "b", Robots.ORIGIN, Robots.IDENTITY);
        // principal moments (1, 2, 3) about axes turned 90 deg about z: body x sees 2, body y sees
        // 1
        b.inertialDiagonal(
                body,
                1,
                Robots.ORIGIN,
                new double[] {1, 2, 3},
                Robots.about(Robots.Z, Math.PI / 2));
        MultibodyModel m = b.build();
        assertThat(m.bodyInertia[6]).isCloseTo(2, within(1e-12));
        assertThat(m.bodyInertia[7]).isCloseTo(1, within(1e-12));
        assertThat(m.bodyInertia[8]).isCloseTo(3, within(1e-12));
        assertThat(m.bodyInertia[9]).isCloseTo(0, within(1e-12));
    }

    @Test
    void rejectsInconsistentModelsWithMessagesNamingTheProblem() {
        ModelBuilder b = new ModelBuilder("bad");
        int a = b.addBody(0, "a", Robots.ORIGIN, Robots.IDENTITY);
        int c = b.addBody(a, "c", Robots.ORIGIN, Robots.IDENTITY);
        b.addHinge(c, "late", Robots.ORIGIN, Robots.Z);
        assertThatThrownBy(() -> b.addHinge(a, "early", Robots.ORIGIN, Robots.Z))
                .hasMessageContaining("body order");
        assertThatThrownBy(() -> b.addHinge(c, "zero", Robots.ORIGIN, new double[3]))
                .hasMessageContaining("zero length");
        assertThatThrownBy(() -> b.jointRange(0, 1, -1))
                .hasMessageContaining("lower 1.0 > upper -1.0");
        assertThatThrownBy(() -> b.geomCondim(0, 6)).hasMessageContaining("geom index 0");
        assertThatThrownBy(
                        () -> b.addBody(0, "n", new double[] {Double.NaN, 0, 0}, Robots.IDENTITY))
                .hasMessageContaining("body pos[0] = NaN");
        ModelBuilder free = new ModelBuilder("free");
        int x = free.addBody(0, "x", Robots.ORIGIN, Robots.IDENTITY);
        int y = free.addBody(x, "y", Robots.ORIGIN, Robots.IDENTITY);
        free.addFree(y, "nested");
        assertThatThrownBy(free::build).hasMessageContaining("free joint 'nested'");
        ModelBuilder g = new ModelBuilder("geom");
        int gg =
                g.addGeom(
                        0,
                        "s",
                        GeomType.SPHERE,
                        new double[] {0.1},
                        Robots.ORIGIN,
                        Robots.IDENTITY);
        assertThatThrownBy(() -> g.geomCondim(gg, 5))
                .hasMessageContaining("condim 5 not supported");
    }

    @Test
    void massFromGeomsMatchesMujoco() throws java.io.IOException {
        // the same body as src/test/resources/mujoco/mass_from_geoms.py
        ModelBuilder b = new ModelBuilder("composite");
        int body = b.addBody(0, "composite", new double[] {0, 0, 1}, Robots.IDENTITY);
        b.addFree(body, "free");
        int box =
                b.addGeom(
                        body,
                        "box",
                        GeomType.BOX,
                        new double[] {0.025, 0.03, 0.02},
                        new double[] {0.01, 0, 0},
                        Robots.IDENTITY);
        b.geomDensity(box, 567);
        int hidden =
                b.addGeom(
                        body,
                        "hidden",
                        GeomType.BOX,
                        new double[] {0.024, 0.024, 0.024},
                        Robots.ORIGIN,
                        Robots.IDENTITY);
        b.geomMass(hidden, 0);
        int cap =
                b.addGeom(
                        body,
                        "capsule",
                        GeomType.CAPSULE,
                        new double[] {0.01, 0.04},
                        new double[] {0, 0.05, 0},
                        new double[] {Math.sqrt(0.5), Math.sqrt(0.5), 0, 0});
        b.geomDensity(cap, 800);
        int sphere =
                b.addGeom(
                        body,
                        "sphere",
                        GeomType.SPHERE,
                        new double[] {0.015},
                        new double[] {-0.03, 0, 0.02},
                        Robots.IDENTITY);
        b.geomMass(sphere, 0.05);
        b.addGeom(
                body,
                "cylinder",
                GeomType.CYLINDER,
                new double[] {0.02, 0.01},
                new double[] {0, -0.04, -0.01},
                new double[] {0.9, 0, 0.3, 0.1});
        b.inertialFromGeoms(body);
        MultibodyModel m = b.build();
        String line;
        try (var in = getClass().getResourceAsStream("/mujoco/mass_from_geoms.csv");
                var reader =
                        new java.io.BufferedReader(
                                new java.io.InputStreamReader(
                                        in, java.nio.charset.StandardCharsets.UTF_8))) {
            reader.readLine();
            line = reader.readLine();
        }
        String[] p = line.split(",");
        assertThat(m.bodyMassKg[1]).isCloseTo(Double.parseDouble(p[0]), within(1e-12));
        for (int k = 0; k < 3; k++) {
            assertThat(m.bodyComM[3 + k])
                    .as("com[%d]", k)
                    .isCloseTo(Double.parseDouble(p[1 + k]), within(1e-12));
        }
        for (int k = 0; k < 6; k++) {
            assertThat(m.bodyInertia[6 + k])
                    .as("inertia[%d]", k)
                    .isCloseTo(Double.parseDouble(p[4 + k]), within(1e-12));
        }
    }
}
