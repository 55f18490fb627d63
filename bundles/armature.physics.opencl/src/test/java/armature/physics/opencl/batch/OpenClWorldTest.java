package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.engine.OpenClPhysicsEngine;
import armature.physics.reference.ReferencePhysicsEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One OpenCL world behind the engine-neutral World API against a reference world: the same
 * trajectory through controls, state writes, resets, keyframes, body poses, sites, actuator forces
 * and randomization overrides (float64, so they agree to rounding).
 */
class OpenClWorldTest {
    private static OpenClPhysicsEngine engine;
    private static MultibodyModel hand;

    @BeforeAll
    static void setUp() throws Exception {
        var device = TestModels.device();
        org.junit.jupiter.api.Assumptions.assumeTrue(device.fp64(), "device has no float64");
        engine = new OpenClPhysicsEngine(device.name(), true);
        hand = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
    }

    @Test
    void theWorldApiFollowsTheReferenceWorld() {
        World ocl = engine.createWorld(hand);
        World ref = new ReferencePhysicsEngine().createWorld(hand);
        double[] c = new double[hand.nu];
        for (int u = 0; u < hand.nu; u++) {
            c[u] = 0.5 * (hand.actCtrlRange[2 * u] + hand.actCtrlRange[2 * u + 1]) + 0.1;
        }
        int palm = hand.bodyNames().indexOf("robot0:palm");
        for (World w : new World[] {ocl, ref}) {
            w.randomization().setBodyMassKg(palm, 2 * hand.bodyMassKg[palm]);
            w.randomization().setJointDamping(3, 0.5);
            w.randomization().setActuatorGain(2, 0.7 * hand.actGain[2]);
            w.randomization().setGravity(0, 0, -5);
            w.setControls(c);
            w.step(100);
        }
        assertSame(ocl, ref, "after 100 steps with overrides");
        assertThat(ocl.timeSeconds()).isCloseTo(100 * hand.timestepSeconds, within(1e-12));

        for (World w : new World[] {ocl, ref}) {
            w.reset();
            w.setControls(c);
            w.step(50);
        }
        assertSame(ocl, ref, "overrides survive a reset");

        for (World w : new World[] {ocl, ref}) {
            w.randomization().clear();
            w.reset();
            w.setControls(c);
            w.step(50);
        }
        assertSame(ocl, ref, "after clearing the overrides");

        double[] q = new double[hand.nq], v = new double[hand.nv];
        ref.readState(q, v);
        q[hand.jntQposAdr[hand.jointNames().indexOf("object:joint")] + 3] *= 3; // unnormalised
        for (World w : new World[] {ocl, ref}) {
            w.writeState(q, v, 0);
            w.step(20);
        }
        assertSame(ocl, ref, "after writeState with an unnormalised quaternion");
        ((OpenClWorld) ocl).close();
    }

    private static void assertSame(World ocl, World ref, String when) {
        double[] q = new double[hand.nq], v = new double[hand.nv];
        double[] qr = new double[hand.nq], vr = new double[hand.nv];
        ocl.readState(q, v);
        ref.readState(qr, vr);
        for (int i = 0; i < hand.nq; i++) {
            assertThat(q[i]).as("%s: qpos[%d]", when, i).isCloseTo(qr[i], within(1e-9));
        }
        double[] p = new double[7 * hand.nbody], pr = new double[7 * hand.nbody];
        ocl.readBodyPoses(p);
        ref.readBodyPoses(pr);
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).as("%s: body pose entry %d", when, i).isCloseTo(pr[i], within(1e-9));
        }
        double[] s = new double[3 * hand.nsite], sr = new double[3 * hand.nsite];
        ocl.readSitePositions(s);
        ref.readSitePositions(sr);
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i]).as("%s: site entry %d", when, i).isCloseTo(sr[i], within(1e-9));
        }
        double[] f = new double[hand.nu], fr = new double[hand.nu];
        ocl.readActuatorForces(f);
        ref.readActuatorForces(fr);
        for (int i = 0; i < f.length; i++) {
            assertThat(f[i]).as("%s: actuator force %d", when, i).isCloseTo(fr[i], within(1e-7));
        }
    }

    @Test
    void aModelWithWhatTheKernelsCannotRunIsRefusedWithTheReasons(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("statue.xml");
        java.nio.file.Files.writeString(
                file,
                "<mujoco model=\"puppet\"><option integrator=\"RK4\"/><worldbody>"
                        + "<body name=\"hand\" mocap=\"true\"/>"
                        + "<body name=\"arm\"><geom type=\"sphere\" size=\"0.1\"/></body>"
                        + "</worldbody></mujoco>");
        MultibodyModel statue = TestModels.compile(file);
        assertThat(engine.supports(statue)).isFalse();
        assertThatThrownBy(() -> engine.createWorld(statue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the OpenCL engine cannot run model 'puppet' yet")
                .hasMessageContaining("no degrees of freedom")
                .message()
                .doesNotContain("mocap")
                .doesNotContain("RK4");
        assertThat(engine.supports(hand)).isTrue();
        assertThat(engine.supports(TestModels.compile(TestModels.HAND_BLOCK))).isTrue();
    }

    @Test
    void badInputIsRefusedWithWhatWasWrong() {
        World w = engine.createWorld(hand);
        assertThatThrownBy(() -> w.setControls(new double[3]))
                .hasMessageContaining("controls has 3 entries; expected " + hand.nu);
        double[] nan = new double[hand.nu];
        nan[4] = Double.NaN;
        assertThatThrownBy(() -> w.setControls(nan)).hasMessageContaining("controls[4]");
        double[] q = new double[hand.nq];
        assertThatThrownBy(() -> w.writeState(q, new double[hand.nv], 0))
                .hasMessageContaining("zero quaternion");
        assertThatThrownBy(() -> w.randomization().setBodyMassKg(1, -1))
                .hasMessageContaining("positive finite mass");
        assertThatThrownBy(() -> w.resetToKeyframe(0))
                .hasMessageContaining(
                        "keyframe 0 is not allowed; model 'manipulate_block' has no keyframes");
    }
}
