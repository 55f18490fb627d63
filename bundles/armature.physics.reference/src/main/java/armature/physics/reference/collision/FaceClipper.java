package armature.physics.reference.collision;

/**
 * Sutherland-Hodgman clipping of an incident feature (polygon, segment or point) against the side
 * planes of a reference face, with the signed distance of each surviving point to the reference
 * plane. The reference face is a convex polygon, counter-clockwise about its outward normal, in
 * world coordinates. Survivors closer than the margin go to a {@link Manifold} at the midpoint
 * between the incident point and the reference plane. Scratch buffers are fixed at construction.
 */
final class FaceClipper {
    final double[] ref;
    int refCount;
    final double[] normal = new double[3];
    double offset;

    private final double[] a, b;
    private int count;

    FaceClipper(int maxRef, int maxIncident) {
        ref = new double[3 * maxRef];
        int cap = maxIncident + maxRef + 2;
        a = new double[3 * cap];
        b = new double[3 * cap];
    }

    /** Sets the reference plane from {@link #normal} and the first reference vertex. */
    void setPlane() {
        offset = normal[0] * ref[0] + normal[1] * ref[1] + normal[2] * ref[2];
    }

    /** Starts a new incident polygon. */
    void begin() {
        count = 0;
    }

    /** Copies the first two incident points (a segment) into out[o..o+6). */
    void copyIncident(double[] out, int o) {
        System.arraycopy(a, 0, out, o, 6);
    }

    void point(double x, double y, double z) {
        a[3 * count] = x;
        a[3 * count + 1] = y;
        a[3 * count + 2] = z;
        count++;
    }

    /**
     * Clips the incident polygon (a segment when it has two points) and adds every survivor whose
     * distance, less {@code radius}, is below {@code margin}. The contact point sits half the
     * distance back towards the reference plane (and {@code radius} back along the normal for
     * rounded incident shapes).
     */
    void clipInto(Manifold m, double radius, double margin) {
        double[] in = a, out = b;
        int n = count;
        boolean segment = n == 2;
        for (int e = 0; e < refCount && n > 0; e++) {
            int e1 = e + 1 == refCount ? 0 : e + 1;
            double ex = ref[3 * e1] - ref[3 * e],
                    ey = ref[3 * e1 + 1] - ref[3 * e + 1],
                    ez = ref[3 * e1 + 2] - ref[3 * e + 2];
            // outward side normal: edge x face normal
            double sx = ey * normal[2] - ez * normal[1],
                    sy = ez * normal[0] - ex * normal[2],
                    sz = ex * normal[1] - ey * normal[0];
            double so = sx * ref[3 * e] + sy * ref[3 * e + 1] + sz * ref[3 * e + 2];
            double tol = 1e-12 * Math.sqrt(sx * sx + sy * sy + sz * sz);
            int m2 = 0;
            int edges = segment ? 1 : n;
            if (segment) {
                double d0 = sx * in[0] + sy * in[1] + sz * in[2] - so;
                double d1 = sx * in[3] + sy * in[4] + sz * in[5] - so;
                if (d0 > tol && d1 > tol) {
                    n = 0;
                    break;
                }
                for (int k = 0; k < 2; k++) {
                    double dk = k == 0 ? d0 : d1, dj = k == 0 ? d1 : d0;
                    int ok = 3 * k, oj = 3 * (1 - k);
                    if (dk <= tol) {
                        copy(in, ok, out, m2++);
                    } else {
                        double t = dk / (dk - dj);
                        lerp(in, ok, oj, t, out, m2++);
                    }
                }
                n = m2;
            } else {
                for (int i = 0; i < edges; i++) {
                    int j = i + 1 == n ? 0 : i + 1;
                    double di = sx * in[3 * i] + sy * in[3 * i + 1] + sz * in[3 * i + 2] - so;
                    double dj = sx * in[3 * j] + sy * in[3 * j + 1] + sz * in[3 * j + 2] - so;
                    if (di <= tol) {
                        copy(in, 3 * i, out, m2++);
                    }
                    if ((di <= tol) != (dj <= tol)) {
                        lerp(in, 3 * i, 3 * j, di / (di - dj), out, m2++);
                    }
                }
                n = m2;
            }
            double[] t = in;
            in = out;
            out = t;
        }
        for (int i = 0; i < n; i++) {
            double px = in[3 * i], py = in[3 * i + 1], pz = in[3 * i + 2];
            double dist = normal[0] * px + normal[1] * py + normal[2] * pz - offset - radius;
            if (dist < margin) {
                double back = radius + 0.5 * dist;
                m.add(px - back * normal[0], py - back * normal[1], pz - back * normal[2], dist);
            }
        }
    }

    private static void copy(double[] from, int o, double[] to, int i) {
        to[3 * i] = from[o];
        to[3 * i + 1] = from[o + 1];
        to[3 * i + 2] = from[o + 2];
    }

    private static void lerp(double[] from, int o0, int o1, double t, double[] to, int i) {
        for (int k = 0; k < 3; k++) {
            to[3 * i + k] = from[o0 + k] + t * (from[o1 + k] - from[o0 + k]);
        }
    }
}
