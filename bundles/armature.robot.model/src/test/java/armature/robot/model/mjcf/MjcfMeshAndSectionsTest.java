package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.Actuator;
import armature.robot.model.ActuatorType;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.GeomType;
import armature.robot.model.Model;
import armature.robot.model.geometry.Vec3;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mesh geoms (mass from the hull), tendon transmissions, general actuators and equality data. */
class MjcfMeshAndSectionsTest {
    @TempDir Path dir;

    /** Writes an ASCII STL of the axis-aligned box [0, 2] x [0, 4] x [0, 6] (12 triangles). */
    private void writeBoxStl(Path file) throws Exception {
        double[][] c = new double[8][];
        for (int i = 0; i < 8; i++) {
            c[i] = new double[] {2 * (i & 1), 4 * ((i >> 1) & 1), 6 * ((i >> 2) & 1)};
        }
        int[][] tris = {
            {0, 2, 1}, {1, 2, 3}, {4, 5, 6}, {5, 7, 6}, {0, 1, 4}, {1, 5, 4},
            {2, 6, 3}, {3, 6, 7}, {0, 4, 2}, {2, 4, 6}, {1, 3, 5}, {3, 7, 5}
        };
        StringBuilder sb = new StringBuilder("solid box\n");
        for (int[] t : tris) {
            sb.append("facet normal 0 0 0\nouter loop\n");
            for (int k : t) {
                sb.append("vertex ")
                        .append(c[k][0])
                        .append(' ')
                        .append(c[k][1])
                        .append(' ')
                        .append(c[k][2])
                        .append('\n');
            }
            sb.append("endloop\nendfacet\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.append("endsolid box\n").toString());
    }

    @Test
    void meshGeomMassComesFromScaledHullPlacedByGeomFrame() throws Exception {
        writeBoxStl(dir.resolve("assets/box.stl"));
        Path f = dir.resolve("m.xml");
        Files.writeString(
                f,
                "<mujoco><compiler meshdir='assets'/><asset><mesh file='box.stl' scale='0.5 0.5 0.5'/>"
                        + "</asset><worldbody><body name='b'><joint/>"
                        + "<geom type='mesh' mesh='box' pos='1 0 0' euler='0 0 90' density='10'/>"
                        + "</body></worldbody></mujoco>");
        Model m = MjcfLoader.load(f);
        var mesh = m.mesh("box").orElseThrow();
        assertThat(mesh.fileTriangleCount()).isEqualTo(12);
        assertThat(mesh.verticesM()).hasSize(8).contains(new Vec3(1, 2, 3));
        // Scaled box is 1 x 2 x 3 (volume 6) with centroid (0.5, 1, 1.5) in the mesh frame.
        assertThat(mesh.hull().volume()).isCloseTo(6, within(1e-12));
        var in = m.body("b").orElseThrow().inertial();
        assertThat(in.massKg()).isCloseTo(60, within(1e-9));
        // Yaw 90 degrees maps mesh (x, y) to (-y, x); then shifted by pos (1, 0, 0).
        assertThat(in.comPosM().x()).isCloseTo(1 - 1, within(1e-12));
        assertThat(in.comPosM().y()).isCloseTo(0.5, within(1e-12));
        assertThat(in.comPosM().z()).isCloseTo(1.5, within(1e-12));
        // Box 1 x 2 x 3 rotated: body x spans the mesh's 2 m side.
        assertThat(in.inertiaAboutComKgM2().ixxKgM2()).isCloseTo(60.0 / 12 * (1 + 9), within(1e-9));
        assertThat(in.inertiaAboutComKgM2().iyyKgM2()).isCloseTo(60.0 / 12 * (4 + 9), within(1e-9));
        assertThat(m.geoms().get(0).type()).isEqualTo(GeomType.MESH);
        assertThat(m.geoms().get(0).densityKgPerM3()).isEqualTo(10);
    }

    @Test
    void tendonTransmissionGeneralActuatorAndEqualities() throws Exception {
        Path f = dir.resolve("t.xml");
        Files.writeString(
                f,
                "<mujoco><worldbody><body name='a'><joint name='j1'/><geom size='0.1'/>"
                        + "<body name='b'><joint name='j2'/><geom size='0.1'/></body></body></worldbody>"
                        + "<tendon><fixed name='t' stiffness='2' damping='0.5'><joint joint='j1' coef='1'/>"
                        + "<joint joint='j2' coef='-1'/></fixed></tendon>"
                        + "<actuator><general name='g' tendon='t' gainprm='3' biastype='affine'"
                        + " biasprm='0.1 -2 -0.3' ctrlrange='-1 1' gear='2'/>"
                        + "<velocity name='v' joint='j2' kv='4'/></actuator>"
                        + "<equality><joint joint1='j2' joint2='j1' polycoef='0 2'/>"
                        + "<connect body1='b' body2='a' anchor='0 0 1' active='false'/></equality>"
                        + "</mujoco>");
        Model m = MjcfLoader.load(f);
        assertThat(m.tendons().get(0).stiffness()).isEqualTo(2);
        assertThat(m.tendons().get(0).limited()).isFalse();
        Actuator g = m.actuators().get(0);
        assertThat(g.type()).isEqualTo(ActuatorType.GENERAL);
        assertThat(g.transmission()).isEqualTo(Actuator.Transmission.TENDON);
        assertThat(g.target()).isEqualTo("t");
        assertThat(g.gainPrm()).containsExactly(3.0, 0.0, 0.0);
        assertThat(g.biasPrm()).containsExactly(0.1, -2.0, -0.3);
        assertThat(g.gear()).startsWith(2.0, 0.0);
        assertThat(g.ctrlLimited()).isTrue();
        Actuator v = m.actuators().get(1);
        assertThat(v.gainPrm().get(0)).isEqualTo(4);
        assertThat(v.biasPrm()).containsExactly(0.0, 0.0, -4.0);
        EqualityConstraint joint = m.equalities().get(0);
        assertThat(joint.type()).isEqualTo(EqualityConstraint.Type.JOINT);
        assertThat(joint.data()).containsExactly(0.0, 2.0, 0.0, 0.0, 0.0);
        EqualityConstraint connect = m.equalities().get(1);
        assertThat(connect.type()).isEqualTo(EqualityConstraint.Type.CONNECT);
        assertThat(connect.data()).containsExactly(0.0, 0.0, 1.0);
        assertThat(connect.active()).isFalse();
        // equalities are simulated now (ADR 0086): loading them is not worth a warning
        assertThat(m.warnings()).noneMatch(w -> w.contains("equality"));
    }
}
