package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled model's bodies and the engine's contact set against MuJoCo 2.2.2's for the same
 * files (fixture: {@code mujoco/contact_set.csv}, written by {@code
 * benchmarks/physics/contact-set/contact_set.sh}): body count, masses and world positions after
 * fixed URDF links are fused, each geom's body, and the set of geom pairs in contact at qpos0 and
 * three configurations inside the joint ranges. Contact counts per pair are not compared: the
 * engine's manifolds give up to four points where MuJoCo's mesh pairs give one (ADR 0023).
 */
class ContactSetParityTest {
    /*
     * A pair whose distance lies this close to its detection margin may be in one set and not
     * the other: MuJoCo's float32 mesh hulls and its MPR depths differ from the engine's exact
     * hulls and separating axes by far less than this.
     */
    private static final double BORDERLINE_M = 5e-4;

    record State(String file, int state, Map<String, double[]> fields) {
        @Override
        public String toString() {
            return file + " state " + state;
        }
    }

    static Stream<State> states() throws Exception {
        Map<String, State> byKey = new LinkedHashMap<>();
        try (var in = ContactSetParityTest.class.getResourceAsStream("/mujoco/contact_set.csv");
                var reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",", 4);
                int state = Integer.parseInt(parts[1]);
                double[] values =
                        parts[3].isBlank()
                                ? new double[0]
                                : Arrays.stream(parts[3].trim().split(" "))
                                        .mapToDouble(Double::parseDouble)
                                        .toArray();
                byKey.computeIfAbsent(
                                parts[0] + "#" + state,
                                k -> new State(parts[0], state, new HashMap<>()))
                        .fields()
                        .put(parts[2], values);
            }
        }
        // the model-level rows (sizes, masses, geom bodies) come with state 0 only
        Map<String, Map<String, double[]>> models = new HashMap<>();
        byKey.values().stream()
                .filter(s -> s.state() == 0)
                .forEach(s -> models.put(s.file(), s.fields()));
        for (State s : byKey.values()) {
            for (String f : List.of("sizes", "body_mass", "geom_body")) {
                s.fields().putIfAbsent(f, models.get(s.file()).get(f));
            }
        }
        return byKey.values().stream();
    }

    private static final Map<String, MultibodyModel> COMPILED = new HashMap<>();

    private static synchronized MultibodyModel compiled(String file) throws Exception {
        MultibodyModel m = COMPILED.get(file);
        if (m == null) {
            m = ModelCompiler.compile(RealModels.load(RealModels.ROOT.resolve(file)), w -> {});
            COMPILED.put(file, m);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("states")
    void bodiesAndContactPairsMatchMujoco(State s) throws Exception {
        MultibodyModel m = compiled(s.file());
        double[] sizes = s.fields().get("sizes");
        assertThat(new int[] {m.nbody, m.ngeom, m.nsite})
                .as("nbody, ngeom, nsite")
                .containsExactly((int) sizes[0], (int) sizes[1], (int) sizes[2]);
        double[] mass = s.fields().get("body_mass");
        for (int b = 0; b < m.nbody; b++) {
            assertThat(m.bodyMassKg[b])
                    .as("mass of body %d (%s)", b, m.bodyNames().get(b))
                    .isCloseTo(mass[b], org.assertj.core.data.Offset.offset(1e-12));
        }
        double[] geomBody = s.fields().get("geom_body");
        for (int g = 0; g < m.ngeom; g++) {
            assertThat(m.geomBody[g]).as("body of geom %d", g).isEqualTo((int) geomBody[g]);
        }

        MultibodyData d = new MultibodyData(m);
        double[] qpos = s.fields().get("qpos");
        assertThat(qpos).hasSize(m.nq);
        System.arraycopy(qpos, 0, d.qpos, 0, m.nq);
        Kinematics.forward(d);
        double[] xpos = s.fields().get("xpos");
        for (int i = 0; i < 3 * m.nbody; i++) {
            assertThat(d.xpos[i])
                    .as("xpos[%d]", i)
                    .isCloseTo(xpos[i], org.assertj.core.data.Offset.offset(1e-9));
        }

        ContactSet cs = new ContactSet(m.maxContacts);
        new CollisionDetector(m).detect(d, cs);
        Map<String, Double> ours = new TreeMap<>();
        for (int c = 0; c < cs.count; c++) {
            ours.merge(key(cs.geom1[c], cs.geom2[c]), cs.dist[c], Math::min);
        }
        Map<String, Double> theirs = new TreeMap<>();
        double[] pairs = s.fields().get("contact_pairs");
        for (int k = 0; k < pairs.length; k += 4) {
            theirs.put(key((int) pairs[k], (int) pairs[k + 1]), pairs[k + 3]);
        }
        List<String> differences = new ArrayList<>();
        compare(m, ours, theirs, "only in the engine", differences);
        compare(m, theirs, ours, "only in MuJoCo", differences);
        System.out.printf(
                "%s: %d pairs in contact (MuJoCo %d), %d contacts%n",
                s, ours.size(), theirs.size(), cs.count);
        assertThat(differences).as("contact pairs that differ beyond the borderline").isEmpty();
    }

    /** Pairs in {@code a} but not {@code b}, unless they are borderline (near their margin). */
    private static void compare(
            MultibodyModel m,
            Map<String, Double> a,
            Map<String, Double> b,
            String what,
            List<String> out) {
        for (var e : a.entrySet()) {
            if (b.containsKey(e.getKey())) {
                continue;
            }
            String[] g = e.getKey().split("-");
            double margin = margin(m, Integer.parseInt(g[0]), Integer.parseInt(g[1]));
            if (e.getValue() < margin - BORDERLINE_M) {
                out.add(e.getKey() + " " + what + " (dist " + e.getValue() + " m)");
            }
        }
    }

    private static double margin(MultibodyModel m, int g1, int g2) {
        for (int k = 0; k < m.pairGeom1.length; k++) {
            if (m.pairGeom1[k] == g1 && m.pairGeom2[k] == g2) {
                return m.pairMargin[k];
            }
        }
        return Math.max(m.geomMargin[g1], m.geomMargin[g2]);
    }

    private static String key(int a, int b) {
        return String.format("%03d-%03d", Math.min(a, b), Math.max(a, b));
    }
}
