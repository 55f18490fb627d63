package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;

import armature.robot.model.ExampleModels;
import armature.robot.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counts for every scene in gymnasium-robotics hand/ and fetch/. Derived by reading the XML (with
 * includes expanded): the Shadow hand has 24 hinge joints, 20 position actuators, 44 fixed tendons
 * and 26 bodies (mount, forearm, wrist, palm, 4 x 4 finger bodies but 5 for the little finger, 5
 * thumb bodies); the manipulate scenes add floor0, object and target (two free joints: nq 24 + 14,
 * nv 24 + 12). Fetch has a mocap body plus a 28-body base subtree with 15 joints (3 base slides,
 * torso slide, 9 arm/head hinges, 2 gripper slides); scenes with an object add one free joint.
 */
class MjcfCountsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, bodies, joints, nq, nv, actuators, geoms, tendons, sites, meshes, equalities, mocap
        "hand/manipulate_block.xml,                30, 26, 38, 36, 20, 49, 44,  12, 12, 0, 0",
        "hand/manipulate_block_touch_sensors.xml,  30, 26, 38, 36, 20, 49, 44, 104, 12, 0, 0",
        "hand/manipulate_egg.xml,                  30, 26, 38, 36, 20, 49, 44,  12, 12, 0, 0",
        "hand/manipulate_egg_touch_sensors.xml,    30, 26, 38, 36, 20, 49, 44, 104, 12, 0, 0",
        "hand/manipulate_pen.xml,                  30, 26, 38, 36, 20, 48, 44,  16, 12, 0, 0",
        "hand/manipulate_pen_touch_sensors.xml,    30, 26, 38, 36, 20, 48, 44, 108, 12, 0, 0",
        "hand/reach.xml,                           28, 24, 24, 24, 20, 46, 44,  20, 12, 0, 0",
        "fetch/pick_and_place.xml,                 33, 16, 22, 21,  2, 24,  0,   3, 18, 1, 1",
        "fetch/push.xml,                           33, 16, 22, 21,  0, 24,  0,   3, 18, 1, 1",
        "fetch/reach.xml,                          32, 15, 15, 15,  0, 23,  0,   2, 18, 1, 1",
        "fetch/slide.xml,                          33, 16, 22, 21,  0, 24,  0,   3, 18, 1, 1",
    })
    void countsMatchTheFiles(
            String file,
            int bodies,
            int joints,
            int nq,
            int nv,
            int actuators,
            int geoms,
            int tendons,
            int sites,
            int meshes,
            int equalities,
            int mocap)
            throws Exception {
        Model m = MjcfLoader.load(ExampleModels.file("gymnasium-robotics/" + file));
        assertThat(m.bodyCount()).as("bodies incl. world").isEqualTo(bodies);
        assertThat(m.jointCount()).as("joints").isEqualTo(joints);
        assertThat(m.nq()).as("nq").isEqualTo(nq);
        assertThat(m.nv()).as("nv").isEqualTo(nv);
        assertThat(m.actuatorCount()).as("actuators").isEqualTo(actuators);
        assertThat(m.geomCount()).as("geoms").isEqualTo(geoms);
        assertThat(m.tendonCount()).as("tendons").isEqualTo(tendons);
        assertThat(m.siteCount()).as("sites").isEqualTo(sites);
        assertThat(m.meshes()).as("meshes").hasSize(meshes);
        assertThat(m.equalities()).as("equalities").hasSize(equalities);
        assertThat(m.mocapCount()).as("mocap bodies").isEqualTo(mocap);
        assertThat(m.bodies().get(0).name()).isEqualTo("world");
        // Every moving body must carry mass for dynamics; these scenes all do.
        assertThat(m.warnings()).noneMatch(w -> w.contains("no mass"));
    }
}
