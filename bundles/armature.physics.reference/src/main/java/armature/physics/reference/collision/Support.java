package armature.physics.reference.collision;

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
                int mesh = m.geomMesh[g];
                int best = m.meshVertStart[mesh];
                double bestDot = Double.NEGATIVE_INFINITY;
                double[] v = m.meshVert;
                for (int i = m.meshVertStart[mesh];
                        i < m.meshVertStart[mesh] + m.meshVertCount[mesh];
                        i++) {
                    double dot = v[3 * i] * lx + v[3 * i + 1] * ly + v[3 * i + 2] * lz;
                    if (dot > bestDot) {
                        bestDot = dot;
                        best = i;
                    }
                }
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

    private static double len(double x, double y, double z) {
        double n = Math.sqrt(x * x + y * y + z * z);
        return n > 1e-300 ? n : 1;
    }
}
