package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.physics.reference.sim.Simulator;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Vec3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MuJoCo 2.2.2's contact-set rules on small models, each expected value printed by libmujoco for
 * the same file (ADR 0084): static-body fusion, repeated explicit pairs, margin and gap.
 */
class ContactSetRulesTest {
    @TempDir Path dir;

    private static final String SPHERES =
            """
            <mujoco>
              <option gravity="0 0 0"/>
              <worldbody>
                <body name="a"><freejoint/><geom name="ga" type="sphere" size="0.1" %s/></body>
                <body name="b" pos="%s 0 0"><freejoint/><geom name="gb" type="sphere" size="0.1" %s/></body>
                <body name="c" pos="0 %s 0"><freejoint/>
                  <geom name="gc" type="sphere" size="0.1" contype="2" conaffinity="2" %s/></body>
                <body name="d" pos="0 -0.205 0"><freejoint/>
                  <geom name="gd" type="sphere" size="0.1" contype="4" conaffinity="4"/></body>
              </worldbody>
              <contact>%s</contact>
            </mujoco>
            """;

    private MultibodyModel compile(Path file) throws Exception {
        return ModelCompiler.compile(Models.load(file, LoadOptions.defaults()), w -> {});
    }

    private ContactSet contacts(MultibodyModel m) {
        MultibodyData d = new MultibodyData(m);
        System.arraycopy(m.qpos0, 0, d.qpos, 0, m.nq);
        Kinematics.forward(d);
        ContactSet cs = new ContactSet(m.maxContacts);
        new CollisionDetector(m).detect(d, cs);
        return cs;
    }

    @Test
    void aRepeatedPairIsEvaluatedOncePerListingAsInMujoco() throws Exception {
        Path file = dir.resolve("dup.xml");
        Files.writeString(
                file,
                SPHERES.formatted(
                        "",
                        "0.15",
                        "",
                        "0.15",
                        "",
                        """
                        <pair geom1="ga" geom2="gb"/><pair geom1="gb" geom2="ga"/>
                        <pair geom1="ga" geom2="gb"/><pair geom1="ga" geom2="gc"/>"""));
        ContactSet cs = contacts(compile(file));
        // MuJoCo 2.2.2: ncon 4 = three listings of ga-gb (the dynamic pass skips listed pairs)
        // and ga-gc, whose bitmasks would not collide: explicit pairs bypass the filter
        int[] pairs = new int[cs.count];
        for (int c = 0; c < cs.count; c++) {
            pairs[c] = 10 * Math.min(cs.geom1[c], cs.geom2[c]) + Math.max(cs.geom1[c], cs.geom2[c]);
        }
        Arrays.sort(pairs);
        assertThat(pairs).containsExactly(1, 1, 1, 2);
    }

    @Test
    void contactsAreDetectedWithinTheMarginAndConstrainedWithinMarginMinusGap() throws Exception {
        Path file = dir.resolve("gap.xml");
        Files.writeString(
                file,
                SPHERES.formatted(
                        "margin=\"0.02\" gap=\"0.005\"",
                        "0.215",
                        "margin=\"0.01\" gap=\"0.008\"",
                        "0.21",
                        "margin=\"0.001\"",
                        """
                        <pair geom1="ga" geom2="gc"/>
                        <pair geom1="ga" geom2="gd" margin="0.003" gap="0.001"/>"""));
        MultibodyModel m = compile(file);
        ContactSet cs = contacts(m);
        // MuJoCo 2.2.2: one contact, ga-gb, dist 0.015 < margin max(0.02, 0.01); includemargin
        // 0.02 - max(0.005, 0.008) = 0.012, so it is "in gap" (no constraint row). Pairs keep
        // their own margin (0 unless given): ga-gc (dist 0.01) and ga-gd (0.005 > 0.003) are
        // not contacts.
        assertThat(cs.count).isEqualTo(1);
        assertThat(new int[] {cs.geom1[0], cs.geom2[0]}).containsExactly(0, 1);
        assertThat(cs.dist[0]).isCloseTo(0.015, within(1e-12));
        assertThat(cs.margin[0]).isCloseTo(0.012, within(1e-15));
        Simulator sim = new Simulator(m);
        sim.step();
        assertThat(sim.contacts.count).isEqualTo(1);
        assertThat(sim.constraintRows()).as("rows for a contact in the gap").isZero();
    }

    @Test
    void fixedUrdfLinksAreFusedAsMujocoFusesThem() throws Exception {
        Path file = Path.of(getClass().getResource("/fused_arm.urdf").toURI());
        Model description = Models.load(file, LoadOptions.defaults());
        assertThat(description.bodyCount()).as("the description keeps every link").isEqualTo(6);
        Compilation c = ModelCompiler.compileWithReport(description);
        MultibodyModel m = c.model();
        // MuJoCo 2.2.2 on the same file: bodies world, link1, link2; base's box belongs to the
        // world, tool's box and tip's sphere to link1, in that order
        assertThat(m.bodyNames()).containsExactly("world", "link1", "link2");
        assertThat(m.geomBody).containsExactly(0, 1, 1, 1, 2);
        assertThat(c.fusedBodies())
                .extracting(f -> f.name() + ">" + f.intoBody())
                .containsExactly("base>world", "tool>link1", "tip>link1");
        assertThat(m.bodyMassKg[1]).isCloseTo(1.51, within(1e-15));
        double[] com = Arrays.copyOfRange(m.bodyComM, 3, 6);
        assertThat(com[0]).isCloseTo(0.015080361151036404, within(1e-15));
        assertThat(com[1]).isCloseTo(0.0083105315682574198, within(1e-15));
        assertThat(com[2]).isCloseTo(0.13379440531169942, within(1e-15));
        double[] i = Arrays.copyOfRange(m.bodyInertia, 6, 12);
        double[] principal =
                new Inertia(i[0], i[1], i[2], i[3], i[4], i[5])
                        .principal()
                        .diagonalKgM2()
                        .toArray();
        Arrays.sort(principal);
        assertThat(principal[0])
                .isCloseTo(
                        0.014792404988056026,
                        within(1e-12)); // Jacobi vs MuJoCo eigen: ~5e-12 relative
        assertThat(principal[1])
                .isCloseTo(
                        0.026041650875975958,
                        within(1e-12)); // Jacobi vs MuJoCo eigen: ~5e-12 relative
        assertThat(principal[2])
                .isCloseTo(
                        0.034335361889786989,
                        within(1e-12)); // Jacobi vs MuJoCo eigen: ~5e-12 relative

        MultibodyData d = new MultibodyData(m);
        Kinematics.forward(d);
        double[][] geomXpos = {
            {0, 0, 0},
            {0, 0, 0.15000000000000002},
            {0.043879128094518653, 0.023971276930210159, 0.25},
            {0.087758256189037306, 0.047942553860420317, 0.25},
            {0.064857620646672692, 0.089861886040130498, 0.26477601033306702}
        };
        for (int g = 0; g < 5; g++) {
            for (int k = 0; k < 3; k++) {
                assertThat(d.geomXpos[3 * g + k]).isCloseTo(geomXpos[g][k], within(1e-15));
            }
        }
    }

    @Test
    void mjcfKeepsItsStaticBodiesUnlessTheCompilerAsksAndFusionMovesSites() throws Exception {
        String xml =
                """
                <mujoco>
                  <compiler %s/>
                  <worldbody>
                    <body name="arm"><joint name="j" type="hinge" axis="0 0 1"/>
                      <geom type="capsule" size="0.02" fromto="0 0 0 0.2 0 0"/>
                      <body name="hand" pos="0.2 0 0" euler="0 0 90">
                        <geom type="box" size="0.02 0.02 0.02" pos="0.05 0 0"/>
                        <site name="tcp" pos="0.1 0 0"/>
                      </body>
                    </body>
                  </worldbody>
                </mujoco>
                """;
        Path keep = dir.resolve("keep.xml");
        Files.writeString(keep, xml.formatted("angle=\"degree\""));
        assertThat(compile(keep).bodyNames()).containsExactly("world", "arm", "hand");

        Path fuse = dir.resolve("fuse.xml");
        Files.writeString(fuse, xml.formatted("angle=\"degree\" fusestatic=\"true\""));
        MultibodyModel m = compile(fuse);
        assertThat(m.bodyNames()).containsExactly("world", "arm");
        MultibodyData d = new MultibodyData(m);
        Kinematics.forward(d);
        // hand frame at x 0.2 turned 90 degrees about z: its site 0.1 along the hand's x is at y
        // 0.1
        assertThat(m.siteBody).containsExactly(1);
        assertThat(Vec3.of(Arrays.copyOf(d.siteXpos, 3)).minus(new Vec3(0.2, 0.1, 0)).norm())
                .isLessThan(1e-15);
    }
}
