package armature.vision.sim.scene;

import armature.vision.api.MarkerFamily;
import armature.vision.sim.render.Material;
import armature.vision.sim.render.Shapes;
import armature.vision.sim.render.Texture;
import armature.vision.sim.render.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Square markers printed on the faces of a box geom (the sim's block): which face carries which
 * tag, the face textures, and where each tag is in the box's frame (the AprilTag marker frame:
 * origin at the marker's centre, x right and y down as printed, z into the box).
 *
 * @param family the tag family (an AprilTag family)
 * @param tagIds one per face in the order of {@link Shapes#NORMAL} (+x, -x, +y, -y, +z, -z); -1 = a
 *     plain face
 * @param tagSizeM the outer side of the marker's black border, metres
 */
public record TaggedCube(MarkerFamily family, int[] tagIds, double tagSizeM) {
    /** Reflectance of the printed black and the white paper. */
    static final float BLACK = 0.05f;

    static final float WHITE = 0.9f;

    /** Texels per marker cell. */
    static final int TEXELS_PER_CELL = 8;

    public TaggedCube {
        tagIds = tagIds.clone();
        if (tagIds.length != 6) {
            throw new IllegalArgumentException(
                    "tagIds has "
                            + tagIds.length
                            + " values; allowed: 6 (faces +x, -x, +y, -y,"
                            + " +z, -z; -1 = no tag)");
        }
        if (!(tagSizeM > 0 && tagSizeM < 10)) {
            throw new IllegalArgumentException(
                    "tagSizeM = " + tagSizeM + "; allowed: (0, 10) metres");
        }
        for (int i = 0; i < 6; i++) {
            if (tagIds[i] != -1) {
                TagBitmaps.cells(family, tagIds[i]); // checks the family and the id
                for (int j = 0; j < i; j++) {
                    if (tagIds[j] == tagIds[i]) {
                        throw new IllegalArgumentException(
                                "tagIds "
                                        + Arrays.toString(tagIds)
                                        + " repeat "
                                        + tagIds[i]
                                        + "; allowed: distinct ids (a detector cannot tell two"
                                        + " faces with one id apart)");
                    }
                }
            }
        }
    }

    /** The face carrying {@code tagId}, or -1. */
    public int faceOf(int tagId) {
        for (int i = 0; i < 6; i++) {
            if (tagIds[i] == tagId && tagId >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The six face materials of a box of half sizes {@code halfM}: white with the tag in the middle
     * where a face carries one, plain {@code plain} elsewhere.
     *
     * @throws IllegalArgumentException when the tag is larger than a face it is on
     */
    public List<Material> materials(double[] halfM, Material plain) {
        List<Material> out = new ArrayList<>(6);
        for (int f = 0; f < 6; f++) {
            if (tagIds[f] < 0) {
                out.add(plain);
                continue;
            }
            double faceU = 2 * extent(halfM, Shapes.U_AXIS[f]);
            double faceV = 2 * extent(halfM, Shapes.V_AXIS[f]);
            if (tagSizeM > faceU + 1e-9 || tagSizeM > faceV + 1e-9) {
                throw new IllegalArgumentException(
                        "tagSizeM = "
                                + tagSizeM
                                + " does not fit face "
                                + f
                                + " of the box ("
                                + faceU
                                + " x "
                                + faceV
                                + " m); allowed: at most the face's side");
            }
            out.add(new Material(1, 1, 1, texture(tagIds[f], faceU, faceV)));
        }
        return out;
    }

    private Texture texture(int id, double faceU, double faceV) {
        boolean[][] cells = TagBitmaps.cells(family, id);
        int n = cells.length;
        double texel = tagSizeM / (n * TEXELS_PER_CELL);
        int w = Math.max(n * TEXELS_PER_CELL, (int) Math.round(faceU / texel));
        int h = Math.max(n * TEXELS_PER_CELL, (int) Math.round(faceV / texel));
        float[] rgb = new float[3 * w * h];
        for (int j = 0; j < h; j++) {
            double y = ((j + 0.5) / h - 0.5) * faceV + tagSizeM / 2; // from the tag's top edge
            for (int i = 0; i < w; i++) {
                double x = ((i + 0.5) / w - 0.5) * faceU + tagSizeM / 2;
                int col = (int) Math.floor(x / tagSizeM * n);
                int row = (int) Math.floor(y / tagSizeM * n);
                boolean black = col >= 0 && col < n && row >= 0 && row < n && cells[row][col];
                float v = black ? BLACK : WHITE;
                int k = 3 * (j * w + i);
                rgb[k] = v;
                rgb[k + 1] = v;
                rgb[k + 2] = v;
            }
        }
        return new Texture(w, h, rgb);
    }

    /**
     * Where the tag on face {@code face} is in the box's frame (box of half sizes {@code halfM}).
     */
    public static Transform boxFromTag(int face, double[] halfM) {
        double[] n = Shapes.NORMAL[face], u = Shapes.U_AXIS[face], v = Shapes.V_AXIS[face];
        double d = extent(halfM, n);
        double[] r = {
            u[0], v[0], -n[0],
            u[1], v[1], -n[1],
            u[2], v[2], -n[2]
        };
        return Transform.ofMatrix(r, new double[] {n[0] * d, n[1] * d, n[2] * d});
    }

    private static double extent(double[] half, double[] axis) {
        return Math.abs(axis[0]) * half[0]
                + Math.abs(axis[1]) * half[1]
                + Math.abs(axis[2]) * half[2];
    }
}
