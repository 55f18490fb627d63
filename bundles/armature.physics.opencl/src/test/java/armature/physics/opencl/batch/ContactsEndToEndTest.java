package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.constraint.Efc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contacts end to end through {@link OpenClBatch}: the device detects them (collision.cl) and
 * constrains them (constraint.cl), and a tilted cube and a ball dropped on a plane must move as in
 * the reference engine, to rounding in float64. Runs once the device collides boxes, spheres and
 * planes; until then {@link Unsupported} refuses the model and the test is skipped, visibly.
 */
class ContactsEndToEndTest {
    private static OpenClDevice device;

    @TempDir Path dir;

    @BeforeAll
    static void device() {
        device = TestModels.device();
        ConstraintsMatchReferenceTest.device();
    }

    @ParameterizedTest(name = "{0} cone")
    @ValueSource(strings = {"pyramidal", "elliptic"})
    void cubeAndBallOnAPlane(String cone) throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        Path f = dir.resolve(cone + ".xml");
        Files.writeString(
                f,
                """
                <mujoco model="cube-and-ball-%s">
                  <option timestep="0.002" cone="%s"/>
                  <worldbody>
                    <geom name="floor" type="plane" size="1 1 0.1"/>
                    <body name="cube" pos="0 0 0.06" euler="0.2 0.1 0">
                      <joint name="free" type="free"/>
                      <geom name="box" type="box" size="0.05 0.05 0.05" mass="0.5"/>
                    </body>
                    <body name="ball" pos="0.2 0 0.1">
                      <joint type="free"/>
                      <geom type="sphere" size="0.04" mass="0.2"/>
                    </body>
                  </worldbody>
                </mujoco>
                """
                        .formatted(cone, cone));
        MultibodyModel m = TestModels.compile(f);
        Assumptions.assumeTrue(
                Unsupported.reasons(m).isEmpty(),
                "not yet on the device: " + Unsupported.reasons(m));
        ConstraintsMatchReferenceTest.Run r64 = ConstraintsMatchReferenceTest.compare(m, true, 2);
        int type = cone.equals("elliptic") ? Efc.CONTACT_ELLIPTIC : Efc.CONTACT_PYRAMIDAL;
        assertThat(r64.refRowsByType()[type]).as("contact rows").isPositive();
        assertThat(r64.iterationMismatches()).isZero();
        assertThat(r64.worstRad()).isLessThan(1e-9);
        ConstraintsMatchReferenceTest.Run r32 = ConstraintsMatchReferenceTest.compare(m, false, 2);
        assertThat(r32.worstRad()).isLessThan(Math.max(1e-4, 10 * Math.scalb(r64.worstRad(), 29)));
    }
}
