package armature.vision.fiducial;

/** Dense inverse of small row-major matrices. */
final class Matrices {
    private Matrices() {}

    /** The inverse by Gauss-Jordan with partial pivoting, or null when singular. */
    static double[] invert(double[] m, int n) {
        double[] a = m.clone();
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            inv[i * n + i] = 1;
        }
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row * n + col]) > Math.abs(a[pivot * n + col])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot * n + col]) <= 1e-14 * scale) {
                return null;
            }
            swapRows(a, n, col, pivot);
            swapRows(inv, n, col, pivot);
            double d = a[col * n + col];
            for (int j = 0; j < n; j++) {
                a[col * n + j] /= d;
                inv[col * n + j] /= d;
            }
            for (int row = 0; row < n; row++) {
                if (row != col) {
                    double f = a[row * n + col];
                    for (int j = 0; j < n; j++) {
                        a[row * n + j] -= f * a[col * n + j];
                        inv[row * n + j] -= f * inv[col * n + j];
                    }
                }
            }
        }
        return inv;
    }

    private static void swapRows(double[] a, int n, int i, int j) {
        if (i != j) {
            for (int k = 0; k < n; k++) {
                double tmp = a[i * n + k];
                a[i * n + k] = a[j * n + k];
                a[j * n + k] = tmp;
            }
        }
    }
}
