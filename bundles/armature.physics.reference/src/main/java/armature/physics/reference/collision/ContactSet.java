package armature.physics.reference.collision;

/**
 * Fixed-capacity contact buffer (struct of arrays). The normal (frame rows 0..2) points from geom1
 * to geom2; frame rows 3..5 and 6..8 are the two tangents; {@code dist} is negative when
 * penetrating. {@code margin} is MuJoCo's {@code includemargin}, the detection margin minus the
 * gap: a contact with {@code dist >= margin} was detected (it lies within the margin) but must
 * exert no force, like MuJoCo's contacts flagged "in gap". Contacts beyond capacity are counted in
 * {@link #dropped} and discarded.
 */
public final class ContactSet {
    public final int capacity;
    public int count;
    public int dropped;
    public final int[] geom1, geom2, condim;
    public final double[] pos, frame, dist, friction, solref, margin;

    public ContactSet(int capacity) {
        this.capacity = capacity;
        geom1 = new int[capacity];
        geom2 = new int[capacity];
        condim = new int[capacity];
        pos = new double[3 * capacity];
        frame = new double[9 * capacity];
        dist = new double[capacity];
        friction = new double[3 * capacity];
        solref = new double[2 * capacity];
        margin = new double[capacity];
    }

    public void clear() {
        count = 0;
        dropped = 0;
    }

    /** Appends a contact and returns its index, or -1 when full. Normal must be unit length. */
    public int add(
            int g1,
            int g2,
            double px,
            double py,
            double pz,
            double nx,
            double ny,
            double nz,
            double distance) {
        if (count == capacity) {
            dropped++;
            return -1;
        }
        int c = count++;
        geom1[c] = g1;
        geom2[c] = g2;
        pos[3 * c] = px;
        pos[3 * c + 1] = py;
        pos[3 * c + 2] = pz;
        frame[9 * c] = nx;
        frame[9 * c + 1] = ny;
        frame[9 * c + 2] = nz;
        armature.physics.math.Vec3.tangents(frame, 9 * c, frame, 9 * c + 3, frame, 9 * c + 6);
        dist[c] = distance;
        return c;
    }

    public long arrayBytes() {
        return 4L * 3 * capacity + 8L * (3 + 9 + 1 + 3 + 2 + 1) * capacity;
    }
}
