package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sphere-box, capsule-box, box-box, plane-box and plane-capsule contacts equal MuJoCo 2.2.2's (ADR
 * 0087): for each fixture model in 300 seeded poses, the same contacts per geom pair in the same
 * order, with the same geom1/geom2, and positions, normals and distances within 1e-9. The fixture
 * (mujoco/box_contacts.csv) comes from benchmarks/physics/box-contacts/box_contacts.sh.
 */
class BoxContactsMujocoTest {
    private static final double TOL = 1e-9;
    private static final Path MODELS = Path.of("src/test/resources/mujoco/box_contacts");

    /** One pose: its qpos and MuJoCo's contacts (g1 g2 dist px py pz nx ny nz each). */
    record Pose(int index, double[] qpos, List<double[]> contacts) {}

    private static Map<Integer, Pose> poses(String label) throws Exception {
        Map<Integer, Pose> poses = new LinkedHashMap<>();
        try (var in =
                new BufferedReader(
                        new InputStreamReader(
                                BoxContactsMujocoTest.class.getResourceAsStream(
                                        "/mujoco/box_contacts.csv"),
                                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", 3);
                if (!f[0].equals(label)) {
                    continue;
                }
                int k = Integer.parseInt(f[1]);
                String[] v = f[2].split(" ");
                double[] nums = new double[v.length - 1];
                for (int i = 1; i < v.length; i++) {
                    nums[i - 1] = Double.parseDouble(v[i]);
                }
                switch (v[0]) {
                    case "qpos" -> poses.put(k, new Pose(k, nums, new ArrayList<>()));
                    case "contact" -> poses.get(k).contacts().add(nums);
                    default -> {}
                }
            }
        }
        return poses;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "capsule_box",
                "box_capsule",
                "capsule_box_margin",
                "sphere_box",
                "box_box",
                "cube_cube",
                "box_box_margin",
                "plane_box"
            })
    void contactsEqualMujocos(String label) throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(MODELS.resolve(label + ".xml"), LoadOptions.defaults()),
                        w -> {});
        MultibodyData d = new MultibodyData(m);
        ContactSet cs = new ContactSet(m.maxContacts);
        CollisionDetector detector = new CollisionDetector(m);
        Map<Integer, Pose> poses = poses(label);
        assertThat(poses).hasSize(300);
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Pose pose : poses.values()) {
            System.arraycopy(pose.qpos(), 0, d.qpos, 0, m.nq);
            Kinematics.forward(d);
            detector.detect(d, cs);
            String diff = compare(pose, cs);
            if (diff != null) {
                wrong.add("pose " + pose.index() + ": " + diff);
            }
            compared += pose.contacts().size();
        }
        assertThat(compared).as("MuJoCo contacts in the fixture").isGreaterThan(100);
        assertThat(wrong)
                .as(
                        "%s: poses whose contacts differ from MuJoCo's (first 5: %s)",
                        label, wrong.subList(0, Math.min(5, wrong.size())))
                .isEmpty();
    }

    /** Null when equal, else what differs. Contacts are compared pair by pair, in order. */
    private static String compare(Pose pose, ContactSet cs) {
        Map<String, List<double[]>> theirs = new LinkedHashMap<>(), ours = new LinkedHashMap<>();
        for (double[] c : pose.contacts()) {
            theirs.computeIfAbsent((int) c[0] + "-" + (int) c[1], k -> new ArrayList<>()).add(c);
        }
        for (int c = 0; c < cs.count; c++) {
            ours.computeIfAbsent(cs.geom1[c] + "-" + cs.geom2[c], k -> new ArrayList<>())
                    .add(
                            new double[] {
                                cs.geom1[c],
                                cs.geom2[c],
                                cs.dist[c],
                                cs.pos[3 * c],
                                cs.pos[3 * c + 1],
                                cs.pos[3 * c + 2],
                                cs.frame[9 * c],
                                cs.frame[9 * c + 1],
                                cs.frame[9 * c + 2]
                            });
        }
        if (!theirs.keySet().equals(ours.keySet())) {
            return "pairs " + ours.keySet() + " vs MuJoCo " + theirs.keySet();
        }
        for (var e : theirs.entrySet()) {
            List<double[]> t = e.getValue(), o = ours.get(e.getKey());
            if (t.size() != o.size()) {
                return "pair " + e.getKey() + ": " + o.size() + " contacts vs MuJoCo " + t.size();
            }
            for (int i = 0; i < t.size(); i++) {
                for (int k = 2; k < 9; k++) {
                    if (Math.abs(t.get(i)[k] - o.get(i)[k]) > TOL) {
                        return String.format(
                                "pair %s contact %d field %d: %.12g vs MuJoCo %.12g",
                                e.getKey(), i, k, o.get(i)[k], t.get(i)[k]);
                    }
                }
            }
        }
        return null;
    }
}
