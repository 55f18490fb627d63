package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;

import armature.robot.model.Body;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.ExampleModels;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detailed checks on the real Fetch pick-and-place scene: nested defaults, mocap, excludes, weld.
 */
class FetchTest {
    static Model fetch;

    @BeforeAll
    static void load() throws Exception {
        fetch = MjcfLoader.load(ExampleModels.file("gymnasium-robotics/fetch/pick_and_place.xml"));
    }

    @Test
    void nestedDefaultClassInheritsAndOverrides() {
        Joint finger = fetch.joint("robot0:r_gripper_finger_joint").orElseThrow();
        // robot0:fetchGripper (child of robot0:fetch) makes joints slides with its own armature.
        assertThat(finger.type()).isEqualTo(JointType.SLIDE);
        assertThat(finger.armatureKgM2OrKg()).isEqualTo(100);
        assertThat(finger.dampingNmsPerRadOrNsPerM()).isEqualTo(1000);
        assertThat(finger.limited()).isTrue();
        assertThat(finger.rangeUpperRadOrM()).isEqualTo(0.05);
        Joint pan = fetch.joint("robot0:shoulder_pan_joint").orElseThrow();
        assertThat(pan.type()).isEqualTo(JointType.HINGE);
        assertThat(pan.armatureKgM2OrKg()).isEqualTo(1);
        assertThat(pan.dampingNmsPerRadOrNsPerM()).isEqualTo(50);
        Joint roll = fetch.joint("robot0:forearm_roll_joint").orElseThrow();
        assertThat(roll.stiffnessNmPerRadOrNPerM()).isEqualTo(10);
        assertThat(roll.limited()).isFalse();
        assertThat(fetch.joint("robot0:head_tilt_joint").orElseThrow().refRadOrM()).isEqualTo(0.06);
        // Class robot0:grey inherits type="mesh" from robot0:fetch.
        assertThat(fetch.geom("robot0:base_link").orElseThrow().meshName())
                .isEqualTo("robot0:base_link");
        assertThat(fetch.geom("robot0:base_link").orElseThrow().rgba())
                .containsExactly(0.356, 0.361, 0.376, 1.0);
    }

    @Test
    void mocapExcludesAndWeld() {
        Body mocap = fetch.body("robot0:mocap").orElseThrow();
        assertThat(mocap.mocap()).isTrue();
        assertThat(mocap.joints()).isEmpty();
        assertThat(fetch.contactExcludes()).hasSize(3);
        assertThat(fetch.contactExcludes().get(0).body1())
                .isEqualTo("robot0:r_gripper_finger_link");
        EqualityConstraint weld = fetch.equalities().get(0);
        assertThat(weld.type()).isEqualTo(EqualityConstraint.Type.WELD);
        assertThat(weld.object1()).isEqualTo("robot0:mocap");
        assertThat(weld.object2()).isEqualTo("robot0:gripper_link");
        // the weld is simulated (ADR 0086), so loading it is no warning
        assertThat(fetch.warnings()).noneMatch(w -> w.contains("equality"));
    }

    @Test
    void explicitGeomMassAndActuators() {
        assertThat(fetch.body("table0").orElseThrow().inertial().massKg()).isEqualTo(2000);
        assertThat(fetch.body("object0").orElseThrow().inertial().massKg()).isEqualTo(2);
        assertThat(fetch.actuators()).hasSize(2);
        assertThat(fetch.actuators().get(0).kp()).isEqualTo(30000);
        assertThat(fetch.actuators().get(0).ctrlUpper()).isEqualTo(0.2);
        // Bodies without inertial and without geoms are massless frames.
        assertThat(fetch.body("robot0:gripper_camera_link").orElseThrow().inertial().massKg())
                .isZero();
    }
}
