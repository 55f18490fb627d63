package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;

/**
 * The constraint rows of one step, as MuJoCo's {@code efc_*} arrays (ADR 0082): a dense Jacobian
 * row (stride nv) with the ascending list of its nonzero dofs, and per row the type, the id of the
 * element that made it, position, margin, frictionloss, the impedance results (diagApprox, R, D, K,
 * B, imp), reference acceleration, velocity and the solver's force and state. Rows are added in
 * MuJoCo's order: equality, friction, limits, contacts; {@link #ne} and {@link #nf} count the first
 * two groups. Sized for the model's worst case when created, so a step never allocates.
 */
public final class Efc {
    /** Row types, in MuJoCo's mjtConstraint order. */
    public static final int EQUALITY = 0,
            FRICTION_DOF = 1,
            FRICTION_TENDON = 2,
            LIMIT_JOINT = 3,
            LIMIT_TENDON = 4,
            CONTACT_FRICTIONLESS = 5,
            CONTACT_PYRAMIDAL = 6,
            CONTACT_ELLIPTIC = 7;

    /** Solver states of a row. */
    static final int SATISFIED = 0, QUADRATIC = 1, LINEAR_NEG = 2, LINEAR_POS = 3, CONE = 4;

    final int nv, capacity;

    /** Rows in use, equality rows, friction rows. */
    int n, ne, nf;

    final int[] type, id, state, nzCount, nzDof;
    final double[] jac, pos, margin, frictionLoss, diagApprox, r, dInv, k, b, imp, aref, vel;
    final double[] force, solref, solimp;

    /** Row r's contact (its index in the contact set) or -1. */
    final int[] contact;

    /**
     * Per contact of an elliptic cone: the regularised cone's friction coefficient (MuJoCo's
     * contact mu), its dimension and its friction (6 each, index 1.. = the tangential dims).
     */
    final double[] mu, friction;

    final int[] dim;

    /** Per elliptic contact in the cone's middle zone: its cost Hessian in row space (6 x 6). */
    final double[] coneHessian;

    Efc(MultibodyModel m, int maxEqualityRows) {
        nv = m.nv;
        int rows = maxEqualityRows;
        for (int i = 0; i < m.nv; i++) {
            rows += m.dofFrictionLoss[i] > 0 ? 1 : 0;
        }
        for (int j = 0; j < m.njnt; j++) {
            rows += m.jntLimited[j] ? 2 : 0;
        }
        for (int t = 0; t < m.ntendon; t++) {
            rows += m.tendonLimited[t] ? 2 : 0;
        }
        rows += m.maxContacts * rowsPerContact(m);
        capacity = rows;
        type = new int[rows];
        id = new int[rows];
        state = new int[rows];
        contact = new int[rows];
        nzCount = new int[rows];
        nzDof = new int[rows * nv];
        jac = new double[rows * nv];
        pos = new double[rows];
        margin = new double[rows];
        frictionLoss = new double[rows];
        diagApprox = new double[rows];
        r = new double[rows];
        dInv = new double[rows];
        k = new double[rows];
        b = new double[rows];
        imp = new double[rows];
        aref = new double[rows];
        vel = new double[rows];
        force = new double[rows];
        solref = new double[2 * rows];
        solimp = new double[5 * rows];
        mu = new double[m.maxContacts];
        friction = new double[6 * m.maxContacts];
        dim = new int[m.maxContacts];
        coneHessian = new double[36 * m.maxContacts];
    }

    /**
     * The most rows one contact can need: 2 (condim - 1) pyramid edges, or 1 when frictionless (an
     * elliptic contact's condim rows never exceed that).
     */
    static int rowsPerContact(MultibodyModel m) {
        int most = 1;
        for (int g = 0; g < m.ngeom; g++) {
            most = Math.max(most, m.geomCondim[g]);
        }
        for (int p = 0; p < m.pairCondim.length; p++) {
            most = Math.max(most, m.pairCondim[p]);
        }
        return Math.max(1, 2 * (most - 1));
    }

    void clear() {
        n = 0;
        ne = 0;
        nf = 0;
    }

    /**
     * Appends a row with a zeroed Jacobian and returns its index; the caller writes the Jacobian
     * into {@code jac[row * nv ...]} and then calls {@link #index(int)}.
     */
    int add(int rowType, int objectId, double position, double rowMargin, double loss) {
        if (n == capacity) {
            throw new IllegalStateException(
                    "constraint rows exceed the " + capacity + " this model was sized for");
        }
        int row = n++;
        type[row] = rowType;
        id[row] = objectId;
        contact[row] = -1;
        pos[row] = position;
        margin[row] = rowMargin;
        frictionLoss[row] = loss;
        java.util.Arrays.fill(jac, row * nv, (row + 1) * nv, 0);
        if (rowType == EQUALITY) {
            ne++;
        } else if (rowType == FRICTION_DOF || rowType == FRICTION_TENDON) {
            nf++;
        }
        return row;
    }

    /** Sets row r's solref (2) and solimp (5) from arrays at the given offsets. */
    void params(int row, double[] ref, int refOffset, double[] impedance, int impOffset) {
        solref[2 * row] = ref[refOffset];
        solref[2 * row + 1] = ref[refOffset + 1];
        System.arraycopy(impedance, impOffset, solimp, 5 * row, 5);
    }

    /** Lists row r's nonzero dofs, ascending. */
    void index(int row) {
        int ro = row * nv, c = 0;
        for (int i = 0; i < nv; i++) {
            if (jac[ro + i] != 0) {
                nzDof[ro + c++] = i;
            }
        }
        nzCount[row] = c;
    }

    /** Jacobian row r times v. */
    double dot(int row, double[] v) {
        int ro = row * nv;
        double s = 0;
        for (int e = ro; e < ro + nzCount[row]; e++) {
            int i = nzDof[e];
            s += jac[ro + i] * v[i];
        }
        return s;
    }

    /** Number of rows in use. */
    public int rows() {
        return n;
    }

    /** Row r's constraint force (N, N m, or the row's generalized unit) after the last solve. */
    public double force(int row) {
        return force[row];
    }

    /** Row r's position (MuJoCo's efc_pos: distance, or an equality's violation). */
    public double position(int row) {
        return pos[row];
    }

    /** Row r's diagonal approximation of {@code J M^-1 J^T} (MuJoCo's efc_diagApprox). */
    public double diagApprox(int row) {
        return diagApprox[row];
    }

    /** Row r's regularisation R (MuJoCo's efc_R). */
    public double regularisation(int row) {
        return r[row];
    }

    /** Row r's reference acceleration (MuJoCo's efc_aref). */
    public double referenceAcceleration(int row) {
        return aref[row];
    }

    /** Row r's Jacobian entry for dof i. */
    public double jacobian(int row, int dof) {
        return jac[row * nv + dof];
    }

    /** Row r's element id (equality, dof, joint, tendon or contact index, as its type says). */
    public int id(int row) {
        return id[row];
    }

    /** Equality rows in use (MuJoCo's ne). */
    public int equalityRows() {
        return ne;
    }

    /** Row r's type (one of the constants above). */
    public int type(int row) {
        return type[row];
    }

    /** Row r's contact index, or -1 when the row is not a contact's. */
    public int contactOf(int row) {
        return contact[row];
    }

    long arrayBytes() {
        return 8L * (jac.length + 15L * capacity) + 4L * (nzDof.length + 6L * capacity);
    }
}
