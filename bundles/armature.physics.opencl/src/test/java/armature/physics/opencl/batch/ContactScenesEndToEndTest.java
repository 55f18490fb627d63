package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.JointType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models with contacts stepped end to end (collision, constraint solve, integration) against the
 * reference engine for one simulated second: boxes, spheres and capsules dropped onto a plane and
 * onto each other. Runs once the program has the constraint stage (ARM_CONSTRAINTS, constraint.cl);
 * without it the kernels find contacts but apply no contact forces, and the test is skipped.
 */
class ContactScenesEndToEndTest {
    private static final int WORLDS = 4, CONTROL_STEPS = 50;

    /** As MatchesReferenceTest: rounding differences, grown over 500 steps, stay far below. */
    private static final double FLOAT64_M = 1e-9;

    private static OpenClDevice device;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"box_plane.xml", "capsules_spheres.xml", "boxes_mixed.xml"})
    void agreesWithTheReference(String file) throws Exception {
        MultibodyModel m = TestModels.compile(CollideMatchesReferenceTest.MODELS.resolve(file));
        Assumptions.assumeTrue(
                ModelSource.options(m, true).contains("-DARM_CONSTRAINTS"),
                "the program has no constraint stage yet");
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        int substeps = (int) Math.round(1.0 / (CONTROL_STEPS * m.timestepSeconds));
        double[][] start = CollideMatchesReferenceTest.states(m, 0.05, 0.03, 11);
        World[] ref = new World[WORLDS];
        int contacts = 0;
        double worst = 0;
        try (OpenClBatch batch =
                OpenClBatch.create(m, device, OpenClBatch.Options.of(WORLDS).withFloat64(true))) {
            for (int w = 0; w < WORLDS; w++) {
                double[] q = start[w].clone();
                for (int j = 0; j < m.njnt; j++) {
                    if (m.jntType[j] == JointType.FREE) {
                        q[m.jntQposAdr[j] + 2] += 0.05; // dropped from a little higher
                    }
                }
                ref[w] = new ReferencePhysicsEngine().createWorld(m);
                ref[w].writeState(q, new double[m.nv], 0);
                batch.writeState(w, q, new double[m.nv]);
            }
            for (int s = 0; s < CONTROL_STEPS; s++) {
                for (World r : ref) {
                    r.step(substeps);
                }
                batch.step(substeps);
                for (int c : batch.contactCounts()) {
                    contacts += c;
                }
            }
            assertThat(batch.status()).containsOnly(0);
            assertThat(batch.droppedContacts()).containsOnly(0);
            double[] q = new double[WORLDS * m.nq], qr = new double[m.nq], vr = new double[m.nv];
            batch.readQpos(q);
            for (int w = 0; w < WORLDS; w++) {
                ref[w].readState(qr, vr);
                for (int i = 0; i < m.nq; i++) {
                    worst = Math.max(worst, Math.abs(q[w * m.nq + i] - qr[i]));
                }
            }
        }
        assertThat(contacts).as("contacts over the second").isGreaterThan(WORLDS * CONTROL_STEPS);
        assertThat(worst).as("%s: largest |q - q_ref| after 1 s", file).isLessThan(FLOAT64_M);
    }

    /**
     * Cylinders (cylinders_rolling.xml): a drum pushed along a table so that it slides and rolls on
     * its side line (cylinder-box), a can dropped tilted onto the floor on its rim and a puck
     * dropped flat (plane-cylinder), each world from a slightly different start; every contact in
     * the scene involves a cylinder. Per body, float64 agrees to rounding, and float32 is within
     * the bound ConstraintsMatchReferenceTest derives from float64's difference: max(1e-4, 10 x
     * 2^29 x float64's). Per body, because the puck lying flat amplifies rounding (its rim points
     * follow a tilt of rounding size), which would make a bound for the whole scene say nothing
     * about the drum.
     */
    @Test
    void cylindersRollOnATableAndFallOntoTheFloor() throws Exception {
        MultibodyModel m =
                TestModels.compile(
                        CollideMatchesReferenceTest.MODELS.resolve("cylinders_rolling.xml"));
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] q = new double[WORLDS][], v = new double[WORLDS][];
        int drum = m.jntQposAdr[0], drumDof = m.jntDofAdr[0];
        for (int w = 0; w < WORLDS; w++) {
            q[w] = m.qpos0.clone();
            v[w] = new double[m.nv];
            for (int j = 0; j < m.njnt; j++) {
                int a = m.jntQposAdr[j];
                q[w][a] += rnd.nextDouble(-0.01, 0.01);
                q[w][a + 1] += rnd.nextDouble(-0.01, 0.01);
                if (a != drum) {
                    q[w][a + 2] += rnd.nextDouble(0, 0.02);
                    for (int k = 1; k < 4; k++) {
                        q[w][a + 3 + k] += rnd.nextDouble(-0.03, 0.03);
                    }
                }
            }
            v[w][drumDof] = rnd.nextDouble(0.2, 0.4); // pushed along the table (x)
        }
        Run f64 = run(m, true, q, v), f32 = run(m, false, q, v);
        assertThat(f64.contacts())
                .as("contacts over the second")
                .isGreaterThan(4L * WORLDS * CONTROL_STEPS);
        for (int j = 0; j < m.njnt; j++) {
            String body = m.bodyNames().get(m.jntBody[j]);
            double e64 = f64.worstByJoint()[j], e32 = f32.worstByJoint()[j];
            System.out.printf(
                    "%s %s: largest |q - q_ref| after 1 s: float64 %.3e, float32 %.3e%n",
                    m.name, body, e64, e32);
            assertThat(e64)
                    .as("%s float64: largest |q - q_ref| after 1 s", body)
                    .isLessThan(FLOAT64_M);
            assertThat(e32)
                    .as("%s float32: largest |q - q_ref| after 1 s", body)
                    .isLessThan(Math.max(1e-4, 10 * Math.scalb(e64, 29)));
        }
    }

    /** Largest |q - q_ref| per joint over the worlds, and the device's contacts summed. */
    private record Run(double[] worstByJoint, long contacts) {}

    /** Steps the worlds from (q, v) for one second on the device and in the reference. */
    private static Run run(MultibodyModel m, boolean float64, double[][] q, double[][] v) {
        int substeps = (int) Math.round(1.0 / (CONTROL_STEPS * m.timestepSeconds));
        World[] ref = new World[q.length];
        long contacts = 0;
        double[] worst = new double[m.njnt];
        try (OpenClBatch batch =
                OpenClBatch.create(
                        m, device, OpenClBatch.Options.of(q.length).withFloat64(float64))) {
            for (int w = 0; w < q.length; w++) {
                ref[w] = new ReferencePhysicsEngine().createWorld(m);
                ref[w].writeState(q[w], v[w], 0);
                batch.writeState(w, q[w], v[w]);
            }
            for (int s = 0; s < CONTROL_STEPS; s++) {
                for (World r : ref) {
                    r.step(substeps);
                }
                batch.step(substeps);
                for (int c : batch.contactCounts()) {
                    contacts += c;
                }
            }
            assertThat(batch.status()).containsOnly(0);
            assertThat(batch.droppedContacts()).containsOnly(0);
            double[] qd = new double[q.length * m.nq], qr = new double[m.nq];
            double[] vr = new double[m.nv];
            batch.readQpos(qd);
            for (int w = 0; w < q.length; w++) {
                ref[w].readState(qr, vr);
                for (int i = 0; i < m.nq; i++) {
                    int j = 0;
                    while (j + 1 < m.njnt && m.jntQposAdr[j + 1] <= i) {
                        j++;
                    }
                    worst[j] = Math.max(worst[j], Math.abs(qd[w * m.nq + i] - qr[i]));
                }
            }
        }
        return new Run(worst, contacts);
    }
}
