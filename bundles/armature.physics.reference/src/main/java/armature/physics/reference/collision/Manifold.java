package armature.physics.reference.collision;

/**
 * Candidate contact points of one geom pair sharing one normal, reduced to at most four: the
 * deepest point, the point farthest from it, the point spanning the largest triangle with those
 * two, and the point adding the most area outside that triangle. That keeps the deepest penetration
 * resolved and the support polygon as wide as possible, which is what a resting contact needs; four
 * points are enough for the solver to resist any tipping moment.
 */
final class Manifold {
    static final int MAX_POINTS = 4;

    final int capacity;
    final double[] pos;
    final double[] dist;
    int count;
    private final int[] pick = new int[MAX_POINTS];

    Manifold(int capacity) {
        this.capacity = capacity;
        pos = new double[3 * capacity];
        dist = new double[capacity];
    }

    void clear() {
        count = 0;
    }

    void add(double x, double y, double z, double distance) {
        if (count == capacity) {
            return;
        }
        pos[3 * count] = x;
        pos[3 * count + 1] = y;
        pos[3 * count + 2] = z;
        dist[count] = distance;
        count++;
    }

    /** Writes the reduced manifold with normal (nx, ny, nz) from g1 to g2; returns points added. */
    int emit(ContactSet out, int g1, int g2, double nx, double ny, double nz) {
        int n = reduce(nx, ny, nz);
        int added = 0;
        for (int k = 0; k < n; k++) {
            int i = pick[k];
            if (out.add(g1, g2, pos[3 * i], pos[3 * i + 1], pos[3 * i + 2], nx, ny, nz, dist[i])
                    >= 0) {
                added++;
            }
        }
        return added;
    }

    /** Fills {@link #pick} and returns how many of the candidates to keep (in candidate order). */
    private int reduce(double nx, double ny, double nz) {
        if (count <= MAX_POINTS) {
            for (int i = 0; i < count; i++) {
                pick[i] = i;
            }
            return count;
        }
        int a = 0;
        for (int i = 1; i < count; i++) {
            if (dist[i] < dist[a]) {
                a = i;
            }
        }
        int b = -1;
        double best = 1e-24;
        for (int i = 0; i < count; i++) {
            double dx = pos[3 * i] - pos[3 * a],
                    dy = pos[3 * i + 1] - pos[3 * a + 1],
                    dz = pos[3 * i + 2] - pos[3 * a + 2];
            double d2 = dx * dx + dy * dy + dz * dz;
            if (d2 > best) {
                best = d2;
                b = i;
            }
        }
        pick[0] = a;
        if (b < 0) {
            return 1;
        }
        pick[1] = b;
        int c = -1;
        best = 1e-30;
        for (int i = 0; i < count; i++) {
            double area = Math.abs(signedArea(a, b, i, nx, ny, nz));
            if (area > best) {
                best = area;
                c = i;
            }
        }
        if (c < 0) {
            return 2;
        }
        if (signedArea(a, b, c, nx, ny, nz) < 0) {
            int t = b;
            b = c;
            c = t;
        }
        pick[1] = b;
        pick[2] = c;
        // the fourth point: most area outside the (now counter-clockwise) triangle
        int e = -1;
        best = 1e-30;
        for (int i = 0; i < count; i++) {
            double outside =
                    -Math.min(
                            signedArea(a, b, i, nx, ny, nz),
                            Math.min(
                                    signedArea(b, c, i, nx, ny, nz),
                                    signedArea(c, a, i, nx, ny, nz)));
            if (outside > best) {
                best = outside;
                e = i;
            }
        }
        if (e < 0) {
            return 3;
        }
        pick[3] = e;
        return 4;
    }

    /** n . ((q - p) x (r - p)): twice the triangle's area, positive counter-clockwise about n. */
    private double signedArea(int p, int q, int r, double nx, double ny, double nz) {
        double ux = pos[3 * q] - pos[3 * p],
                uy = pos[3 * q + 1] - pos[3 * p + 1],
                uz = pos[3 * q + 2] - pos[3 * p + 2];
        double vx = pos[3 * r] - pos[3 * p],
                vy = pos[3 * r + 1] - pos[3 * p + 1],
                vz = pos[3 * r + 2] - pos[3 * p + 2];
        return nx * (uy * vz - uz * vy) + ny * (uz * vx - ux * vz) + nz * (ux * vy - uy * vx);
    }
}
