package armature.vision.sim.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** 2-D convex hull and the signed distance of a point to it (negative inside). */
final class Hull2 {
    private Hull2() {}

    /** Counter-clockwise in a y-up sense (monotone chain). */
    static List<double[]> of(List<double[]> points) {
        List<double[]> p = new ArrayList<>(points);
        p.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
        List<double[]> h = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            int start = h.size();
            for (double[] q : p) {
                while (h.size() >= start + 2
                        && cross(h.get(h.size() - 2), h.get(h.size() - 1), q) <= 0) {
                    h.remove(h.size() - 1);
                }
                h.add(q);
            }
            h.remove(h.size() - 1);
            java.util.Collections.reverse(p);
        }
        return h;
    }

    static double signedDistance(List<double[]> hull, double x, double y) {
        boolean inside = true;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < hull.size(); i++) {
            double[] a = hull.get(i), b = hull.get((i + 1) % hull.size());
            if (cross(a, b, new double[] {x, y}) < 0) {
                inside = false;
            }
            double dx = b[0] - a[0], dy = b[1] - a[1];
            double t =
                    Math.max(
                            0,
                            Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
            double ex = a[0] + t * dx - x, ey = a[1] + t * dy - y;
            best = Math.min(best, Math.sqrt(ex * ex + ey * ey));
        }
        return inside ? -best : best;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
