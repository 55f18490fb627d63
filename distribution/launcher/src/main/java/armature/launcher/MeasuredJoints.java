package armature.launcher;

import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.control.api.JointStateChannels;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One JOINT_STATE frame of a loop, read with its schema: the joints by name.
 *
 * @param names joint names in loop order
 * @param epoch the frame's command epoch (what command frames must carry)
 * @param positionRad measured positions
 * @param velocityRadPerSec measured velocities
 * @param effort measured efforts in {@code effortUnit}, or {@code null} when the stream has none
 * @param effortUnit the schema's effort unit, or {@code ""}
 */
record MeasuredJoints(
        List<String> names,
        long epoch,
        double[] positionRad,
        double[] velocityRadPerSec,
        double[] effort,
        String effortUnit) {

    /**
     * @throws armature.bus.codec.CodecException when the frame is not a frame of this schema
     * @throws IllegalArgumentException when the schema lacks the position or velocity channel
     */
    static MeasuredJoints decode(FrameSchema schema, byte[] frame) {
        FrameReader r = new FrameReader().wrap(frame);
        schema.check(r);
        int n = r.elementsPerChannel();
        double[] effort = null;
        int e = effortChannel(schema);
        if (e >= 0) {
            effort = new double[n];
            r.copyChannel(e, effort, 0);
        }
        return new MeasuredJoints(
                schema.elementNames(),
                r.epoch(),
                channel(r, schema, JointStateChannels.POSITION_RAD, n),
                channel(r, schema, JointStateChannels.VELOCITY_RAD_PER_SEC, n),
                effort,
                schema.attributes().getOrDefault(JointStateChannels.EFFORT_UNIT_ATTRIBUTE, ""));
    }

    private static double[] channel(FrameReader r, FrameSchema schema, String name, int n) {
        int c = schema.channelIndex(name);
        if (c < 0) {
            throw new IllegalArgumentException(
                    "state schema channels = " + schema.channelNames() + "; needs " + name);
        }
        double[] v = new double[n];
        r.copyChannel(c, v, 0);
        return v;
    }

    /** The effort channel: {@code effort}, or one whose name carries a unit, e.g. effortNm. */
    private static int effortChannel(FrameSchema schema) {
        int c = schema.channelIndex(JointStateChannels.EFFORT);
        for (int i = 0; c < 0 && i < schema.channelNames().size(); i++) {
            if (schema.channelNames().get(i).startsWith(JointStateChannels.EFFORT)) {
                c = i;
            }
        }
        return c;
    }

    int index(String joint) {
        return names.indexOf(joint);
    }

    /** {@code {"positionRad": .., "velocityRadPerSec": .., "effort": ..}} of one joint. */
    ObjectNode json(int i) {
        ObjectNode j = JsonDocs.object();
        j.put(JointStateChannels.POSITION_RAD, positionRad[i]);
        j.put(JointStateChannels.VELOCITY_RAD_PER_SEC, velocityRadPerSec[i]);
        if (effort != null) {
            j.put(JointStateChannels.EFFORT, effort[i]);
        }
        return j;
    }
}
