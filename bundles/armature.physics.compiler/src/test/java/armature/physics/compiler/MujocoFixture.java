package armature.physics.compiler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MuJoCo trajectory recorded by benchmarks/physics/mujoco/record.c: the header comments (model
 * file, integrator, contacts, per-actuator ctrlrange) and the named columns, row by row. Columns
 * are looked up by name ({@code q:JOINT}, {@code q:JOINT:qw}, {@code body:NAME:z}, {@code ncon},
 * ...) so the engine's joint order never matters.
 *
 * @param name the fixture's file stem (hand_reach, hand_reach_rk4, ...)
 * @param modelFile the model the recorder loaded, relative to the repository root
 * @param rk4 whether MuJoCo ran RK4 (otherwise Euler)
 * @param contactsDisabled whether MuJoCo ran with mjDSBL_CONTACT
 * @param controls MuJoCo's actuator index, name and ctrlrange, in MuJoCo's order
 * @param columns column name to its index in a row
 * @param rows the recorded rows (after the first 10 steps, then every 10th)
 */
record MujocoFixture(
        String name,
        String modelFile,
        boolean rk4,
        boolean contactsDisabled,
        List<Control> controls,
        Map<String, Integer> columns,
        List<double[]> rows) {

    /** The folder of the fixtures on the test classpath. */
    static final String FOLDER = "/mujoco/parity/";

    /** One actuator as MuJoCo saw it: its index drives the control law's phase and frequency. */
    record Control(int index, String name, double lo, double hi) {
        /** The recorder's control law at time {@code t} (the time before the step). */
        double at(double t) {
            double s = 0.5 + 0.5 * Math.sin(2 * Math.PI * (0.7 + 0.13 * index) * t + index);
            return lo + (hi - lo) * s;
        }
    }

    /** Reads {@code /mujoco/parity/NAME.csv} from the test classpath. */
    static MujocoFixture load(String name) {
        try (InputStream in = MujocoFixture.class.getResourceAsStream(FOLDER + name + ".csv")) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "no fixture " + FOLDER + name + ".csv (see benchmarks/physics/mujoco)");
            }
            return parse(
                    name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MujocoFixture parse(String name, BufferedReader reader) throws IOException {
        String model = null;
        boolean rk4 = false;
        boolean noContacts = false;
        List<Control> controls = new ArrayList<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<double[]> rows = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("# model: ")) {
                model = line.substring("# model: ".length()).trim();
            } else if (line.startsWith("# integrator: ")) {
                rk4 = line.startsWith("# integrator: RK4");
                noContacts = line.contains("contacts disabled");
            } else if (line.startsWith("# ctrl ")) {
                String[] p = line.substring("# ctrl ".length()).trim().split(" ");
                controls.add(
                        new Control(
                                Integer.parseInt(p[0]),
                                p[1],
                                Double.parseDouble(p[2]),
                                Double.parseDouble(p[3])));
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (columns.isEmpty()) {
                String[] p = line.split(",");
                for (int i = 0; i < p.length; i++) {
                    columns.put(p[i], i);
                }
            } else {
                String[] p = line.split(",");
                if (p.length != columns.size()) {
                    throw new IllegalArgumentException(
                            name
                                    + ": row "
                                    + rows.size()
                                    + " has "
                                    + p.length
                                    + " values, header "
                                    + columns.size());
                }
                double[] v = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    v[i] = Double.parseDouble(p[i]);
                }
                rows.add(v);
            }
        }
        if (model == null || columns.isEmpty() || rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": not a record.c fixture");
        }
        return new MujocoFixture(name, model, rk4, noContacts, controls, columns, rows);
    }

    /** The value of a named column in row {@code r}. */
    double get(int r, String column) {
        Integer c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException(name + " has no column '" + column + "'");
        }
        return rows.get(r)[c];
    }

    /** The step count of row {@code r} (1-based steps after the start). */
    int step(int r) {
        return (int) get(r, "step");
    }

    /** The row recorded closest to {@code seconds}. */
    int rowAt(double seconds) {
        int best = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (Math.abs(get(r, "time") - seconds) < Math.abs(get(best, "time") - seconds)) {
                best = r;
            }
        }
        return best;
    }

    /** Names of the joints with a q column, in MuJoCo's order. */
    List<String> joints() {
        List<String> out = new ArrayList<>();
        for (String c : columns.keySet()) {
            if (c.startsWith("q:")) {
                String joint = jointOf(c.substring(2));
                if (!out.contains(joint)) {
                    out.add(joint);
                }
            }
        }
        return out;
    }

    /**
     * The joint of a q/v column's remainder: {@code J} itself for hinge and slide, the prefix of
     * {@code J:x .. J:qz} / {@code J:vx .. J:wz} for free and ball joints (whose qw column exists).
     * Joint names may hold colons themselves (robot0:slide0), hence the check against qw.
     */
    String jointOf(String rest) {
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && columns.containsKey("q:" + rest.substring(0, colon) + ":qw")) {
            return rest.substring(0, colon);
        }
        return rest;
    }
}
