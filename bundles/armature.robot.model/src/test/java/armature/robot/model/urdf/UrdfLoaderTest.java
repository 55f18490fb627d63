package armature.robot.model.urdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.Body;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.ExampleModels;
import armature.robot.model.GeomType;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.SourceFormat;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrdfLoaderTest {
    private static final String ROBOTS = "example-robot-data/robots/";

    @TempDir Path tmp;

    static LoadOptions withPackages() {
        return LoadOptions.defaults().withPackagePath(List.of(ExampleModels.root()));
    }

    static Model load(String relative) throws ModelLoadException {
        return UrdfLoader.load(ExampleModels.file(ROBOTS + relative), withPackages());
    }

    /**
     * Counts derived from the files: bodies = links + world (UR5's root link is named "world" and
     * is the world itself); joints = non-fixed joints; geoms = collision elements whose geometry
     * loads.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, bodies, joints, nq, geoms, meshes, equalities
        "panda_description/urdf/panda.urdf,                          14,  9,  9, 17, 9, 1",
        "panda_description/urdf/panda_collision.urdf,                14,  9,  9, 39, 0, 1",
        "ur_description/urdf/ur5_robot.urdf,                         11,  6,  6,  8, 7, 0",
        "allegro_hand_description/urdf/allegro_left_hand.urdf,       22, 16, 16, 21, 0, 0",
        "allegro_hand_description/urdf/allegro_right_hand.urdf,      22, 16, 16, 21, 0, 0",
        "double_pendulum_description/urdf/double_pendulum.urdf,       4,  2,  2,  3, 3, 0",
        "double_pendulum_description/urdf/double_pendulum_continuous.urdf, 4, 2, 2, 3, 3, 0",
        "double_pendulum_description/urdf/double_pendulum_simple.urdf, 5,  2,  2,  3, 0, 0",
    })
    void countsMatchTheFiles(
            String file, int bodies, int joints, int nq, int geoms, int meshes, int equalities)
            throws Exception {
        Model m = load(file);
        assertThat(m.format()).isEqualTo(SourceFormat.URDF);
        assertThat(m.bodyCount()).as("bodies incl. world").isEqualTo(bodies);
        assertThat(m.jointCount()).as("joints").isEqualTo(joints);
        assertThat(m.nq()).as("nq").isEqualTo(nq);
        assertThat(m.nv()).as("nv").isEqualTo(nq);
        assertThat(m.geomCount()).as("geoms").isEqualTo(geoms);
        assertThat(m.meshes()).as("meshes").hasSize(meshes);
        assertThat(m.equalities()).as("equalities").hasSize(equalities);
        assertThat(m.actuatorCount()).isZero();
        assertThat(m.warnings()).noneMatch(w -> w.contains("collision mesh"));
    }

    @Test
    void pandaJointsLimitsAndMimic() throws Exception {
        Model panda = load("panda_description/urdf/panda.urdf");
        assertThat(panda.joints().stream().map(Joint::name).toList())
                .containsExactly(
                        "panda_joint1",
                        "panda_joint2",
                        "panda_joint3",
                        "panda_joint4",
                        "panda_joint5",
                        "panda_joint6",
                        "panda_joint7",
                        "panda_finger_joint1",
                        "panda_finger_joint2");
        Joint j1 = panda.joint("panda_joint1").orElseThrow();
        assertThat(j1.type()).isEqualTo(JointType.HINGE);
        assertThat(j1.limited()).isTrue();
        assertThat(j1.rangeLowerRadOrM()).isEqualTo(-2.8973);
        assertThat(j1.rangeUpperRadOrM()).isEqualTo(2.8973);
        assertThat(j1.effortLimitNmOrN()).hasValue(87.0);
        assertThat(j1.velocityLimitRadOrMPerSec()).hasValue(2.175);
        assertThat(j1.dampingNmsPerRadOrNsPerM()).isEqualTo(0.003);
        assertThat(j1.axis()).isEqualTo(Vec3.UNIT_Z);
        Joint f2 = panda.joint("panda_finger_joint2").orElseThrow();
        assertThat(f2.type()).isEqualTo(JointType.SLIDE);
        assertThat(f2.axis()).isEqualTo(new Vec3(0, -1, 0));
        assertThat(f2.rangeUpperRadOrM()).isEqualTo(0.04);
        EqualityConstraint mimic = panda.equalities().get(0);
        assertThat(mimic.type()).isEqualTo(EqualityConstraint.Type.JOINT);
        assertThat(mimic.object1()).isEqualTo("panda_finger_joint2");
        assertThat(mimic.object2()).isEqualTo("panda_finger_joint1");
        assertThat(mimic.data()).containsExactly(0.0, 1.0, 0.0, 0.0, 0.0);
        assertThat(f2.mimic()).contains(new Joint.Mimic("panda_finger_joint1", 1.0, 0.0));
        assertThat(panda.joint("panda_finger_joint1").orElseThrow().mimic()).isEmpty();
        // Joint origin: the child body's pose in its parent.
        Body link1 = panda.body("panda_link1").orElseThrow();
        assertThat(link1.posM()).isEqualTo(new Vec3(0, 0, 0.333));
        Body link2 = panda.body("panda_link2").orElseThrow();
        double s = Math.sqrt(0.5);
        assertThat(link2.quat().sameRotation(new Quat(s, -s, 0, 0), 1e-12)).isTrue();
        // Root link welded to the world: no joint on panda_link0.
        assertThat(panda.world().children()).extracting(Body::name).containsExactly("panda_link0");
        assertThat(panda.body("panda_link0").orElseThrow().joints()).isEmpty();
        assertThat(panda.body("panda_hand").orElseThrow().inertial().massKg()).isEqualTo(0.73);
        assertThat(panda.geom("panda_leftfinger_collision_0").orElseThrow().sizeM())
                .containsExactly(0.011, 0.0075, 0.01);
    }

    @Test
    void pandaWarnsAboutMissingVisualMeshesAndIgnoredContent() throws Exception {
        Model panda = load("panda_description/urdf/panda.urdf");
        assertThat(panda.warnings())
                .anyMatch(
                        w ->
                                w.contains("visual mesh files not found")
                                        && w.contains("meshes/visual/link0.dae"));
        assertThat(panda.warnings())
                .anyMatch(
                        w ->
                                w.startsWith("URDF content ignored")
                                        && w.contains("joint/safety_controller x7")
                                        && w.contains("dynamics@mu_viscous x7"));
    }

    @Test
    void ur5RootLinkNamedWorldIsTheWorld() throws Exception {
        Model ur5 = load("ur_description/urdf/ur5_robot.urdf");
        assertThat(ur5.world().children()).extracting(Body::name).containsExactly("base_link");
        assertThat(ur5.joint("shoulder_pan_joint").orElseThrow().effortLimitNmOrN())
                .hasValue(150.0);
        assertThat(ur5.warnings())
                .anyMatch(
                        w -> w.contains("robot/gazebo x8") && w.contains("robot/transmission x6"));
        assertThat(ur5.geoms().stream().filter(g -> g.type() == GeomType.MESH).count())
                .isEqualTo(7);
    }

    @Test
    void doublePendulumZeroLimitsMeanUnlimited() throws Exception {
        Model dp = load("double_pendulum_description/urdf/double_pendulum.urdf");
        assertThat(dp.joints()).allMatch(j -> !j.limited());
        assertThat(dp.warnings()).anyMatch(w -> w.contains("'joint1'") && w.contains("unlimited"));
        Model cont = load("double_pendulum_description/urdf/double_pendulum_continuous.urdf");
        assertThat(cont.joints()).allMatch(j -> !j.limited() && j.type() == JointType.HINGE);
        assertThat(cont.warnings()).noneMatch(w -> w.contains("unlimited"));
        // Full inertia kept, including products.
        var i = dp.body("link1").orElseThrow().inertial().inertiaAboutComKgM2();
        assertThat(i.ixzKgM2()).isEqualTo(1.8738e-05);
        assertThat(dp.body("link1").orElseThrow().inertial().comPosM().z()).isEqualTo(0.036012);
    }

    @Test
    void floatingBaseOption() throws Exception {
        Model m =
                UrdfLoader.load(
                        ExampleModels.file(ROBOTS + "panda_description/urdf/panda.urdf"),
                        withPackages().withUrdfFloatingBase(true));
        assertThat(m.joints().get(0).type()).isEqualTo(JointType.FREE);
        assertThat(m.nq()).isEqualTo(16);
        assertThat(m.nv()).isEqualTo(15);
    }

    @Test
    void packagePathResolutionAndMissingCollisionMeshes() throws Exception {
        Path src =
                ExampleModels.file(
                        ROBOTS + "double_pendulum_description/urdf/double_pendulum.urdf");
        Path copy = tmp.resolve("dp.urdf");
        Files.copy(src, copy);
        // Outside the package tree and without a package path, the meshes cannot be found.
        Model lost = UrdfLoader.load(copy, LoadOptions.defaults());
        assertThat(lost.geomCount()).isZero();
        assertThat(lost.warnings())
                .filteredOn(w -> w.contains("collision mesh") && w.contains("geometry dropped"))
                .hasSize(3);
        Model found = UrdfLoader.load(copy, withPackages());
        assertThat(found.geomCount()).isEqualTo(3);
        // A root that is itself the package directory also works.
        Model direct =
                UrdfLoader.load(
                        copy,
                        LoadOptions.defaults()
                                .withPackagePath(
                                        List.of(ExampleModels.file("example-robot-data"))));
        assertThat(direct.geomCount()).isEqualTo(3);
        // Inside the package tree, the directories above the file are searched.
        assertThat(UrdfLoader.load(src, LoadOptions.defaults()).geomCount()).isEqualTo(3);
    }

    private Path write(String xml) throws Exception {
        Path f = tmp.resolve("r.urdf");
        Files.writeString(f, xml);
        return f;
    }

    @Test
    void inlineRobotWithOriginsPlanarAndInertialFrame() throws Exception {
        Path f =
                write(
                        "<robot name='t'>"
                                + "<link name='base'><inertial><origin xyz='0 0 0.1' rpy='0 0 1.5707963267948966'/>"
                                + "<mass value='2'/><inertia ixx='1' iyy='2' izz='3' ixy='0' ixz='0' iyz='0'/>"
                                + "</inertial><collision><origin xyz='0 0 1'/><geometry><cylinder radius='0.1'"
                                + " length='0.4'/></geometry></collision></link>"
                                + "<link name='a'/><link name='b'/>"
                                + "<joint name='p' type='planar'><parent link='base'/><child link='a'/></joint>"
                                + "<joint name='c' type='continuous'><parent link='a'/><child link='b'/>"
                                + "<axis xyz='0 2 0'/><dynamics damping='0.5' friction='0.1'/></joint>"
                                + "</robot>");
        Model m = UrdfLoader.load(f, LoadOptions.defaults());
        assertThat(m.name()).isEqualTo("t");
        assertThat(m.jointCount()).isEqualTo(1);
        assertThat(m.warnings()).anyMatch(w -> w.contains("'p'") && w.contains("planar"));
        Joint c = m.joint("c").orElseThrow();
        assertThat(c.axis()).isEqualTo(new Vec3(0, 1, 0));
        assertThat(c.frictionLossNmOrN()).isEqualTo(0.1);
        assertThat(c.effortLimitNmOrN()).isEmpty();
        var in = m.body("base").orElseThrow().inertial();
        assertThat(in.inertiaAboutComKgM2().ixxKgM2()).isCloseTo(2, within(1e-12));
        assertThat(in.inertiaAboutComKgM2().iyyKgM2()).isCloseTo(1, within(1e-12));
        var g = m.geoms().get(0);
        assertThat(g.type()).isEqualTo(GeomType.CYLINDER);
        assertThat(g.sizeM()).containsExactly(0.1, 0.2);
        assertThat(g.massKg()).as("URDF inertial is authoritative").isZero();
    }

    @Test
    void malformedUrdfErrorsNameFileLineAndElement() throws Exception {
        Path unknownLink =
                write(
                        "<robot name='t'>\n<link name='a'/>\n<joint name='j' type='fixed'>\n"
                                + "<parent link='a'/>\n<child link='zz'/>\n</joint>\n</robot>");
        assertThatThrownBy(() -> UrdfLoader.load(unknownLink, LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(unknownLink + ":5: <child>:")
                .hasMessageContaining("unknown link 'zz'");
        Path badNumber =
                write(
                        "<robot name='t'>\n<link name='a'>\n<inertial>\n<mass value='heavy'/>\n"
                                + "</inertial>\n</link>\n</robot>");
        assertThatThrownBy(() -> UrdfLoader.load(badNumber, LoadOptions.defaults()))
                .hasMessageStartingWith(badNumber + ":4: <mass>:")
                .hasMessageContaining("'heavy' is not a number");
        Path twoRoots = write("<robot name='t'><link name='a'/><link name='b'/></robot>");
        assertThatThrownBy(() -> UrdfLoader.load(twoRoots, LoadOptions.defaults()))
                .hasMessageContaining("exactly one root link");
        Path broken = write("<robot name='t'>\n<link name='a'>\n</robot>");
        assertThatThrownBy(() -> UrdfLoader.load(broken, LoadOptions.defaults()))
                .hasMessageStartingWith(broken + ":3:")
                .hasMessageContaining("malformed XML");
        Path badType =
                write(
                        "<robot name='t'><link name='a'/><link name='b'/>\n<joint name='j' type='hover'>"
                                + "<parent link='a'/><child link='b'/></joint></robot>");
        assertThatThrownBy(() -> UrdfLoader.load(badType, LoadOptions.defaults()))
                .hasMessageContaining(":2: <joint>")
                .hasMessageContaining("unknown joint type 'hover'");
        Path inverted =
                write(
                        "<robot name='t'><link name='a'/><link name='b'/><joint name='j' type='revolute'>"
                                + "<parent link='a'/><child link='b'/>\n<limit lower='1' upper='-1'/>"
                                + "</joint></robot>");
        assertThatThrownBy(() -> UrdfLoader.load(inverted, LoadOptions.defaults()))
                .hasMessageStartingWith(inverted + ":2: <limit>:")
                .hasMessageContaining("lower 1.0 > upper -1.0");
        Path badMimic =
                write(
                        "<robot name='t'><link name='a'/><link name='b'/><joint name='j' type='revolute'>"
                                + "<parent link='a'/><child link='b'/><limit lower='-1' upper='1'/>"
                                + "<mimic joint='ghost'/></joint></robot>");
        assertThatThrownBy(() -> UrdfLoader.load(badMimic, LoadOptions.defaults()))
                .hasMessageContaining("ghost");
    }

    @Test
    void collisionMeshScaleIsApplied() throws Exception {
        Path stl = ExampleModels.file(ROBOTS + "panda_description/meshes/collision/finger.stl");
        // One file:// URI with a scale and one absolute path without, to the same STL.
        String xml =
                "<robot name='s'><link name='a'><collision><geometry><mesh filename='"
                        + "file://"
                        + stl.toAbsolutePath()
                        + "' scale='2 2 2'/></geometry></collision>"
                        + "<collision><geometry><mesh filename='"
                        + stl
                        + "'/></geometry></collision></link></robot>";
        Model m = UrdfLoader.load(write(xml), LoadOptions.defaults());
        assertThat(m.meshes()).hasSize(2);
        double scaled = m.meshes().get(0).hull().volume();
        double plain = m.meshes().get(1).hull().volume();
        assertThat(scaled / plain).isCloseTo(8, within(1e-9));
        assertThat(m.meshes().get(0).name()).isNotEqualTo(m.meshes().get(1).name());
    }
}
