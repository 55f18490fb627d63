package armature.vision.sim.render;

import java.util.List;

/**
 * Six square faces looked up by direction with OpenGL's cube-map rules (the major axis picks the
 * face, the other two give the place on it), the faces in OpenGL's order +x, -x, +y, -y, +z, -z:
 * MuJoCo's right, left, up, down, front, back. Row 0 of each face image is its t = 0 edge.
 */
public final class CubeMap {
    private final Texture[] faces;

    /**
     * @param faces six faces, +x, -x, +y, -y, +z, -z
     */
    public CubeMap(List<Texture> faces) {
        if (faces.size() != 6) {
            throw new IllegalArgumentException(
                    "a cube map has 6 faces (+x, -x, +y, -y, +z, -z), got " + faces.size());
        }
        this.faces = faces.toArray(new Texture[0]);
    }

    /** Face {@code i} in the order +x, -x, +y, -y, +z, -z. */
    public Texture face(int i) {
        return faces[i];
    }

    /** The colour in direction (x, y, z) into {@code out[0..2]}; black for the zero vector. */
    public void sample(double x, double y, double z, float[] out) {
        double ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
        int face;
        double sc, tc, ma;
        if (ax >= ay && ax >= az) {
            ma = ax;
            face = x >= 0 ? 0 : 1;
            sc = x >= 0 ? -z : z;
            tc = -y;
        } else if (ay >= az) {
            ma = ay;
            face = y >= 0 ? 2 : 3;
            sc = x;
            tc = y >= 0 ? z : -z;
        } else {
            ma = az;
            face = z >= 0 ? 4 : 5;
            sc = z >= 0 ? x : -x;
            tc = -y;
        }
        if (!(ma > 0)) {
            out[0] = out[1] = out[2] = 0;
            return;
        }
        faces[face].sample(0.5 * (sc / ma + 1), 0.5 * (tc / ma + 1), out);
    }
}
