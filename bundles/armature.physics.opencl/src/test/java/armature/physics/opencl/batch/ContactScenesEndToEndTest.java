package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.JointType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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
}
