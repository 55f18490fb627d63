package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hull data baked into the program: slots only for collidable polytopes (the Shadow hand's
 * dozens of render meshes cost nothing), maxima from the largest collidable hull, nothing for a
 * model without a collidable mesh (its boxes are collision.cl's), and all of it compiled only with
 * contacts on.
 */
class HullSourceTest {
    private static int define(String header, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(header);
        assertThat(m.find()).as(name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theHandBakesItsOneCollidableMeshAndItsCollidableBoxes() throws Exception {
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        ModelSource s = new ModelSource(true);
        HullSource.header(s, m, 8);
        String header = s.toString();
        int meshes = 0, boxes = 0, collidableMesh = -1;
        for (int g = 0; g < m.ngeom; g++) {
            boolean collides = m.geomContype[g] != 0 || m.geomConaffinity[g] != 0;
            if (m.geomType[g] == GeomType.MESH) {
                meshes++;
                if (collides) {
                    collidableMesh = g;
                }
            } else if (m.geomType[g] == GeomType.BOX && collides) {
                boxes++;
            }
        }
        assertThat(meshes).as("mesh geoms in the hand").isGreaterThan(10);
        assertThat(define(header, "HULL_SLOTS")).isEqualTo(1 + boxes);
        int verts = m.meshVertCount[m.geomMesh[collidableMesh]];
        assertThat(define(header, "HULL_MAXV")).isEqualTo(verts);
        assertThat(define(header, "HULL_MAXF"))
                .isEqualTo(m.meshFaces.faceCount[m.geomMesh[collidableMesh]]);
        assertThat(define(header, "HULL_MANIFOLD")).isGreaterThanOrEqualTo(verts);
        assertThat(HullSource.constantBytes(m, false))
                .isLessThan(HullSource.constantBytes(m, true));
    }

    @Test
    void aModelWithoutACollidableMeshGetsNothing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ball.xml");
        Files.writeString(
                f,
                """
                <mujoco model="ball">
                  <worldbody>
                    <geom name="floor" type="plane" size="1 1 0.1"/>
                    <body name="ball" pos="0 0 0.5">
                      <freejoint/>
                      <geom name="ball" type="sphere" size="0.05"/>
                      <geom name="marker" type="box" size="0.01 0.01 0.01" contype="0"
                            conaffinity="0"/>
                    </body>
                  </worldbody>
                </mujoco>
                """);
        MultibodyModel m = TestModels.compile(f);
        ModelSource s = new ModelSource(true);
        HullSource.header(s, m, 8);
        String header = s.toString();
        assertThat(header).doesNotContain("HULL_");
        assertThat(HullSource.constantBytes(m, true)).isZero();
    }

    /**
     * A collidable cylinder needs hull.cl (MPR, clipping on box faces and its caps) without any
     * mesh: the collidable boxes get slots, the clipper fits a cap's 12-gon, the manifold keeps the
     * reference's capacity, and the cap directions are the reference's to the last bit.
     */
    @Test
    void aCollidableCylinderGetsHullCodeWithoutAMesh(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("drum.xml");
        Files.writeString(
                f,
                """
                <mujoco model="drum">
                  <worldbody>
                    <geom name="floor" type="plane" size="1 1 0.1"/>
                    <body name="drum" pos="0 0 0.5">
                      <freejoint/>
                      <geom name="drum" type="cylinder" size="0.05 0.1"/>
                    </body>
                    <body name="crate" pos="0.3 0 0.5">
                      <freejoint/>
                      <geom name="crate" type="box" size="0.05 0.05 0.05"/>
                    </body>
                  </worldbody>
                </mujoco>
                """);
        MultibodyModel m = TestModels.compile(f);
        ModelSource s = new ModelSource(true);
        HullSource.header(s, m, 8);
        String header = s.toString();
        assertThat(define(header, "HULL_PAIRS")).isEqualTo(1);
        assertThat(define(header, "HULL_SLOTS")).isEqualTo(1);
        assertThat(define(header, "HULL_MAXLOOP")).isEqualTo(4);
        assertThat(define(header, "HULL_CLIPLOOP")).isEqualTo(12);
        assertThat(define(header, "HULL_MANIFOLD")).isEqualTo(2 * 4 + 32);
        assertThat(header)
                .contains(
                        "HULL_RIM_COS[] = {1.0,"
                                + StrictMath.cos(2 * Math.PI / 12)
                                + ","
                                + StrictMath.cos(2 * Math.PI * 2 / 12));
    }
}
