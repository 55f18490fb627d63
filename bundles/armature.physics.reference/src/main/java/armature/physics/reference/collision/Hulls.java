package armature.physics.reference.collision;

import armature.physics.model.ConvexFaces;
import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;

/**
 * Polytope view of the box and mesh geoms: which {@link ConvexFaces} (the model's mesh hulls,
 * shared by every world, or this world's box hulls, 8 corners each) and which set in it describes
 * each geom, and where its local vertices are. Geoms that are not polytopes, and degenerate meshes
 * (no faces), have no hull and keep the MPR path.
 */
final class Hulls {
    /** Faces source and set index per geom; source null when the geom has no hull. */
    final ConvexFaces[] source;

    final int[] set;
    final double[] boxVert;
    final int[] boxStart;
    private final MultibodyModel m;
    final int maxVerts, maxFaces, maxLoop, maxEdges;

    Hulls(MultibodyModel model) {
        m = model;
        int n = model.ngeom;
        source = new ConvexFaces[n];
        set = new int[n];
        int boxes = 0;
        for (int g = 0; g < n; g++) {
            if (model.geomType[g] == GeomType.BOX) {
                boxes++;
            }
        }
        int[] count = new int[boxes];
        boxStart = new int[boxes];
        boxVert = new double[24 * boxes];
        int b = 0;
        for (int g = 0; g < n; g++) {
            if (model.geomType[g] != GeomType.BOX) {
                continue;
            }
            boxStart[b] = 8 * b;
            count[b] = 8;
            for (int i = 0; i < 8; i++) {
                for (int e = 0; e < 3; e++) {
                    double s = model.geomSize[3 * g + e];
                    boxVert[24 * b + 3 * i + e] = ((i >> e) & 1) == 0 ? -s : s;
                }
            }
            set[g] = b++;
        }
        int[] triStart = new int[boxes];
        int[] triCount = new int[boxes];
        int[] tri = new int[36 * boxes];
        int[] box = ConvexFaces.boxTriangles();
        for (int k = 0; k < boxes; k++) {
            triStart[k] = 12 * k;
            triCount[k] = 12;
            System.arraycopy(box, 0, tri, 36 * k, 36);
        }
        ConvexFaces boxFaces = ConvexFaces.build(boxStart, count, boxVert, triStart, triCount, tri);
        ConvexFaces meshFaces = model.meshFaces;
        int mv = 8;
        boolean[] paired = new boolean[n];
        for (int k = 0; k < model.pairGeom1.length; k++) {
            paired[model.pairGeom1[k]] = true;
            paired[model.pairGeom2[k]] = true;
        }
        for (int g = 0; g < n; g++) {
            if (model.geomContype[g] == 0 && model.geomConaffinity[g] == 0 && !paired[g]) {
                continue; // visual only: no scratch sized for it
            }
            if (model.geomType[g] == GeomType.BOX) {
                source[g] = boxFaces;
            } else if (model.geomType[g] == GeomType.MESH
                    && meshFaces.faceCount[model.geomMesh[g]] > 0) {
                source[g] = meshFaces;
                set[g] = model.geomMesh[g];
                mv = Math.max(mv, model.meshVertCount[set[g]]);
            }
        }
        maxVerts = mv;
        int mf = 6, ml = 4, me = 12;
        for (int g = 0; g < n; g++) {
            if (source[g] == meshFaces && meshFaces != null) {
                int k = set[g];
                mf = Math.max(mf, meshFaces.faceCount[k]);
                me = Math.max(me, meshFaces.edgeCount[k]);
                for (int f = meshFaces.faceStart[k];
                        f < meshFaces.faceStart[k] + meshFaces.faceCount[k];
                        f++) {
                    ml = Math.max(ml, meshFaces.loopCount[f]);
                }
            }
        }
        maxFaces = mf;
        maxLoop = ml;
        maxEdges = me;
    }

    boolean has(int g) {
        return source[g] != null;
    }

    /** Local vertex array of geom g's hull; offsets from {@link #vertStart}. */
    double[] verts(int g) {
        return m.geomType[g] == GeomType.BOX ? boxVert : m.meshVert;
    }

    int vertStart(int g) {
        return m.geomType[g] == GeomType.BOX ? boxStart[set[g]] : m.meshVertStart[set[g]];
    }

    int vertCount(int g) {
        return m.geomType[g] == GeomType.BOX ? 8 : m.meshVertCount[set[g]];
    }
}
