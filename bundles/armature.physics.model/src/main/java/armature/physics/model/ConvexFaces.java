package armature.physics.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Face, edge and vertex-adjacency structure of a list of convex point sets (the compiled model's
 * mesh hulls), in flat arrays indexed like the point sets. Faces are planar polygons: vertex loops
 * counter-clockwise seen from outside, with outward unit normals; triangles of one plane (within a
 * relative 1e-7) are merged, so a box-shaped mesh has six quadrilateral faces. Each edge lists its
 * two vertices and the faces left and right of it; {@code adj} lists every vertex's neighbours, for
 * hill-climbing support queries. A flat or degenerate point set gets no faces (faceCount 0). Vertex
 * indices are local to their point set.
 */
public final class ConvexFaces {
    public final int[] faceStart, faceCount, edgeStart, edgeCount, adjStart, adjCount;
    public final double[] faceNormal;
    public final int[] loopStart, loopCount, loop;
    public final int[] edgeVert, edgeFace;
    public final int[] adj;

    /**
     * Builds the structure of point set k = xyz[3 start[k] .. 3 (start[k] + count[k])) for every k.
     */
    public static ConvexFaces build(int[] start, int[] count, double[] xyz) {
        return new ConvexFaces(start, count, xyz);
    }

    private ConvexFaces(int[] start, int[] count, double[] xyz) {
        int n = start.length;
        List<ConvexHullBuilder> hulls = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            hulls.add(
                    new ConvexHullBuilder(
                            Arrays.copyOfRange(xyz, 3 * start[k], 3 * (start[k] + count[k]))));
        }
        faceStart = new int[n];
        faceCount = new int[n];
        edgeStart = new int[n];
        edgeCount = new int[n];
        adjStart = new int[Arrays.stream(count).sum()];
        adjCount = new int[adjStart.length];
        int nf = 0, ne = 0, nl = 0;
        for (ConvexHullBuilder h : hulls) {
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
            ConvexHullBuilder h = hulls.get(k);
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
