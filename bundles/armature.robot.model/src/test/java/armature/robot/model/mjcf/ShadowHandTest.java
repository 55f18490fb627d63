package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.Actuator;
import armature.robot.model.ActuatorType;
import armature.robot.model.Body;
import armature.robot.model.ExampleModels;
import armature.robot.model.Geom;
import armature.robot.model.GeomType;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.Model;
import armature.robot.model.Tendon;
import armature.robot.model.geometry.Quat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detailed checks on the real Shadow hand scene: defaults, units, actuators, tendons, inertia. */
class ShadowHandTest {
    static Model hand;

    @BeforeAll
    static void load() throws Exception {
        hand = MjcfLoader.load(ExampleModels.file("gymnasium-robotics/hand/manipulate_block.xml"));
    }

    @Test
    void jointOrderIsDocumentOrder() {
        assertThat(hand.joints().stream().map(Joint::name).toList())
                .startsWith("robot0:WRJ1", "robot0:WRJ0", "robot0:FFJ3", "robot0:FFJ2")
                .endsWith("robot0:THJ0", "object:joint", "target:joint");
    }

    @Test
    void childclassDefaultsApplyAndElementAttributesOverride() {
        Joint ffj3 = hand.joint("robot0:FFJ3").orElseThrow();
        // From class robot0:asset_class (childclass of the forearm):
        assertThat(ffj3.dampingNmsPerRadOrNsPerM()).isEqualTo(0.1);
        assertThat(ffj3.armatureKgM2OrKg()).isEqualTo(0.001);
        assertThat(ffj3.frictionLossNmOrN()).isEqualTo(0.001);
        assertThat(ffj3.marginRadOrM()).isEqualTo(0.01);
        assertThat(ffj3.limited()).isTrue();
        // compiler angle="radian": ranges are used as written.
        assertThat(ffj3.rangeLowerRadOrM()).isEqualTo(-0.349);
        assertThat(ffj3.rangeUpperRadOrM()).isEqualTo(0.349);
        Joint wrj1 = hand.joint("robot0:WRJ1").orElseThrow();
        assertThat(wrj1.dampingNmsPerRadOrNsPerM()).as("element overrides class").isEqualTo(0.5);
        assertThat(wrj1.armatureKgM2OrKg()).isEqualTo(0.005);
        Joint lfj4 = hand.joint("robot0:LFJ4").orElseThrow();
        assertThat(lfj4.axis().norm()).isCloseTo(1, within(1e-12));
        assertThat(lfj4.axis().x() / lfj4.axis().z()).isCloseTo(0.571 / 0.821, within(1e-12));
        Joint object = hand.joint("object:joint").orElseThrow();
        assertThat(object.type()).isEqualTo(JointType.FREE);
        assertThat(object.dampingNmsPerRadOrNsPerM()).isEqualTo(0.01);
    }

    @Test
    void geomClassReplacesChildclass() {
        Geom viz = hand.geom("robot0:V_forearm").orElseThrow();
        // Class robot0:D_Vizual (parent: main) replaces the childclass entirely.
        assertThat(viz.type()).isEqualTo(GeomType.MESH);
        assertThat(viz.contype()).isZero();
        assertThat(viz.conaffinity()).isZero();
        assertThat(viz.group()).isEqualTo(1);
        assertThat(viz.marginM()).as("asset_class margin not inherited").isZero();
        // Material robot0:MatViz's colour (shared_asset.xml), the geom naming none of its own.
        assertThat(viz.rgba()).containsExactly(0.93, 0.93, 0.93, 1.0);
        Geom coll = hand.geom("robot0:C_ffdistal").orElseThrow();
        assertThat(coll.type()).isEqualTo(GeomType.CAPSULE);
        assertThat(coll.sizeM()).containsExactly(0.00705, 0.012);
        assertThat(coll.condim()).isEqualTo(4);
        assertThat(coll.contype()).isEqualTo(1);
        assertThat(coll.conaffinity()).isZero();
        assertThat(coll.group()).isEqualTo(4);
        Geom mesh = hand.geom("robot0:C_forearm").orElseThrow();
        assertThat(mesh.meshName()).isEqualTo("robot0:forearm_cvx");
        assertThat(hand.mesh("robot0:forearm_cvx").orElseThrow().hull().volume()).isPositive();
    }

    @Test
    void positionActuatorsGetSharedActuatorDefaults() {
        Actuator a = hand.actuators().get(0);
        assertThat(a.name()).isEqualTo("robot0:A_WRJ1");
        assertThat(a.type()).isEqualTo(ActuatorType.POSITION);
        assertThat(a.transmission()).isEqualTo(Actuator.Transmission.JOINT);
        assertThat(a.target()).isEqualTo("robot0:WRJ1");
        assertThat(a.kp()).isEqualTo(5);
        assertThat(a.gainPrm()).startsWith(5.0, 0.0, 0.0);
        assertThat(a.biasPrm()).startsWith(0.0, -5.0, -0.0);
        // ctrllimited/forcelimited come from <general> in class robot0:asset_class.
        assertThat(a.ctrlLimited()).isTrue();
        assertThat(a.ctrlLower()).isEqualTo(-0.489);
        assertThat(a.ctrlUpper()).isEqualTo(0.14);
        assertThat(a.forceLimited()).isTrue();
        assertThat(a.forceUpperNmOrN()).isEqualTo(4.785);
        assertThat(a.gear()).containsExactly(1.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void couplingTendons() {
        Tendon t = hand.tendons().get(8);
        assertThat(t.name()).isEqualTo("robot0:T_FFJ1c");
        assertThat(t.joints())
                .containsExactly(
                        new Tendon.TendonJoint("robot0:FFJ0", 0.00705),
                        new Tendon.TendonJoint("robot0:FFJ1", -0.00805));
        assertThat(t.limited()).isTrue();
        assertThat(t.rangeLower()).isEqualTo(-0.001);
        assertThat(hand.contactPairs()).hasSize(19);
        assertThat(hand.contactPairs().get(0).condim()).isEqualTo(1);
    }

    @Test
    void objectMassFromDensityAndExplicitZeroMass() {
        Body object = hand.body("object").orElseThrow();
        // 0.05 m cube at 567 kg/m^3; the hidden geom has mass="0" and adds nothing.
        double m = 567 * 0.05 * 0.05 * 0.05;
        assertThat(object.inertial().massKg()).isCloseTo(m, within(1e-12));
        assertThat(object.inertial().computedFromGeoms()).isTrue();
        assertThat(object.inertial().inertiaAboutComKgM2().ixxKgM2())
                .isCloseTo(m / 6 * 0.05 * 0.05, within(1e-15));
        Body target = hand.body("target").orElseThrow();
        assertThat(target.inertial().massKg()).isCloseTo(1000 * 0.05 * 0.05 * 0.05, within(1e-12));
    }

    @Test
    void explicitInertialIsRotatedIntoBodyFrame() {
        Body forearm = hand.body("robot0:forearm").orElseThrow();
        assertThat(forearm.inertial().massKg()).isEqualTo(4);
        assertThat(forearm.inertial().computedFromGeoms()).isFalse();
        var i = forearm.inertial().inertiaAboutComKgM2();
        // Trace is invariant under rotation: 0.01 + 0.01 + 0.0075.
        assertThat(i.ixxKgM2() + i.iyyKgM2() + i.izzKgM2()).isCloseTo(0.0275, within(1e-12));
        assertThat(i.ixyKgM2()).isNotZero();
        Body mount = hand.body("robot0:hand mount").orElseThrow();
        // euler="1.5708 0 3.14159" in radians, sequence xyz.
        Quat expected =
                Quat.fromAxisAngle(new armature.robot.model.geometry.Vec3(1, 0, 0), 1.5708)
                        .times(
                                Quat.fromAxisAngle(
                                        new armature.robot.model.geometry.Vec3(0, 0, 1), 3.14159));
        assertThat(mount.quat().sameRotation(expected, 1e-12)).isTrue();
        Body thbase = hand.body("robot0:thbase").orElseThrow();
        assertThat(thbase.quat().y()).isCloseTo(Math.sin(0.785 / 2), within(1e-12));
    }

    @Test
    void warnsOnceAboutIgnoredContent() {
        assertThat(hand.warnings()).hasSize(1);
        assertThat(hand.warnings().get(0))
                .contains("joint@user x24")
                .contains("position@user x20")
                .contains("mujoco/sensor x1")
                .contains("worldbody/light x1")
                .doesNotContain("texture")
                .doesNotContain("texrepeat");
    }

    @Test
    void indexHelpersFollowTheTree() {
        int object = hand.joints().size() - 2;
        assertThat(hand.joints().get(object).name()).isEqualTo("object:joint");
        // 24 hinges come first, so the object's free joint starts at qpos 24 and dof 24.
        assertThat(hand.qposAddress(object)).isEqualTo(24);
        assertThat(hand.dofAddress(object)).isEqualTo(24);
        assertThat(hand.qposAddress(object + 1)).isEqualTo(31);
        assertThat(hand.dofAddress(object + 1)).isEqualTo(30);
        int objectBody = hand.jointBodyIndex(object);
        assertThat(hand.bodies().get(objectBody).name()).isEqualTo("object");
        assertThat(hand.parentIndex(objectBody)).isZero();
        assertThat(hand.parentIndex(0)).isEqualTo(-1);
        int ffdistal = hand.jointBodyIndex(5);
        assertThat(hand.bodies().get(ffdistal).name()).isEqualTo("robot0:ffdistal");
        assertThat(hand.bodies().get(hand.parentIndex(ffdistal)).name())
                .isEqualTo("robot0:ffmiddle");
        assertThat(hand.bodies().get(hand.geomBodyIndex(0)).name()).isEqualTo("world");
        for (int i = 1; i < hand.bodyCount(); i++) {
            assertThat(hand.parentIndex(i)).as("pre-order: parents come first").isLessThan(i);
        }
    }
}
