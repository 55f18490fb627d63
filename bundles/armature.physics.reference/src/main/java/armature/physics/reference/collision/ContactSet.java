package armature.physics.reference.collision;

/**
 * Fixed-capacity contact buffer (struct of arrays). The normal (frame rows 0..2) points from geom1
 * to geom2; frame rows 3..5 and 6..8 are the two tangents, chosen as MuJoCo's mju_makeFrame does so
 * that pyramid edges point the same way; {@code dist} is negative when penetrating; {@code margin}
 * is MuJoCo's includemargin (margin - gap), {@code solref}/{@code solimp} the mixed parameters.
 * Contacts beyond capacity are counted in {@link #dropped} and discarded.
 */
public final class ContactSet {
    public final int capacity;
    public int count;
    public int dropped;
    public final int[] geom1, geom2, condim;
    public final double[] pos, frame, dist, friction, solref, solimp, margin;

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
        solimp = new double[5 * capacity];
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
        makeFrame(frame, 9 * c);
        dist[c] = distance;
        return c;
    }

    /**
     * Tangents for the unit normal at f[o..o+3): the first is world y made orthogonal to the
     * normal, or world z when the normal is within 60 degrees of y; the second is normal x first.
     */
    static void makeFrame(double[] f, int o) {
        double nx = f[o], ny = f[o + 1], nz = f[o + 2];
        double tx = 0, ty = 0, tz = 0;
        if (ny < 0.5 && ny > -0.5) {
            ty = 1;
        } else {
            tz = 1;
        }
        double dot = nx * tx + ny * ty + nz * tz;
        tx -= dot * nx;
        ty -= dot * ny;
        tz -= dot * nz;
        double len = Math.sqrt(tx * tx + ty * ty + tz * tz);
        tx /= len;
        ty /= len;
        tz /= len;
        f[o + 3] = tx;
        f[o + 4] = ty;
        f[o + 5] = tz;
        f[o + 6] = ny * tz - nz * ty;
        f[o + 7] = nz * tx - nx * tz;
        f[o + 8] = nx * ty - ny * tx;
    }

    public long arrayBytes() {
        return 4L * 3 * capacity + 8L * (3 + 9 + 1 + 3 + 2 + 5 + 1) * capacity;
    }
}
