package armature.robot.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A texture asset as MJCF describes it, before any image is read: where its pixels come from (one
 * file, a composite grid of cube faces, six face files, or a procedure) and how it is mapped.
 * Decoding and generating the pixels is the renderer's business; the loader only checks that named
 * files exist.
 *
 * @param name texture name (the file's name without extension when the MJCF gives none)
 * @param type how it is mapped onto a geom
 * @param builtin the procedure, or {@link Builtin#NONE} for pixels from files
 * @param file the single image file, or null
 * @param faceFiles six face files in the order right, left, up, down, front, back (+x, -x, +y, -y,
 *     +z, -z in the geom's frame), null entries for faces filled with {@code rgb1}; empty when
 *     unused
 * @param gridRows rows of the composite grid of a cube or skybox file (1 = the same image on every
 *     face)
 * @param gridCols columns of that grid
 * @param gridLayout one of {@code .RLUDFB} per grid cell, row-major
 * @param rgb1 first procedural colour, also the colour of missing cube faces
 * @param rgb2 second procedural colour
 * @param mark marking drawn over a procedural texture
 * @param markRgb the marking's colour
 * @param random probability of a marked pixel for {@link Mark#RANDOM}
 * @param widthPx width of a procedural texture
 * @param heightPx height of a procedural 2d texture
 * @param hflip whether images from files are mirrored left to right
 * @param vflip whether images from files are mirrored top to bottom
 */
public record Texture(
        String name,
        Type type,
        Builtin builtin,
        Path file,
        List<Path> faceFiles,
        int gridRows,
        int gridCols,
        String gridLayout,
        List<Double> rgb1,
        List<Double> rgb2,
        Mark mark,
        List<Double> markRgb,
        double random,
        int widthPx,
        int heightPx,
        boolean hflip,
        boolean vflip) {

    /** MJCF's texture types. */
    public enum Type {
        /** Projected along the geom's z axis from its x and y coordinates (MJCF {@code 2d}). */
        TWO_D,
        /** Six square faces shrink-wrapped around the geom from its centre. */
        CUBE,
        /** A cube texture meant for the sky; on a geom it maps like {@link #CUBE}. */
        SKYBOX
    }

    /** MJCF's procedural textures. */
    public enum Builtin {
        NONE,
        GRADIENT,
        CHECKER,
        FLAT
    }

    /** MJCF's procedural markings. */
    public enum Mark {
        NONE,
        EDGE,
        CROSS,
        RANDOM
    }

    /** Validates values and copies lists. */
    public Texture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type of texture '" + name + "'");
        Objects.requireNonNull(builtin, "builtin of texture '" + name + "'");
        Objects.requireNonNull(mark, "mark of texture '" + name + "'");
        List<Path> faces = new ArrayList<>(faceFiles);
        if (!faces.isEmpty() && faces.size() != 6) {
            throw new IllegalArgumentException(
                    "faceFiles of texture '"
                            + name
                            + "' has "
                            + faces.size()
                            + "; allowed: 0 or 6");
        }
        faceFiles = Collections.unmodifiableList(faces);
        if (gridRows < 1 || gridCols < 1 || gridRows * gridCols > 12) {
            throw new IllegalArgumentException(
                    "grid of texture '"
                            + name
                            + "' is "
                            + gridRows
                            + "x"
                            + gridCols
                            + "; allowed: positive, at most 12 cells");
        }
        if (gridLayout.length() != gridRows * gridCols || !gridLayout.matches("[.RLUDFB]*")) {
            throw new IllegalArgumentException(
                    "gridLayout of texture '"
                            + name
                            + "' is '"
                            + gridLayout
                            + "'; allowed: "
                            + gridRows * gridCols
                            + " of the characters . R L U D F B");
        }
        rgb1 = Checks.finiteList("rgb1 of texture '" + name + "'", rgb1, 3);
        rgb2 = Checks.finiteList("rgb2 of texture '" + name + "'", rgb2, 3);
        markRgb = Checks.finiteList("markRgb of texture '" + name + "'", markRgb, 3);
        if (!(random >= 0 && random <= 1)) {
            throw new IllegalArgumentException(
                    "random of texture '" + name + "' is " + random + "; allowed: [0, 1]");
        }
        if (builtin != Builtin.NONE && (widthPx < 1 || (type == Type.TWO_D && heightPx < 1))) {
            throw new IllegalArgumentException(
                    "procedural texture '"
                            + name
                            + "' is "
                            + widthPx
                            + "x"
                            + heightPx
                            + " pixels; allowed: width (and, for 2d, height) of at least 1");
        }
    }

    /** Whether it maps as a cube (cube and skybox textures). */
    public boolean cube() {
        return type != Type.TWO_D;
    }
}
