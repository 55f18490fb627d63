package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.Body;
import armature.robot.model.Geom;
import armature.robot.model.GeomType;
import armature.robot.model.Model;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units, orientations, fromto, inertia from geoms, keyframes and warnings on inline models. */
class MjcfSemanticsTest {
    private static final double S = Math.sqrt(0.5);

    @TempDir Path dir;

    Model load(String xml) throws Exception {
        Path f = dir.resolve("m.xml");
        Files.writeString(f, xml);
        return MjcfLoader.load(f);
    }

    @Test
    void anglesDefaultToDegrees() throws Exception {
        Model m =
                load(
                        "<mujoco><worldbody><body name='b' euler='90 0 0'>"
                                + "<joint name='h' range='-90 45' ref='30'/>"
                                + "<joint name='s' type='slide' range='-90 45'/>"
                                + "<geom size='0.1'/></body>"
                                + "<body name='aa' axisangle='0 0 1 90'><geom size='0.1'/></body>"
                                + "</worldbody></mujoco>");
        var h = m.joint("h").orElseThrow();
        assertThat(h.rangeLowerRadOrM()).isCloseTo(-Math.PI / 2, within(1e-12));
        assertThat(h.rangeUpperRadOrM()).isCloseTo(Math.PI / 4, within(1e-12));
        assertThat(h.refRadOrM()).isCloseTo(Math.PI / 6, within(1e-12));
        assertThat(h.limited()).as("autolimits: range given").isTrue();
        var s = m.joint("s").orElseThrow();
        assertThat(s.rangeLowerRadOrM()).as("slide ranges are lengths").isEqualTo(-90);
        assertThat(m.body("b").orElseThrow().quat().sameRotation(new Quat(S, S, 0, 0), 1e-12))
                .isTrue();
        assertThat(m.body("aa").orElseThrow().quat().sameRotation(new Quat(S, 0, 0, S), 1e-12))
                .isTrue();
    }

    @Test
    void radiansEulerSequenceXyaxesAndZaxis() throws Exception {
        Model m =
                load(
                        "<mujoco><compiler angle='radian' eulerseq='XYZ'/><worldbody>"
                                + "<body name='e' euler='1.5707963267948966 1.5707963267948966 0'>"
                                + "<geom size='0.1'/></body>"
                                + "<body name='x' xyaxes='0 1 0 -1 0 0'><geom size='0.1'/></body>"
                                + "<body name='z' zaxis='1 0 0'><geom size='0.1'/></body>"
                                + "<body name='q' quat='2 0 0 0'><geom size='0.1'/></body>"
                                + "</worldbody></mujoco>");
        // Extrinsic X(90) then Y(90): q = qy * qx = (0.5, 0.5, 0.5, -0.5).
        assertThat(
                        m.body("e")
                                .orElseThrow()
                                .quat()
                                .sameRotation(new Quat(0.5, 0.5, 0.5, -0.5), 1e-12))
                .isTrue();
        assertThat(m.body("x").orElseThrow().quat().sameRotation(new Quat(S, 0, 0, S), 1e-12))
                .isTrue();
        assertThat(m.body("z").orElseThrow().quat().sameRotation(new Quat(S, 0, S, 0), 1e-12))
                .isTrue();
        assertThat(m.body("q").orElseThrow().quat()).isEqualTo(Quat.IDENTITY);
    }

    @Test
    void fromtoCapsuleIsResolved() throws Exception {
        Model m =
                load(
                        "<mujoco><worldbody><body><geom name='c' type='capsule' fromto='0 0 0 0.2 0 0'"
                                + " size='0.05'/><geom name='b' type='box' fromto='0 0 -1 0 0 1' size='0.1 0.2'/>"
                                + "</body></worldbody></mujoco>");
        Geom c = m.geom("c").orElseThrow();
        assertThat(c.sizeM()).containsExactly(0.05, 0.1);
        assertThat(c.posM()).isEqualTo(new Vec3(0.1, 0, 0));
        Vec3 axis = c.quat().rotate(Vec3.UNIT_Z);
        assertThat(axis.x()).isCloseTo(1, within(1e-12));
        Geom b = m.geom("b").orElseThrow();
        assertThat(b.sizeM()).containsExactly(0.1, 0.2, 1.0);
        assertThat(b.quat().sameRotation(Quat.IDENTITY, 1e-12)).isTrue();
    }

    @Test
    void bodyInertiaFromTwoOffsetSpheresMatchesParallelAxisTheorem() throws Exception {
        Model m =
                load(
                        "<mujoco><worldbody><body name='d'><joint/>"
                                + "<geom type='sphere' size='0.1' pos='0.5 0 0' density='1000'/>"
                                + "<geom type='sphere' size='0.1' pos='-0.5 0 0' mass='2'/>"
                                + "</body></worldbody></mujoco>");
        Body d = m.body("d").orElseThrow();
        double m1 = 1000 * 4.0 / 3 * Math.PI * 0.001;
        double m2 = 2;
        double total = m1 + m2;
        assertThat(d.inertial().massKg()).isCloseTo(total, within(1e-12));
        double comX = (m1 * 0.5 - m2 * 0.5) / total;
        assertThat(d.inertial().comPosM().x()).isCloseTo(comX, within(1e-12));
        double own = 0.4 * total * 0.01;
        double iyy = own + m1 * Math.pow(0.5 - comX, 2) + m2 * Math.pow(-0.5 - comX, 2);
        assertThat(d.inertial().inertiaAboutComKgM2().ixxKgM2()).isCloseTo(own, within(1e-12));
        assertThat(d.inertial().inertiaAboutComKgM2().iyyKgM2()).isCloseTo(iyy, within(1e-12));
        assertThat(d.inertial().inertiaAboutComKgM2().izzKgM2()).isCloseTo(iyy, within(1e-12));
    }

    @Test
    void rotatedBoxGeomInertiaIsRotatedIntoBodyFrame() throws Exception {
        Model m =
                load(
                        "<mujoco><worldbody><body name='d'><joint/>"
                                + "<geom type='box' size='0.1 0.2 0.3' euler='0 0 90' mass='3'/>"
                                + "</body></worldbody></mujoco>");
        var i = m.body("d").orElseThrow().inertial().inertiaAboutComKgM2();
        // The box's x (0.1) and y (0.2) axes are swapped by the 90 degree yaw.
        assertThat(i.ixxKgM2()).isCloseTo(3.0 / 3 * (0.01 + 0.09), within(1e-12));
        assertThat(i.iyyKgM2()).isCloseTo(3.0 / 3 * (0.04 + 0.09), within(1e-12));
        assertThat(i.ixyKgM2()).isCloseTo(0, within(1e-12));
    }

    @Test
    void inertiaFromGeomSettings() throws Exception {
        String body =
                "<worldbody><body name='d'><inertial mass='5' pos='0 0 1' diaginertia='1 2 3'"
                        + " quat='0.7071067811865476 0 0 0.7071067811865476'/><joint/>"
                        + "<geom type='box' size='0.5 0.5 0.5' density='2'/></body></worldbody>";
        Model auto = load("<mujoco>" + body + "</mujoco>");
        var a = auto.body("d").orElseThrow().inertial();
        assertThat(a.massKg()).isEqualTo(5);
        assertThat(a.comPosM()).isEqualTo(new Vec3(0, 0, 1));
        assertThat(a.inertiaAboutComKgM2().ixxKgM2())
                .as("yawed 90 degrees")
                .isCloseTo(2, within(1e-12));
        assertThat(a.inertiaAboutComKgM2().iyyKgM2()).isCloseTo(1, within(1e-12));
        Model forced = load("<mujoco><compiler inertiafromgeom='true'/>" + body + "</mujoco>");
        assertThat(forced.body("d").orElseThrow().inertial().massKg()).isCloseTo(2, within(1e-12));
        Model full =
                load(
                        "<mujoco><worldbody><body name='f'><inertial mass='1' fullinertia='1 2 3 0.1 0.2 0.3'/>"
                                + "<joint/></body></worldbody></mujoco>");
        assertThat(full.body("f").orElseThrow().inertial().inertiaAboutComKgM2().iyzKgM2())
                .isEqualTo(0.3);
    }

    @Test
    void massSelessMovingBodyIsWarned() throws Exception {
        Model m =
                load("<mujoco><worldbody><body name='ghost'><joint/></body></worldbody></mujoco>");
        assertThat(m.warnings()).anyMatch(w -> w.contains("'ghost'") && w.contains("no mass"));
    }

    @Test
    void keyframesAndOptions() throws Exception {
        Model m =
                load(
                        "<mujoco><option timestep='0.005' gravity='0 0 -1' iterations='7' integrator='RK4'>"
                                + "<flag contact='disable'/></option>"
                                + "<worldbody><body><freejoint name='f'/><geom size='0.1'/></body>"
                                + "<body mocap='true'><geom size='0.1'/></body></worldbody>"
                                + "<keyframe><key name='home' time='1.5' qpos='0 0 1 1 0 0 0' "
                                + "mpos='1 2 3'/></keyframe></mujoco>");
        assertThat(m.options().timestepSeconds()).isEqualTo(0.005);
        assertThat(m.options().gravityMPerSec2()).isEqualTo(new Vec3(0, 0, -1));
        assertThat(m.options().iterations()).isEqualTo(7);
        assertThat(m.options().integrator()).isEqualTo("RK4");
        assertThat(m.options().flags()).containsEntry("contact", "disable");
        var key = m.keyframes().get(0);
        assertThat(key.name()).isEqualTo("home");
        assertThat(key.timeSeconds()).isEqualTo(1.5);
        assertThat(key.qpos()).containsExactly(0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0);
        assertThat(key.mocapPos()).containsExactly(1.0, 2.0, 3.0);
        assertThat(key.qvel()).isEmpty();
    }

    /** MuJoCo's rule: a geom with the default rgba that names a material is drawn in its colour. */
    @Test
    void aGeomWithoutItsOwnColourTakesItsMaterials() throws Exception {
        Model m =
                load(
                        "<mujoco><asset><material name='red' rgba='1 0 0 1'/><material name='plain'/>"
                                + "</asset><worldbody><body>"
                                + "<geom name='a' size='0.1' material='red'/>"
                                + "<geom name='b' size='0.1' material='red' rgba='0 0 1 1'/>"
                                + "<geom name='c' size='0.1' material='plain'/>"
                                + "</body></worldbody></mujoco>");
        assertThat(m.geom("a").orElseThrow().rgba()).containsExactly(1.0, 0.0, 0.0, 1.0);
        assertThat(m.geom("b").orElseThrow().rgba()).containsExactly(0.0, 0.0, 1.0, 1.0);
        assertThat(m.geom("c").orElseThrow().rgba()).containsExactly(1.0, 1.0, 1.0, 1.0);
        assertThatThrownBy(
                        () ->
                                load(
                                        "<mujoco><worldbody><body><geom size='0.1' material='nope'/>"
                                                + "</body></worldbody></mujoco>"))
                .hasMessageContaining("unknown material 'nope'");
    }

    @Test
    void geomDefaultsAndTypes() throws Exception {
        Model m =
                load(
                        "<mujoco><worldbody><geom name='p' type='plane' size='1 1 0.1'/>"
                                + "<body><geom name='s' size='0.1'/><geom name='e' type='ellipsoid' size='1 2 3'/>"
                                + "<site name='st'/></body></worldbody></mujoco>");
        Geom s = m.geom("s").orElseThrow();
        assertThat(s.type()).isEqualTo(GeomType.SPHERE);
        assertThat(s.contype()).isEqualTo(1);
        assertThat(s.conaffinity()).isEqualTo(1);
        assertThat(s.condim()).isEqualTo(3);
        assertThat(s.densityKgPerM3()).isEqualTo(1000);
        assertThat(s.rgba()).containsExactly(0.5, 0.5, 0.5, 1.0);
        assertThat(m.geom("p").orElseThrow().massKg()).isZero();
        assertThat(m.geom("e").orElseThrow().sizeM()).containsExactly(1.0, 2.0, 3.0);
        assertThat(m.sites().get(0).sizeM()).containsExactly(0.005);
    }

    @Test
    void unsupportedContentIsOneWarningWithCounts() throws Exception {
        Model m =
                load(
                        "<mujoco><size njmax='10'/><visual><map force='1'/></visual>"
                                + "<worldbody><light/><light/><body gravcomp='1'>"
                                + "<geom size='0.1' fluidshape='ellipsoid' user='1'/>"
                                + "<geom size='0.1' fluidshape='none'/><camera/></body></worldbody>"
                                + "<tendon><spatial/></tendon><sensor><jointpos joint='x'/></sensor></mujoco>");
        assertThat(m.warnings()).hasSize(1);
        assertThat(m.warnings().get(0))
                .startsWith("MJCF content ignored (not supported):")
                .contains("mujoco/size x1")
                .contains("mujoco/visual x1")
                .contains("worldbody/light x2")
                .contains("body/camera x1")
                .contains("tendon/spatial x1")
                .contains("mujoco/sensor x1")
                .contains("body@gravcomp x1")
                .contains("geom@fluidshape x2")
                .contains("geom@user x1")
                .doesNotContain("jointpos");
    }
}
