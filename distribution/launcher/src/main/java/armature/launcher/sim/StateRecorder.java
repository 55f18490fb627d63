package armature.launcher.sim;

import armature.physics.model.MultibodyModel;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code time, qpos..., qvel...} per step, in joint order, then {@code body:NAME:x,y,z}
 * (world position in metres) for each body asked for, in the order asked. Numbers use {@link
 * Double#toString} so a reader gets the exact doubles back.
 */
final class StateRecorder implements Closeable {
    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(256);
    private final int[] bodies;

    /**
     * @param bodies indices of the bodies whose positions are recorded, in column order
     */
    StateRecorder(Path file, MultibodyModel m, int[] bodies) throws IOException {
        this.bodies = bodies.clone();
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        List<String> cols = header(m);
        for (int b : bodies) {
            String n = m.bodyNames().get(b);
            for (String s : List.of("x", "y", "z")) {
                cols.add("body:" + n + ":" + s);
            }
        }
        out.write(String.join(",", cols));
        out.newLine();
    }

    /** Joint column names: free joints x y z qw qx qy qz / vx vy vz wx wy wz, ball qw.. / wx.. . */
    static List<String> header(MultibodyModel m) {
        List<String> cols = new ArrayList<>();
        cols.add("time");
        List<String> joints = m.jointNames();
        for (int j = 0; j < m.njnt; j++) {
            String n = joints.get(j);
            switch (m.jntType[j]) {
                case FREE -> {
                    for (String s : List.of("x", "y", "z", "qw", "qx", "qy", "qz")) {
                        cols.add("qpos:" + n + ":" + s);
                    }
                }
                case BALL -> {
                    for (String s : List.of("qw", "qx", "qy", "qz")) {
                        cols.add("qpos:" + n + ":" + s);
                    }
                }
                default -> cols.add("qpos:" + n);
            }
        }
        for (int j = 0; j < m.njnt; j++) {
            String n = joints.get(j);
            switch (m.jntType[j]) {
                case FREE -> {
                    for (String s : List.of("vx", "vy", "vz", "wx", "wy", "wz")) {
                        cols.add("qvel:" + n + ":" + s);
                    }
                }
                case BALL -> {
                    for (String s : List.of("wx", "wy", "wz")) {
                        cols.add("qvel:" + n + ":" + s);
                    }
                }
                default -> cols.add("qvel:" + n);
            }
        }
        return cols;
    }

    /**
     * @param bodyPoses every body's pose as {@link armature.physics.api.World#readBodyPoses} writes
     *     it (7 per body); read only when bodies were asked for
     */
    void write(double timeSeconds, double[] qpos, double[] qvel, double[] bodyPoses)
            throws IOException {
        line.setLength(0);
        line.append(timeSeconds);
        for (double v : qpos) {
            line.append(',').append(v);
        }
        for (double v : qvel) {
            line.append(',').append(v);
        }
        for (int b : bodies) {
            for (int k = 0; k < 3; k++) {
                line.append(',').append(bodyPoses[7 * b + k]);
            }
        }
        out.write(line.toString());
        out.newLine();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
