package armature.robot.model.geometry;

/**
 * A symmetric 3x3 rotational inertia tensor in kg m^2, expressed in some frame named by the holder.
 *
 * @param ixxKgM2 xx moment
 * @param iyyKgM2 yy moment
 * @param izzKgM2 zz moment
 * @param ixyKgM2 xy product (tensor entry, not the negated "product of inertia")
 * @param ixzKgM2 xz product
 * @param iyzKgM2 yz product
 */
public record Inertia(
        double ixxKgM2,
        double iyyKgM2,
        double izzKgM2,
        double ixyKgM2,
        double ixzKgM2,
        double iyzKgM2) {

    /** The zero tensor. */
    public static final Inertia ZERO = new Inertia(0, 0, 0, 0, 0, 0);

    /** Rejects non-finite entries. */
    public Inertia {
        for (double v : new double[] {ixxKgM2, iyyKgM2, izzKgM2, ixyKgM2, ixzKgM2, iyzKgM2}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("inertia entries must be finite, got " + v);
            }
        }
    }

    /**
     * @param diagonalKgM2 principal moments
     * @return a diagonal tensor
     */
    public static Inertia diagonal(Vec3 diagonalKgM2) {
        return new Inertia(diagonalKgM2.x(), diagonalKgM2.y(), diagonalKgM2.z(), 0, 0, 0);
    }

    /**
     * @param m symmetric matrix
     * @return the tensor
     */
    public static Inertia fromMatrix(double[][] m) {
        return new Inertia(
                m[0][0],
                m[1][1],
                m[2][2],
                (m[0][1] + m[1][0]) / 2,
                (m[0][2] + m[2][0]) / 2,
                (m[1][2] + m[2][1]) / 2);
    }

    /**
     * @return the full matrix, row-major
     */
    public double[][] toMatrix() {
        return new double[][] {
            {ixxKgM2, ixyKgM2, ixzKgM2},
            {ixyKgM2, iyyKgM2, iyzKgM2},
            {ixzKgM2, iyzKgM2, izzKgM2}
        };
    }

    /**
     * @param rotation rotation from this tensor's frame to the target frame
     * @return {@code R I R^T}, the same tensor expressed in the target frame
     */
    public Inertia rotated(Quat rotation) {
        double[][] r = rotation.toMatrix();
        double[][] i = toMatrix();
        double[][] out = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int c = 0; c < 3; c++) {
                    for (int d = 0; d < 3; d++) {
                        s += r[a][c] * i[c][d] * r[b][d];
                    }
                }
                out[a][b] = s;
            }
        }
        return fromMatrix(out);
    }

    /**
     * @return entry-wise sum
     */
    public Inertia plus(Inertia o) {
        return new Inertia(
                ixxKgM2 + o.ixxKgM2,
                iyyKgM2 + o.iyyKgM2,
                izzKgM2 + o.izzKgM2,
                ixyKgM2 + o.ixyKgM2,
                ixzKgM2 + o.ixzKgM2,
                iyzKgM2 + o.iyzKgM2);
    }

    /**
     * Parallel-axis term of a point mass.
     *
     * @param massKg mass
     * @param offsetM offset of the mass from the reference point
     * @return {@code m (|d|^2 E - d d^T)}
     */
    public static Inertia pointMass(double massKg, Vec3 offsetM) {
        double x = offsetM.x();
        double y = offsetM.y();
        double z = offsetM.z();
        return new Inertia(
                massKg * (y * y + z * z),
                massKg * (x * x + z * z),
                massKg * (x * x + y * y),
                -massKg * x * y,
                -massKg * x * z,
                -massKg * y * z);
    }

    /**
     * Diagonalises the tensor with Jacobi rotations.
     *
     * @return principal moments and the rotation from the principal frame to this tensor's frame
     */
    public PrincipalInertia principal() {
        double[][] a = toMatrix();
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            double scale = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
            if (off <= 1e-30 * Math.max(scale, 1e-300)) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t =
                            Math.signum(theta == 0 ? 1 : theta)
                                    / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < 3; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        // Keep a right-handed frame so the eigenvectors form a rotation.
        double det =
                v[0][0] * (v[1][1] * v[2][2] - v[1][2] * v[2][1])
                        - v[0][1] * (v[1][0] * v[2][2] - v[1][2] * v[2][0])
                        + v[0][2] * (v[1][0] * v[2][1] - v[1][1] * v[2][0]);
        if (det < 0) {
            for (int k = 0; k < 3; k++) {
                v[k][2] = -v[k][2];
            }
        }
        return new PrincipalInertia(new Vec3(a[0][0], a[1][1], a[2][2]), Quat.fromMatrix(v));
    }

    /**
     * Principal moments and the principal frame.
     *
     * @param diagonalKgM2 principal moments
     * @param frame rotation from the principal frame to the original frame
     */
    public record PrincipalInertia(Vec3 diagonalKgM2, Quat frame) {}
}
