package armature.physics.reference.collision;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.GeomType;

/**
 * Broad phase, filtering and contact parameters. Non-plane geoms are bounded by spheres and swept
 * along world x (sweep and prune; the order array is insertion-sorted every step, which is linear
 * when the order barely changes and, unlike a hash grid, deterministic). Planes are tested against
 * every geom. Filtering follows MJCF: explicit pairs always collide with their own parameters;
 * other pairs need different bodies, at least one moving body, a passing contype/conaffinity test,
 * no parent-child relation (unless the parent does not move: the world, a static or a mocap body),
 * and no exclude. Mixed parameters follow MuJoCo: the geom of higher priority gives condim,
 * friction, solref and solimp; at equal priority condim and friction are the maxima, solref and
 * solimp the solmix-weighted means (solref in direct form: the minima); margin and gap are the
 * maxima, and a contact's constraint margin is margin - gap. A pair listed explicitly more than
 * once is evaluated once per listing, as in MuJoCo; the dynamic pass skips geom pairs that are
 * listed. A contact is reported when its distance is within the margin (analytic plane, sphere and
 * capsule contacts also at exactly the margin, as MuJoCo reports a box resting exactly on a plane);
 * only contacts closer than margin - gap exert force.
 */
public final class CollisionDetector {
    private final MultibodyModel m;
    private final NarrowPhase narrow;
    private final int[] order;
    private final int[] planes;
    private final double[] minX;
    private final boolean[] isPairGeom;

    /** Largest geom count for which the pair filter is tabulated (bits: ngeom^2, 2 MiB at most). */
    private static final int MAX_TABULATED_GEOMS = 4096;

    /*
     * The filter depends only on the model, so it is evaluated once per geom pair here instead of
     * every step (the exclude lookup was a binary search per candidate pair). Bit g1 * ngeom + g2
     * (g1 < g2) is set when the pair may collide; null above MAX_TABULATED_GEOMS.
     */
    private final long[] allowed;

    /** Per plane, the geoms that pass the filter against it, ascending. */
    private final int[][] planeCandidates;

    public CollisionDetector(MultibodyModel model) {
        m = model;
        narrow = new NarrowPhase(model);
        int nPlanes = 0;
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geomType[g] == GeomType.PLANE) {
                nPlanes++;
            }
        }
        planes = new int[nPlanes];
        order = new int[m.ngeom - nPlanes];
        int p = 0, o = 0;
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geomType[g] == GeomType.PLANE) {
                planes[p++] = g;
            } else {
                order[o++] = g;
            }
        }
        minX = new double[m.ngeom];
        isPairGeom = new boolean[m.ngeom];
        for (int k = 0; k < m.pairGeom1.length; k++) {
            isPairGeom[m.pairGeom1[k]] = true;
            isPairGeom[m.pairGeom2[k]] = true;
        }
        int ng = m.ngeom;
        if (ng <= MAX_TABULATED_GEOMS) {
            allowed = new long[(int) (((long) ng * ng + 63) / 64)];
            for (int g1 = 0; g1 < ng; g1++) {
                for (int g2 = g1 + 1; g2 < ng; g2++) {
                    if (filter(g1, g2)) {
                        int bit = g1 * ng + g2;
                        allowed[bit >>> 6] |= 1L << bit;
                    }
                }
            }
        } else {
            allowed = null;
        }
        planeCandidates = new int[nPlanes][];
        int[] scratch = new int[ng];
        for (int pi = 0; pi < nPlanes; pi++) {
            int gp = planes[pi], n = 0;
            for (int g = 0; g < ng; g++) {
                if (g != gp && m.geomType[g] != GeomType.PLANE && filter(gp, g)) {
                    scratch[n++] = g;
                }
            }
            planeCandidates[pi] = java.util.Arrays.copyOf(scratch, n);
        }
    }

    /** The filter for g1 < g2, from the table when there is one. */
    boolean allowedPair(int g1, int g2) {
        if (allowed == null) {
            return filter(g1, g2);
        }
        int bit = g1 * m.ngeom + g2;
        return (allowed[bit >>> 6] & (1L << bit)) != 0;
    }

    /** Finds all contacts for the current kinematics into {@code out}. */
    public void detect(MultibodyData d, ContactSet out) {
        out.clear();
        for (int k = 0; k < m.pairGeom1.length; k++) {
            int g1 = m.pairGeom1[k], g2 = m.pairGeom2[k];
            int start = out.count;
            if (boundsOverlap(d, g1, g2, m.pairMargin[k])) {
                narrow.collide(d, g1, g2, m.pairMargin[k], out);
            }
            for (int c = start; c < out.count; c++) {
                out.condim[c] = m.pairCondim[k];
                System.arraycopy(m.pairFriction, 3 * k, out.friction, 3 * c, 3);
                System.arraycopy(m.pairSolref, 2 * k, out.solref, 2 * c, 2);
                System.arraycopy(m.pairSolimp, 5 * k, out.solimp, 5 * c, 5);
                out.margin[c] = m.pairMargin[k] - m.pairGap[k];
            }
        }
        for (int pi = 0; pi < planes.length; pi++) {
            int gp = planes[pi];
            for (int g : planeCandidates[pi]) {
                double margin = Math.max(m.geomMargin[gp], m.geomMargin[g]);
                if (boundsOverlap(d, gp, g, margin)) {
                    collidePair(d, gp, g, margin, out);
                }
            }
        }
        // sweep and prune along x
        int n = order.length;
        for (int i = 0; i < n; i++) {
            int g = order[i];
            minX[g] = d.geomXpos[3 * g] - m.geomRbound[g] - m.geomMargin[g];
        }
        for (int i = 1; i < n; i++) {
            int g = order[i];
            double key = minX[g];
            int j = i - 1;
            while (j >= 0 && (minX[order[j]] > key || (minX[order[j]] == key && order[j] > g))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = g;
        }
        for (int i = 0; i < n; i++) {
            int a = order[i];
            double maxX = d.geomXpos[3 * a] + m.geomRbound[a] + m.geomMargin[a];
            for (int j = i + 1; j < n; j++) {
                int b = order[j];
                if (minX[b] > maxX) {
                    break;
                }
                int g1 = Math.min(a, b), g2 = Math.max(a, b);
                if (allowedPair(g1, g2)) {
                    double margin = Math.max(m.geomMargin[g1], m.geomMargin[g2]);
                    if (spheresOverlap(d, g1, g2, margin)) {
                        collidePair(d, g1, g2, margin, out);
                    }
                }
            }
        }
    }

    /*
     * Callers test the bounds first: this method inlines the narrow phase and is large, and
     * entering it for every candidate pair cost more than the bounds test itself (JFR, reach.xml).
     */
    private void collidePair(MultibodyData d, int g1, int g2, double margin, ContactSet out) {
        int start = out.count;
        narrow.collide(d, g1, g2, margin, out);
        double includeMargin = margin - Math.max(m.geomGap[g1], m.geomGap[g2]);
        for (int c = start; c < out.count; c++) {
            mixParameters(d, g1, g2, out, c);
            out.margin[c] = includeMargin;
        }
    }

    /** MuJoCo's contact parameters for a geom pair (mj_contactParam). */
    private void mixParameters(MultibodyData d, int g1, int g2, ContactSet out, int c) {
        int p1 = m.geomPriority[g1], p2 = m.geomPriority[g2];
        if (p1 != p2) {
            int g = p1 > p2 ? g1 : g2;
            out.condim[c] = m.geomCondim[g];
            System.arraycopy(d.geomFriction, 3 * g, out.friction, 3 * c, 3);
            System.arraycopy(m.geomSolref, 2 * g, out.solref, 2 * c, 2);
            System.arraycopy(m.geomSolimp, 5 * g, out.solimp, 5 * c, 5);
            return;
        }
        out.condim[c] = Math.max(m.geomCondim[g1], m.geomCondim[g2]);
        for (int k = 0; k < 3; k++) {
            out.friction[3 * c + k] =
                    Math.max(d.geomFriction[3 * g1 + k], d.geomFriction[3 * g2 + k]);
        }
        double s1 = m.geomSolmix[g1], s2 = m.geomSolmix[g2], mix;
        double min = 1e-15;
        if (s1 >= min && s2 >= min) {
            mix = s1 / (s1 + s2);
        } else if (s1 < min && s2 < min) {
            mix = 0.5;
        } else {
            mix = s1 < min ? 0 : 1;
        }
        boolean standard = m.geomSolref[2 * g1] > 0 && m.geomSolref[2 * g2] > 0;
        for (int k = 0; k < 2; k++) {
            double a = m.geomSolref[2 * g1 + k], b = m.geomSolref[2 * g2 + k];
            out.solref[2 * c + k] = standard ? mix * a + (1 - mix) * b : Math.min(a, b);
        }
        for (int k = 0; k < 5; k++) {
            out.solimp[5 * c + k] =
                    mix * m.geomSolimp[5 * g1 + k] + (1 - mix) * m.geomSolimp[5 * g2 + k];
        }
    }

    private boolean boundsOverlap(MultibodyData d, int g1, int g2, double margin) {
        if (m.geomType[g1] == GeomType.PLANE || m.geomType[g2] == GeomType.PLANE) {
            int gp = m.geomType[g1] == GeomType.PLANE ? g1 : g2, g = gp == g1 ? g2 : g1;
            if (m.geomType[g] == GeomType.PLANE) {
                return false;
            }
            double[] x = d.geomXmat;
            double dist =
                    x[9 * gp + 2] * (d.geomXpos[3 * g] - d.geomXpos[3 * gp])
                            + x[9 * gp + 5] * (d.geomXpos[3 * g + 1] - d.geomXpos[3 * gp + 1])
                            + x[9 * gp + 8] * (d.geomXpos[3 * g + 2] - d.geomXpos[3 * gp + 2]);
            return dist < m.geomRbound[g] + margin;
        }
        return spheresOverlap(d, g1, g2, margin);
    }

    /** Bounding spheres of two non-plane geoms (the sweep holds no planes). */
    private boolean spheresOverlap(MultibodyData d, int g1, int g2, double margin) {
        double[] x = d.geomXpos;
        double dx = x[3 * g1] - x[3 * g2];
        double dy = x[3 * g1 + 1] - x[3 * g2 + 1];
        double dz = x[3 * g1 + 2] - x[3 * g2 + 2];
        double r = m.geomRbound[g1] + m.geomRbound[g2] + margin;
        return dx * dx + dy * dy + dz * dz < r * r;
    }

    /** MJCF filtering for pairs not listed explicitly (g1 < g2 not required). */
    boolean filter(int g1, int g2) {
        int b1 = m.geomBody[g1], b2 = m.geomBody[g2];
        if (b1 == b2) {
            return false;
        }
        if (m.bodyLastDof[b1] < 0 && m.bodyLastDof[b2] < 0) {
            return false;
        }
        if (isPairGeom[g1]
                && isPairGeom[g2]
                && MultibodyModel.containsKey(
                        m.pairKeys, (long) Math.min(g1, g2) * m.ngeom + Math.max(g1, g2))) {
            return false; // handled with the pair's own parameters
        }
        if ((m.geomContype[g1] & m.geomConaffinity[g2]) == 0
                && (m.geomContype[g2] & m.geomConaffinity[g1]) == 0) {
            return false;
        }
        // MuJoCo filters parent and child only when the parent moves: a static body or a mocap
        // body (both welded to the world in MuJoCo 2.2.2) still collides with its children.
        if ((m.bodyParent[b2] == b1 && m.bodyLastDof[b1] >= 0)
                || (m.bodyParent[b1] == b2 && m.bodyLastDof[b2] >= 0)) {
            return false;
        }
        return m.excludeBodyPairs.length == 0
                || !MultibodyModel.containsKey(
                        m.excludeBodyPairs, (long) Math.min(b1, b2) * m.nbody + Math.max(b1, b2));
    }
}
