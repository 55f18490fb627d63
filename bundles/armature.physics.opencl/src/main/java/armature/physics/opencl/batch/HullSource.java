package armature.physics.opencl.batch;

import armature.physics.model.ConvexFaces;
import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;
import java.util.Arrays;

/**
 * The polytope data hull.cl reads, baked into the program: one hull slot per collidable mesh
 * (shared by the geoms that use it) and per collidable box geom (its 8 corners from its size, with
 * the box topology of {@link ConvexFaces#boxTriangles()}), exactly the hulls the reference engine's
 * narrow phase builds (reference Hulls). Visual-only geoms (contype and conaffinity 0, in no
 * explicit pair) get none, so a model's render meshes cost nothing. Per slot: local vertices, face
 * normals and counter-clockwise vertex loops, edges (two vertices, the faces left and right) and
 * vertex neighbours, in flat arrays whose ranges are global while the indices stored in them
 * (loops, edge vertices and faces, neighbours) stay local to the slot, as in ConvexFaces.
 *
 * <p>Nothing is emitted for a model without a collidable mesh or cylinder (box-box and the
 * primitive pairs are collision.cl's); otherwise HULL_PAIRS is defined and the data is compiled in
 * only with ARM_CONTACTS (or ARM_HULLS, for hull.cl's tests), as hull.cl itself. A model whose only
 * such geoms are cylinders gets the slots of its collidable boxes (cylinder-box clips on box faces)
 * and no mesh data. With {@code -DHULL_GLOBAL} the large arrays come from two global buffers
 * instead of constant memory ({@link #globalReals}, {@link #globalInts}).
 *
 * <p>Compile-time maxima size hull.cl's private scratch: HULL_MAXV vertices, HULL_MAXF faces,
 * HULL_MAXE edges, HULL_MAXLOOP vertices per face (at least a box's 8, 6, 12 and 4), HULL_CLIPLOOP
 * vertices per clipped polygon (HULL_MAXLOOP, or a cylinder cap's {@value #RIM} when the model has
 * collidable cylinders), and HULL_MANIFOLD candidate points (the reference's Manifold capacity:
 * every vertex of a mesh on a plane, or a clipped polygon of at most 2 HULL_MAXLOOP points; a
 * clipped cap has at most 2 {@value #RIM}, within it). HULL_RIM_COS and HULL_RIM_SIN are the
 * reference's cap directions (CurvedContacts), computed here as it computes them.
 */
final class HullSource {
    /** Points on a cylinder cap's rim (CurvedContacts.RIM). */
    static final int RIM = 12;

    private HullSource() {}

    /** The geom type codes hull.cl switches on (HULL_T_*). */
    static int typeCode(GeomType t) {
        return switch (t) {
            case PLANE -> 0;
            case SPHERE -> 1;
            case CAPSULE -> 2;
            case CYLINDER -> 3;
            case BOX -> 4;
            case MESH -> 5;
            case ELLIPSOID -> 6;
        };
    }

    /**
     * The slots of a model: which geom uses which, the concatenated hull arrays, and whether a
     * collidable cylinder needs hull.cl.
     */
    private record Layout(int slots, int[] type, int[] slotOf, Builder b, boolean cylinders) {}

    private static Layout layout(MultibodyModel m) {
        int ng = m.ngeom;
        boolean[] paired = new boolean[ng];
        for (int k = 0; k < m.pairGeom1.length; k++) {
            paired[m.pairGeom1[k]] = true;
            paired[m.pairGeom2[k]] = true;
        }
        int[] slotOf = new int[ng];
        Arrays.fill(slotOf, -1);
        int[] meshSlot = new int[m.nmesh];
        Arrays.fill(meshSlot, -1);
        // slots in geom order; a mesh gets the slot of its first collidable geom
        int slots = 0;
        int[] slotMesh = new int[ng], slotBox = new int[ng];
        boolean cylinders = false;
        for (int g = 0; g < ng; g++) {
            boolean collides = m.geomContype[g] != 0 || m.geomConaffinity[g] != 0 || paired[g];
            if (!collides) {
                continue;
            }
            cylinders |= m.geomType[g] == GeomType.CYLINDER;
            if (m.geomType[g] == GeomType.MESH && m.geomMesh[g] >= 0) {
                int mesh = m.geomMesh[g];
                if (meshSlot[mesh] < 0) {
                    slotMesh[slots] = mesh;
                    slotBox[slots] = -1;
                    meshSlot[mesh] = slots++;
                }
                slotOf[g] = meshSlot[mesh];
            } else if (m.geomType[g] == GeomType.BOX) {
                slotMesh[slots] = -1;
                slotBox[slots] = g;
                slotOf[g] = slots++;
            }
        }
        int[] type = new int[ng];
        for (int g = 0; g < ng; g++) {
            type[g] = typeCode(m.geomType[g]);
        }
        Builder b = new Builder(slots);
        int[] box = ConvexFaces.boxTriangles();
        for (int k = 0; k < slots; k++) {
            if (slotMesh[k] >= 0) {
                int mesh = slotMesh[k];
                int vs = m.meshVertStart[mesh], nv = m.meshVertCount[mesh];
                double[] centroid = new double[3];
                // the reference's NarrowPhase mesh centroid, summed in the same order
                for (int i = vs; i < vs + nv; i++) {
                    for (int e = 0; e < 3; e++) {
                        centroid[e] += m.meshVert[3 * i + e] / nv;
                    }
                }
                b.add(
                        k,
                        Arrays.copyOfRange(m.meshVert, 3 * vs, 3 * (vs + nv)),
                        m.meshFaces,
                        mesh,
                        vs,
                        centroid);
            } else {
                int g = slotBox[k];
                double[] corners = new double[24];
                for (int i = 0; i < 8; i++) {
                    for (int e = 0; e < 3; e++) {
                        double sz = m.geomSize[3 * g + e];
                        corners[3 * i + e] = ((i >> e) & 1) == 0 ? -sz : sz;
                    }
                }
                ConvexFaces f =
                        ConvexFaces.build(
                                new int[] {0},
                                new int[] {8},
                                corners,
                                new int[] {0},
                                new int[] {12},
                                box);
                b.add(k, corners, f, 0, 0, new double[3]);
            }
        }
        return new Layout(slots, type, slotOf, b, cylinders);
    }

    /**
     * Emits the hull arrays and maxima into the program header: the large arrays as {@code
     * __constant} unless the program is built with {@code -DHULL_GLOBAL}, then as offsets into the
     * buffers of {@link #globalReals} and {@link #globalInts}.
     *
     * @return the bytes of {@code __constant} data emitted without HULL_GLOBAL, with {@code
     *     realBytes} per real (the whole program's constants must fit the device's constant buffer:
     *     64 KiB on NVIDIA)
     */
    static long header(ModelSource s, MultibodyModel m, int realBytes) {
        Layout l = layout(m);
        int ng = m.ngeom, slots = l.slots();
        int[] type = l.type(), slotOf = l.slotOf();
        Builder b = l.b();
        boolean meshes = false;
        for (int g = 0; g < ng; g++) {
            meshes |= m.geomType[g] == GeomType.MESH && slotOf[g] >= 0;
        }
        if (!meshes && !l.cylinders()) {
            return 0; // box-box and the primitive pairs are collision.cl's
        }
        // hull.cl compiles only with contacts (or for its test), so a model stepped without
        // contacts carries none of this in its constant memory
        s.define("HULL_PAIRS", 1);
        s.append("#if defined(ARM_CONTACTS) || defined(ARM_HULLS)\n");
        int maxLoop = Math.max(4, b.maxLoop);
        int maxV = Math.max(8, b.maxV);
        s.define("HULL_SLOTS", Math.max(1, slots));
        s.define("HULL_MAXV", maxV);
        s.define("HULL_MAXF", Math.max(6, b.maxF));
        s.define("HULL_MAXE", Math.max(12, b.maxE));
        s.define("HULL_MAXLOOP", maxLoop);
        s.define("HULL_CLIPLOOP", l.cylinders() ? Math.max(maxLoop, RIM) : maxLoop);
        s.define("HULL_MANIFOLD", Math.max(maxV, 2 * maxLoop + 32));
        double[] cos = new double[RIM], sin = new double[RIM];
        for (int k = 0; k < RIM; k++) {
            cos[k] = StrictMath.cos(2 * Math.PI * k / RIM);
            sin[k] = StrictMath.sin(2 * Math.PI * k / RIM);
        }
        s.reals("HULL_RIM_COS", cos);
        s.reals("HULL_RIM_SIN", sin);
        s.ints("HULL_GEOM_TYPE", type);
        s.reals("HULL_GEOM_SIZE", m.geomSize);
        s.ints("HULL_GEOM_SLOT", slotOf);
        s.ints("HULL_VSTART", Arrays.copyOf(b.vStart, slots));
        s.ints("HULL_VCOUNT", Arrays.copyOf(b.vCount, slots));
        s.ints("HULL_FSTART", Arrays.copyOf(b.fStart, slots));
        s.ints("HULL_FCOUNT", Arrays.copyOf(b.fCount, slots));
        s.ints("HULL_ESTART", Arrays.copyOf(b.eStart, slots));
        s.ints("HULL_ECOUNT", Arrays.copyOf(b.eCount, slots));
        s.reals("HULL_CENTROID", Arrays.copyOf(b.centroid, 3 * slots));
        s.append("#ifndef HULL_GLOBAL\n");
        s.reals("HULL_VERT", b.vert.toArray());
        s.reals("HULL_FACE_NORMAL", b.normal.toArray());
        for (int k = 0; k < INT_NAMES.length; k++) {
            s.ints(INT_NAMES[k], b.ints()[k].toArray());
        }
        s.append("#else\n");
        s.define("HULL_OFF_VERT", 0);
        s.define("HULL_OFF_FACE_NORMAL", b.vert.n);
        int off = 0;
        for (int k = 0; k < INT_NAMES.length; k++) {
            s.define(INT_NAMES[k].replace("HULL_", "HULL_OFF_"), off);
            off += b.ints()[k].n;
        }
        s.append("#endif\n");
        s.append("#endif\n");
        long ints =
                3L * ng
                        + 6L * slots
                        + b.loopStart.n
                        + b.loopCount.n
                        + b.loop.n
                        + b.edgeVert.n
                        + b.edgeFace.n
                        + b.adjStart.n
                        + b.adjCount.n
                        + b.adj.n;
        long reals = 3L * ng + 3L * slots + 2L * RIM + b.vert.n + b.normal.n;
        return 4 * ints + realBytes * reals;
    }

    /** The large int arrays in the order of the global int buffer. */
    private static final String[] INT_NAMES = {
        "HULL_LOOP_START",
        "HULL_LOOP_COUNT",
        "HULL_LOOP",
        "HULL_EDGE_VERT",
        "HULL_EDGE_FACE",
        "HULL_ADJ_START",
        "HULL_ADJ_COUNT",
        "HULL_ADJ"
    };

    /** The reals buffer of a HULL_GLOBAL program: vertices, then face normals. */
    static double[] globalReals(MultibodyModel m) {
        Builder b = layout(m).b();
        double[] v = b.vert.toArray(), n = b.normal.toArray();
        double[] out = Arrays.copyOf(v, Math.max(1, v.length + n.length));
        System.arraycopy(n, 0, out, v.length, n.length);
        return out;
    }

    /** The ints buffer of a HULL_GLOBAL program, in {@link #INT_NAMES} order. */
    static int[] globalInts(MultibodyModel m) {
        Builder b = layout(m).b();
        Ints all = new Ints();
        for (Ints part : b.ints()) {
            for (int x : part.toArray()) {
                all.add(x);
            }
        }
        return all.n == 0 ? new int[1] : all.toArray();
    }

    /** The {@code __constant} bytes {@link #header} emits for this model and precision. */
    static long constantBytes(MultibodyModel m, boolean float64) {
        return header(new ModelSource(float64), m, float64 ? 8 : 4);
    }

    /** Concatenates the slots' hull arrays, offsetting the ranges (not the local indices). */
    private static final class Builder {
        final int[] vStart, vCount, fStart, fCount, eStart, eCount;
        final double[] centroid;
        final Reals vert = new Reals(), normal = new Reals();
        final Ints loopStart = new Ints(), loopCount = new Ints(), loop = new Ints();
        final Ints edgeVert = new Ints(), edgeFace = new Ints();
        final Ints adjStart = new Ints(), adjCount = new Ints(), adj = new Ints();
        int maxV, maxF, maxE, maxLoop;

        /** The large int arrays, in {@link #INT_NAMES} order. */
        Ints[] ints() {
            return new Ints[] {
                loopStart, loopCount, loop, edgeVert, edgeFace, adjStart, adjCount, adj
            };
        }

        Builder(int slots) {
            vStart = new int[slots];
            vCount = new int[slots];
            fStart = new int[slots];
            fCount = new int[slots];
            eStart = new int[slots];
            eCount = new int[slots];
            centroid = new double[3 * slots];
        }

        /**
         * Slot k: local vertices, hull h of faces f whose vertices start at global index vs in f's
         * own vertex numbering (adjStart is indexed by it).
         */
        void add(int k, double[] verts, ConvexFaces f, int h, int vs, double[] c) {
            int nv = verts.length / 3;
            vStart[k] = vert.n / 3;
            vCount[k] = nv;
            vert.addAll(verts);
            System.arraycopy(c, 0, centroid, 3 * k, 3);
            maxV = Math.max(maxV, nv);
            fStart[k] = loopStart.n;
            fCount[k] = f.faceCount[h];
            maxF = Math.max(maxF, f.faceCount[h]);
            for (int j = f.faceStart[h]; j < f.faceStart[h] + f.faceCount[h]; j++) {
                for (int e = 0; e < 3; e++) {
                    normal.add(f.faceNormal[3 * j + e]);
                }
                loopStart.add(loop.n);
                loopCount.add(f.loopCount[j]);
                maxLoop = Math.max(maxLoop, f.loopCount[j]);
                for (int i = 0; i < f.loopCount[j]; i++) {
                    loop.add(f.loop[f.loopStart[j] + i]);
                }
            }
            eStart[k] = edgeVert.n / 2;
            eCount[k] = f.edgeCount[h];
            maxE = Math.max(maxE, f.edgeCount[h]);
            for (int e = f.edgeStart[h]; e < f.edgeStart[h] + f.edgeCount[h]; e++) {
                edgeVert.add(f.edgeVert[2 * e]);
                edgeVert.add(f.edgeVert[2 * e + 1]);
                edgeFace.add(f.edgeFace[2 * e]);
                edgeFace.add(f.edgeFace[2 * e + 1]);
            }
            for (int i = 0; i < nv; i++) {
                adjStart.add(adj.n);
                adjCount.add(f.adjCount[vs + i]);
                for (int a = 0; a < f.adjCount[vs + i]; a++) {
                    adj.add(f.adj[f.adjStart[vs + i] + a]);
                }
            }
        }
    }

    private static final class Ints {
        int[] v = new int[16];
        int n;

        void add(int x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, 2 * n);
            }
            v[n++] = x;
        }

        int[] toArray() {
            return Arrays.copyOf(v, n);
        }
    }

    private static final class Reals {
        double[] v = new double[16];
        int n;

        void add(double x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, 2 * n);
            }
            v[n++] = x;
        }

        void addAll(double[] xs) {
            for (double x : xs) {
                add(x);
            }
        }

        double[] toArray() {
            return Arrays.copyOf(v, n);
        }
    }
}
