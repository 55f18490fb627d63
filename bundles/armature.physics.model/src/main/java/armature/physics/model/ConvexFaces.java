package armature.physics.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Face, edge and vertex-adjacency structure of a list of triangulated convex hulls (the compiled
 * model's mesh hulls), in flat arrays indexed like the hulls. Nothing is hulled here: the triangles
 * come with the mesh (built once, by the description loader). Faces are planar polygons: vertex
 * loops counter-clockwise seen from outside, with outward unit normals; triangles of one plane
 * (within a relative 1e-7) are merged, so a box-shaped mesh has six quadrilateral faces. Each edge
 * lists its two vertices and the faces left and right of it; {@code adj} lists every vertex's
 * neighbours, for hill-climbing support queries. A hull made only of degenerate slivers gets no
 * faces (faceCount 0). Vertex indices are local to their hull.
 */
public final class ConvexFaces {
    public final int[] faceStart, faceCount, edgeStart, edgeCount, adjStart, adjCount;
    public final double[] faceNormal;
    public final int[] loopStart, loopCount, loop;
    public final int[] edgeVert, edgeFace;
    public final int[] adj;

    /**
     * Builds the structure of hull k for every k: vertices xyz[3 start[k] .. 3 (start[k] +
     * count[k])), triangles tri[3 triStart[k] .. 3 (triStart[k] + triCount[k])) as index triples
     * local to the hull, counter-clockwise seen from outside.
     *
     * @throws IllegalArgumentException if a hull's triangles index outside its vertices or do not
     *     form a closed, consistently oriented surface
     */
    public static ConvexFaces build(
            int[] start, int[] count, double[] xyz, int[] triStart, int[] triCount, int[] tri) {
        return new ConvexFaces(start, count, xyz, triStart, triCount, tri);
    }

    /**
     * Two triangles per face of a box whose 8 corners are numbered by bits (bit e of the corner
     * index set: + half size on axis e, else -), counter-clockwise seen from outside. A box's
     * topology is fixed, so it is written down rather than hulled.
     *
     * @return 12 vertex index triples (a fresh array)
     */
    public static int[] boxTriangles() {
        int[] out = new int[36];
        int n = 0;
        for (int e = 0; e < 3; e++) {
            int u = 1 << ((e + 1) % 3), w = 1 << ((e + 2) % 3);
            for (int side = 0; side < 2; side++) {
                int base = side << e;
                // (u, w, e) is right-handed, so this loop is counter-clockwise seen from +e
                int[] q = {base, base | u, base | u | w, base | w};
                if (side == 0) {
                    q = new int[] {q[0], q[3], q[2], q[1]};
                }
                int[] t = {q[0], q[1], q[2], q[0], q[2], q[3]};
                System.arraycopy(t, 0, out, n, 6);
                n += 6;
            }
        }
        return out;
    }

    private ConvexFaces(
            int[] start, int[] count, double[] xyz, int[] triStart, int[] triCount, int[] tri) {
        int n = start.length;
        List<HullFaces> hulls = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            hulls.add(
                    new HullFaces(
                            Arrays.copyOfRange(xyz, 3 * start[k], 3 * (start[k] + count[k])),
                            Arrays.copyOfRange(
                                    tri, 3 * triStart[k], 3 * (triStart[k] + triCount[k])),
                            "hull " + k));
        }
        faceStart = new int[n];
        faceCount = new int[n];
        edgeStart = new int[n];
        edgeCount = new int[n];
        adjStart = new int[Arrays.stream(count).sum()];
        adjCount = new int[adjStart.length];
        int nf = 0, ne = 0, nl = 0;
        for (HullFaces h : hulls) {
            nf += h.faces.size();
            ne += h.edges.size();
            for (int[] f : h.faces) {
                nl += f.length;
            }
        }
        faceNormal = new double[3 * nf];
        loopStart = new int[nf];
        loopCount = new int[nf];
        loop = new int[nl];
        edgeVert = new int[2 * ne];
        edgeFace = new int[2 * ne];
        adj = new int[4 * ne];
        int f = 0, e = 0, l = 0, a = 0;
        for (int k = 0; k < n; k++) {
            HullFaces h = hulls.get(k);
            faceStart[k] = f;
            faceCount[k] = h.faces.size();
            for (int j = 0; j < h.faces.size(); j++) {
                System.arraycopy(h.normals.get(j), 0, faceNormal, 3 * (f + j), 3);
                int[] lp = h.faces.get(j);
                loopStart[f + j] = l;
                loopCount[f + j] = lp.length;
                System.arraycopy(lp, 0, loop, l, lp.length);
                l += lp.length;
            }
            f += faceCount[k];
            edgeStart[k] = e;
            edgeCount[k] = h.edges.size();
            for (int j = 0; j < h.edges.size(); j++) {
                int[] ed = h.edges.get(j);
                edgeVert[2 * (e + j)] = ed[0];
                edgeVert[2 * (e + j) + 1] = ed[1];
                edgeFace[2 * (e + j)] = ed[2];
                edgeFace[2 * (e + j) + 1] = ed[3];
            }
            e += edgeCount[k];
            // neighbours of each vertex, grouped per vertex (counting pass, then filling)
            for (int[] ed : h.edges) {
                adjCount[start[k] + ed[0]]++;
                adjCount[start[k] + ed[1]]++;
            }
            for (int v = 0; v < count[k]; v++) {
                adjStart[start[k] + v] = a;
                a += adjCount[start[k] + v];
                adjCount[start[k] + v] = 0;
            }
            for (int[] ed : h.edges) {
                int v0 = start[k] + ed[0], v1 = start[k] + ed[1];
                adj[adjStart[v0] + adjCount[v0]++] = ed[1];
                adj[adjStart[v1] + adjCount[v1]++] = ed[0];
            }
        }
    }
}
