package armature.physics.opencl.batch;

import armature.physics.model.DisableFlags;
import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The geom pairs the device tests, with their mixed contact parameters, computed once on the host
 * by the reference engine's rules (armature.physics.reference.collision.CollisionDetector): the
 * filter depends only on the model, so only the bounding-sphere tests and the narrow phase run per
 * world and step. Candidates are numbered in the reference's evaluation order: explicit pairs as
 * listed, then each plane (ascending) against the geoms that pass the filter (ascending), then the
 * non-plane pairs that pass the filter (g1 < g2, keyed g1 * ngeom + g2 ascending; the device visits
 * them in the sweep's order, which depends on the state). Each candidate points at a parameter set
 * (condim, friction, solref, solimp, margin, margin - gap); equal sets are stored once to keep the
 * {@code __constant} tables small.
 */
final class ContactPairs {
    /**
     * Device codes of the geom types, in the reference's dispatch order; OTHER: meshes and
     * cylinders, whose pairs hull.cl collides.
     */
    static final int PLANE = 0, SPHERE = 1, CAPSULE = 2, BOX = 3, OTHER = 4;

    final int explicit, planePairs, dynamic;
    final int[] g1, g2, set;

    /**
     * Per candidate, the geoms whose per-world friction the contact takes (the larger of the two
     * per component; the same geom twice when one has priority), or -1 for an explicit pair's own.
     */
    final int[] frictionA, frictionB;

    final long[] dynamicKeys;
    final int[] dynamicGeoms, collidingGeoms;
    final List<double[]> sets = new ArrayList<>();
    final List<Integer> condims = new ArrayList<>();

    private final MultibodyModel m;
    private final boolean[] isPairGeom;

    /** Largest geom count whose pair keys (g1 * ngeom + g2) fit the device's int. */
    static final int MAX_GEOMS = 46340;

    ContactPairs(MultibodyModel model) {
        m = model;
        if (m.ngeom > MAX_GEOMS) {
            throw new IllegalArgumentException(
                    "ngeom "
                            + m.ngeom
                            + " is not allowed on the OpenCL engine; allowed: <= "
                            + MAX_GEOMS);
        }
        isPairGeom = new boolean[m.ngeom];
        for (int k = 0; k < m.pairGeom1.length; k++) {
            isPairGeom[m.pairGeom1[k]] = true;
            isPairGeom[m.pairGeom2[k]] = true;
        }
        List<int[]> pairs = new ArrayList<>();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int k = 0; k < m.pairGeom1.length; k++) {
            double[] p = new double[12];
            System.arraycopy(m.pairFriction, 3 * k, p, 0, 3);
            System.arraycopy(m.pairSolref, 2 * k, p, 3, 2);
            System.arraycopy(m.pairSolimp, 5 * k, p, 5, 5);
            p[10] = m.pairMargin[k];
            p[11] = m.pairMargin[k] - m.pairGap[k];
            pairs.add(
                    new int[] {
                        m.pairGeom1[k], m.pairGeom2[k], id(ids, m.pairCondim[k], p), -1, -1
                    });
        }
        explicit = pairs.size();
        for (int gp = 0; gp < m.ngeom; gp++) {
            if (m.geomType[gp] != GeomType.PLANE) {
                continue;
            }
            for (int g = 0; g < m.ngeom; g++) {
                if (g != gp && m.geomType[g] != GeomType.PLANE && filter(gp, g)) {
                    pairs.add(withFriction(gp, g, mixed(ids, gp, g)));
                }
            }
        }
        planePairs = pairs.size() - explicit;
        TreeSet<Integer> dyn = new TreeSet<>();
        List<Long> keys = new ArrayList<>();
        for (int a = 0; a < m.ngeom; a++) {
            for (int b = a + 1; b < m.ngeom; b++) {
                if (m.geomType[a] != GeomType.PLANE
                        && m.geomType[b] != GeomType.PLANE
                        && filter(a, b)) {
                    pairs.add(withFriction(a, b, mixed(ids, a, b)));
                    keys.add((long) a * m.ngeom + b);
                    dyn.add(a);
                    dyn.add(b);
                }
            }
        }
        dynamic = keys.size();
        dynamicKeys = keys.stream().mapToLong(Long::longValue).toArray();
        dynamicGeoms = dyn.stream().mapToInt(Integer::intValue).toArray();
        g1 = pairs.stream().mapToInt(p -> p[0]).toArray();
        g2 = pairs.stream().mapToInt(p -> p[1]).toArray();
        set = pairs.stream().mapToInt(p -> p[2]).toArray();
        frictionA = pairs.stream().mapToInt(p -> p[3]).toArray();
        frictionB = pairs.stream().mapToInt(p -> p[4]).toArray();
        TreeSet<Integer> used = new TreeSet<>();
        for (int[] p : pairs) {
            used.add(p[0]);
            used.add(p[1]);
        }
        collidingGeoms = used.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the reference engine runs collision detection on this model at all. */
    static boolean contactsOn(MultibodyModel m) {
        return !DisableFlags.disabled(m.disableFlags, DisableFlags.CONTACT)
                && !DisableFlags.disabled(m.disableFlags, DisableFlags.CONSTRAINT);
    }

    int count() {
        return g1.length;
    }

    static int code(GeomType t) {
        return switch (t) {
            case PLANE -> PLANE;
            case SPHERE -> SPHERE;
            case CAPSULE -> CAPSULE;
            case BOX -> BOX;
            default -> OTHER;
        };
    }

    /** Geom types of candidate pairs that the device's narrow phase does not collide, sorted. */
    List<GeomType> unsupportedTypes() {
        TreeSet<GeomType> out = new TreeSet<>();
        for (int g : unsupportedGeoms()) {
            out.add(m.geomType[g]);
        }
        return new ArrayList<>(out);
    }

    /**
     * The geoms of candidate pairs whose type the device does not collide, ascending: ellipsoids,
     * which the reference engine does not collide either (the model compiler turns an MJCF
     * ellipsoid into a convex mesh, so a compiled model has none). Meshes (convex hulls) and
     * cylinders go to hull.cl, the other types to collision.cl.
     */
    List<Integer> unsupportedGeoms() {
        TreeSet<Integer> out = new TreeSet<>();
        for (int k = 0; k < count(); k++) {
            for (int g : new int[] {g1[k], g2[k]}) {
                if (m.geomType[g] == GeomType.ELLIPSOID) {
                    out.add(g);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** A candidate row: geoms, parameter set and the geoms its friction comes from. */
    private int[] withFriction(int a, int b, int set) {
        int p1 = m.geomPriority[a], p2 = m.geomPriority[b];
        int g = p1 > p2 ? a : b;
        return p1 != p2 ? new int[] {a, b, set, g, g} : new int[] {a, b, set, a, b};
    }

    private int id(Map<String, Integer> ids, int condim, double[] p) {
        String key = condim + Arrays.toString(p);
        Integer id = ids.get(key);
        if (id == null) {
            id = ids.size();
            ids.put(key, id);
            sets.add(p);
            condims.add(condim);
        }
        return id;
    }

    /**
     * CollisionDetector.mixParameters and collidePair's margins for a geom pair: the geom of higher
     * priority gives condim, friction, solref and solimp; at equal priority condim and friction are
     * the maxima, solref and solimp solmix-weighted. Friction is the model's (GEOM_FRICTION); the
     * device takes friction from the world's parameters instead (frictionA, frictionB), so that
     * randomized friction reaches the contacts; the set's friction serves explicit pairs.
     */
    private int mixed(Map<String, Integer> ids, int a, int b) {
        double[] p = new double[12];
        int condim;
        int p1 = m.geomPriority[a], p2 = m.geomPriority[b];
        if (p1 != p2) {
            int g = p1 > p2 ? a : b;
            condim = m.geomCondim[g];
            System.arraycopy(m.geomFriction, 3 * g, p, 0, 3);
            System.arraycopy(m.geomSolref, 2 * g, p, 3, 2);
            System.arraycopy(m.geomSolimp, 5 * g, p, 5, 5);
        } else {
            condim = Math.max(m.geomCondim[a], m.geomCondim[b]);
            for (int k = 0; k < 3; k++) {
                p[k] = Math.max(m.geomFriction[3 * a + k], m.geomFriction[3 * b + k]);
            }
            double s1 = m.geomSolmix[a], s2 = m.geomSolmix[b], mix;
            double min = 1e-15;
            if (s1 >= min && s2 >= min) {
                mix = s1 / (s1 + s2);
            } else if (s1 < min && s2 < min) {
                mix = 0.5;
            } else {
                mix = s1 < min ? 0 : 1;
            }
            boolean standard = m.geomSolref[2 * a] > 0 && m.geomSolref[2 * b] > 0;
            for (int k = 0; k < 2; k++) {
                double x = m.geomSolref[2 * a + k], y = m.geomSolref[2 * b + k];
                p[3 + k] = standard ? mix * x + (1 - mix) * y : Math.min(x, y);
            }
            for (int k = 0; k < 5; k++) {
                p[5 + k] = mix * m.geomSolimp[5 * a + k] + (1 - mix) * m.geomSolimp[5 * b + k];
            }
        }
        double margin = Math.max(m.geomMargin[a], m.geomMargin[b]);
        p[10] = margin;
        p[11] = margin - Math.max(m.geomGap[a], m.geomGap[b]);
        return id(ids, condim, p);
    }

    /** CollisionDetector.filter: MJCF's rules for pairs not listed explicitly. */
    private boolean filter(int a, int b) {
        int b1 = m.geomBody[a], b2 = m.geomBody[b];
        if (b1 == b2 || (m.bodyLastDof[b1] < 0 && m.bodyLastDof[b2] < 0)) {
            return false;
        }
        if (isPairGeom[a]
                && isPairGeom[b]
                && MultibodyModel.containsKey(
                        m.pairKeys, (long) Math.min(a, b) * m.ngeom + Math.max(a, b))) {
            return false;
        }
        if ((m.geomContype[a] & m.geomConaffinity[b]) == 0
                && (m.geomContype[b] & m.geomConaffinity[a]) == 0) {
            return false;
        }
        if ((m.bodyParent[b2] == b1 && m.bodyLastDof[b1] >= 0)
                || (m.bodyParent[b1] == b2 && m.bodyLastDof[b2] >= 0)) {
            return false;
        }
        return m.excludeBodyPairs.length == 0
                || !MultibodyModel.containsKey(
                        m.excludeBodyPairs, (long) Math.min(b1, b2) * m.nbody + Math.max(b1, b2));
    }

    /** Writes the tables into the program's header. */
    void writeTo(ModelSource s) {
        s.define("NGEOM", m.ngeom);
        s.define("NCAND", count());
        s.define("NCAND_PAD", Math.max(1, count()));
        s.define("NEXPLICIT", explicit);
        s.define("NPLANECAND", planePairs);
        s.define("NDYNCAND", dynamic);
        s.define("NDYNGEOM", dynamicGeoms.length);
        s.define("NDYNGEOM_PAD", Math.max(1, dynamicGeoms.length));
        s.define("NCOLGEOM", collidingGeoms.length);
        int[] type = new int[m.ngeom];
        for (int g = 0; g < m.ngeom; g++) {
            type[g] = code(m.geomType[g]);
        }
        s.ints("GEOM_TYPE", type);
        s.ints("GEOM_BODY", m.geomBody);
        s.reals("GEOM_POS", m.geomPos);
        s.reals("GEOM_QUAT", m.geomQuat);
        s.reals("GEOM_SIZE", m.geomSize);
        s.reals("GEOM_RBOUND", m.geomRbound);
        s.reals("GEOM_MARGIN", m.geomMargin);
        s.ints("COL_GEOMS", collidingGeoms);
        s.ints("DYN_GEOMS", dynamicGeoms);
        int[] keys = new int[dynamic];
        for (int k = 0; k < dynamic; k++) {
            keys[k] = (int) dynamicKeys[k];
        }
        s.ints("DYN_KEY", keys);
        s.ints("CP_G1", g1);
        s.ints("CP_G2", g2);
        s.ints("CP_SET", set);
        s.ints("CP_FRICTION_A", frictionA);
        s.ints("CP_FRICTION_B", frictionB);
        int n = sets.size();
        int[] condim = new int[n];
        double[] fr = new double[3 * n], sr = new double[2 * n], si = new double[5 * n];
        double[] margin = new double[n], include = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = sets.get(i);
            condim[i] = condims.get(i);
            System.arraycopy(p, 0, fr, 3 * i, 3);
            System.arraycopy(p, 3, sr, 2 * i, 2);
            System.arraycopy(p, 5, si, 5 * i, 5);
            margin[i] = p[10];
            include[i] = p[11];
        }
        s.ints("PS_CONDIM", condim);
        s.reals("PS_FRICTION", fr);
        s.reals("PS_SOLREF", sr);
        s.reals("PS_SOLIMP", si);
        s.reals("PS_MARGIN", margin);
        s.reals("PS_INCLUDE", include);
    }
}
