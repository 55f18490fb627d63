package armature.physics.reference.collision;

import armature.physics.model.ConvexFaces;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/** Support mappings (farthest point in a direction) of convex geoms in world coordinates. */
final class Support {
    private Support() {}

    /** Writes the support point of geom g in direction (dx, dy, dz) to out[oo..oo+3). */
    static void support(
            MultibodyData d, int g, double dx, double dy, double dz, double[] out, int oo) {
        MultibodyModel m = d.model;
        double[] r = d.geomXmat;
        int ro = 9 * g;
        double cx = d.geomXpos[3 * g], cy = d.geomXpos[3 * g + 1], cz = d.geomXpos[3 * g + 2];
        double s0 = m.geomSize[3 * g], s1 = m.geomSize[3 * g + 1], s2 = m.geomSize[3 * g + 2];
        // direction in geom axes
        double lx = r[ro] * dx + r[ro + 3] * dy + r[ro + 6] * dz;
        double ly = r[ro + 1] * dx + r[ro + 4] * dy + r[ro + 7] * dz;
        double lz = r[ro + 2] * dx + r[ro + 5] * dy + r[ro + 8] * dz;
        double px, py, pz;
        switch (m.geomType[g]) {
            case SPHERE -> {
                double n = len(lx, ly, lz);
                px = s0 * lx / n;
                py = s0 * ly / n;
                pz = s0 * lz / n;
            }
            case CAPSULE -> {
                double n = len(lx, ly, lz);
                px = s0 * lx / n;
                py = s0 * ly / n;
                pz = s0 * lz / n + (lz >= 0 ? s1 : -s1);
            }
            case CYLINDER -> {
                double n = Math.sqrt(lx * lx + ly * ly);
                px = n > 1e-12 ? s0 * lx / n : 0;
                py = n > 1e-12 ? s0 * ly / n : 0;
                pz = lz >= 0 ? s1 : -s1;
            }
            case BOX -> {
                px = lx >= 0 ? s0 : -s0;
                py = ly >= 0 ? s1 : -s1;
                pz = lz >= 0 ? s2 : -s2;
            }
            case MESH -> {
                int best = meshSupport(m, m.geomMesh[g], lx, ly, lz);
                double[] v = m.meshVert;
                px = v[3 * best];
                py = v[3 * best + 1];
                pz = v[3 * best + 2];
            }
            default -> throw new IllegalStateException("no support mapping for " + m.geomType[g]);
        }
        out[oo] = cx + r[ro] * px + r[ro + 1] * py + r[ro + 2] * pz;
        out[oo + 1] = cy + r[ro + 3] * px + r[ro + 4] * py + r[ro + 5] * pz;
        out[oo + 2] = cz + r[ro + 6] * px + r[ro + 7] * py + r[ro + 8] * pz;
    }

    /**
     * Index (into meshVert) of a vertex of the mesh farthest along (lx, ly, lz): a climb on the
     * hull's vertex graph from a fixed hull vertex (the first vertex of face 0), which visits a few
     * dozen of a large hull's thousands of vertices; a scan when the mesh has no faces. The climb
     * moves only on strict improvement, so ties keep the first vertex reached.
     */
    static int meshSupport(MultibodyModel m, int mesh, double lx, double ly, double lz) {
        int vs = m.meshVertStart[mesh], nv = m.meshVertCount[mesh];
        double[] v = m.meshVert;
        ConvexFaces f = m.meshFaces;
        if (nv <= 32 || f.faceCount[mesh] == 0) {
            int best = vs;
            double bestDot = Double.NEGATIVE_INFINITY;
            for (int i = vs; i < vs + nv; i++) {
                double dot = v[3 * i] * lx + v[3 * i + 1] * ly + v[3 * i + 2] * lz;
                if (dot > bestDot) {
                    bestDot = dot;
                    best = i;
                }
            }
            return best;
        }
        int cur = f.loop[f.loopStart[f.faceStart[mesh]]];
        double best =
                v[3 * (vs + cur)] * lx + v[3 * (vs + cur) + 1] * ly + v[3 * (vs + cur) + 2] * lz;
        boolean moved = true;
        while (moved) {
            moved = false;
            int a0 = f.adjStart[vs + cur], na = f.adjCount[vs + cur];
            for (int k = a0; k < a0 + na; k++) {
                int w = vs + f.adj[k];
                double dw = v[3 * w] * lx + v[3 * w + 1] * ly + v[3 * w + 2] * lz;
                if (dw > best) {
                    best = dw;
                    cur = f.adj[k];
                    moved = true;
                }
            }
        }
        return vs + cur;
    }

    private static double len(double x, double y, double z) {
        double n = Math.sqrt(x * x + y * y + z * z);
        return n > 1e-300 ? n : 1;
    }
}
