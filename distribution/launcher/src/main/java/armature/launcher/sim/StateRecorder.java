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
    private final List<BodyFrame> bodies;

    /**
     * A recorded body: the engine body that carries it and its origin in that body's frame (zero
     * for a body of the engine model; the fixed offset for a body fused into another, ADR 0084).
     */
    record BodyFrame(String name, int body, double[] offsetM) {}

    /**
     * @param bodies the bodies whose positions are recorded, in column order
     */
    StateRecorder(Path file, MultibodyModel m, List<BodyFrame> bodies) throws IOException {
        this.bodies = List.copyOf(bodies);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        List<String> cols = header(m);
        for (BodyFrame b : bodies) {
            for (String s : List.of("x", "y", "z")) {
                cols.add("body:" + b.name() + ":" + s);
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
        for (BodyFrame f : bodies) {
            int p = 7 * f.body();
            double[] o = f.offsetM();
            double w = bodyPoses[p + 3], x = bodyPoses[p + 4], y = bodyPoses[p + 5];
            double z = bodyPoses[p + 6];
            // origin + R(q) o; the exact body origin when o is zero
            double tx = 2 * (y * o[2] - z * o[1]);
            double ty = 2 * (z * o[0] - x * o[2]);
            double tz = 2 * (x * o[1] - y * o[0]);
            line.append(',').append(bodyPoses[p] + o[0] + w * tx + (y * tz - z * ty));
            line.append(',').append(bodyPoses[p + 1] + o[1] + w * ty + (z * tx - x * tz));
            line.append(',').append(bodyPoses[p + 2] + o[2] + w * tz + (x * ty - y * tx));
        }
        out.write(line.toString());
        out.newLine();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
