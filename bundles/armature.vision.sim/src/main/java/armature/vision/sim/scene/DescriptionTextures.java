package armature.vision.sim.scene;

import armature.robot.model.Appearance;
import armature.robot.model.Geom;
import armature.robot.model.GeomType;
import armature.robot.model.Texture;
import armature.vision.sim.render.CubeMap;
import armature.vision.sim.render.TexMapping;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The pixels of a description's textures (PNG files or MJCF's procedures) and how each geom maps
 * them, following MuJoCo's renderer: a 2d texture is projected along the geom's z axis and repeats
 * {@code texrepeat} times over the geom's extent (or, with {@code texuniform}, half that many times
 * per metre); a cube texture is looked up by the direction from the geom's centre, in coordinates
 * scaled to a unit geom (or, with {@code texuniform}, in metres). Each texture is read once per
 * scene.
 */
final class DescriptionTextures {
    /** Seed of the random marking (MuJoCo also uses a fixed seed). */
    private static final long MARK_SEED = 1;

    private final Appearance appearance;
    private final Map<String, Object> images = new HashMap<>();

    DescriptionTextures(Appearance appearance) {
        this.appearance = appearance;
    }

    /**
     * How the geom's material textures it, or null when it has no textured material.
     *
     * @throws IllegalArgumentException naming the texture and file when an image cannot be read or
     *     has the wrong shape
     */
    TexMapping mapping(Geom geom) {
        if (geom.material() == null) {
            return null;
        }
        armature.robot.model.Material material = appearance.material(geom.material());
        if (material == null || material.texture() == null) {
            return null;
        }
        Texture texture = appearance.texture(material.texture());
        Object image = images.computeIfAbsent(texture.name(), n -> image(texture));
        double[] size = halfSizes(geom);
        boolean uniform = material.texUniform();
        if (image instanceof CubeMap cube) {
            return new TexMapping.Cube(
                    cube,
                    uniform ? 1 : 1 / size[0],
                    uniform ? 1 : 1 / size[1],
                    uniform ? 1 : 1 / size[2]);
        }
        double sPerM = 0.5 * material.texRepeat().get(0);
        double tPerM = 0.5 * material.texRepeat().get(1);
        if (!uniform) {
            sPerM /= size[0];
            tPerM /= size[1];
        }
        return new TexMapping.Planar((armature.vision.sim.render.Texture) image, sPerM, tPerM);
    }

    /**
     * The size MuJoCo scales a geom's unit shape by (1 where there is none: meshes, and the
     * infinite extent of a plane of size 0).
     */
    private static double[] halfSizes(Geom geom) {
        List<Double> s = geom.sizeM();
        double a = s.isEmpty() ? 0 : s.get(0);
        double[] out =
                switch (geom.type()) {
                    case BOX, ELLIPSOID -> new double[] {a, s.get(1), s.get(2)};
                    case SPHERE -> new double[] {a, a, a};
                    case CAPSULE, CYLINDER -> new double[] {a, a, s.size() > 1 ? s.get(1) : a};
                    case PLANE -> new double[] {a, s.size() > 1 ? s.get(1) : 0, 1};
                    case MESH -> new double[] {1, 1, 1};
                };
        for (int i = 0; i < 3; i++) {
            if (!(out[i] > 0) || geom.type() == GeomType.MESH) {
                out[i] = 1;
            }
        }
        return out;
    }

    /** An RGB image, values 0..1, row-major from the top row. */
    private record Pixels(int width, int height, float[] rgb) {
        static Pixels solid(int width, int height, List<Double> colour) {
            Pixels p = new Pixels(width, height, new float[3 * width * height]);
            for (int i = 0; i < width * height; i++) {
                p.put(i, colour, colour, 0);
            }
            return p;
        }

        /** Pixel {@code i} mixed from {@code c1} (a = 0) to {@code c2} (a = 1). */
        void put(int i, List<Double> c1, List<Double> c2, double a) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * i + c] = (float) clamp(c1.get(c) * (1 - a) + c2.get(c) * a);
            }
        }

        /** The square of side {@code cell} whose top-left pixel is (left, top). */
        Pixels cell(int top, int left, int cell) {
            float[] out = new float[3 * cell * cell];
            for (int y = 0; y < cell; y++) {
                System.arraycopy(rgb, 3 * ((top + y) * width + left), out, 3 * y * cell, 3 * cell);
            }
            return new Pixels(cell, cell, out);
        }

        /** Mirrored as the texture's hflip and vflip ask. */
        Pixels flipped(Texture t) {
            if (!t.hflip() && !t.vflip()) {
                return this;
            }
            float[] out = new float[rgb.length];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int sx = t.hflip() ? width - 1 - x : x, sy = t.vflip() ? height - 1 - y : y;
                    System.arraycopy(rgb, 3 * (sy * width + sx), out, 3 * (y * width + x), 3);
                }
            }
            return new Pixels(width, height, out);
        }

        armature.vision.sim.render.Texture texture() {
            return new armature.vision.sim.render.Texture(width, height, rgb);
        }
    }

    /** A {@link CubeMap} for cube and skybox textures, a 2d texture otherwise. */
    static Object image(Texture t) {
        if (t.builtin() != Texture.Builtin.NONE) {
            return t.cube() ? proceduralCube(t) : procedural2d(t);
        }
        if (!t.cube()) {
            return read(t, t.file()).flipped(t).texture();
        }
        Pixels[] faces = new Pixels[6];
        if (t.file() != null) {
            Pixels whole = read(t, t.file());
            int rows = t.gridRows(), cols = t.gridCols();
            int cell = whole.width() / cols;
            if (whole.width() % cols != 0
                    || whole.height() % rows != 0
                    || whole.height() / rows != cell) {
                throw new IllegalArgumentException(
                        "texture '"
                                + t.name()
                                + "': "
                                + t.file()
                                + " is "
                                + whole.width()
                                + "x"
                                + whole.height()
                                + " pixels, which a "
                                + rows
                                + "x"
                                + cols
                                + " grid does not split into square faces");
            }
            if (rows * cols == 1) {
                java.util.Arrays.fill(faces, whole); // the same image on every face
            } else {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int face = "RLUDFB".indexOf(t.gridLayout().charAt(r * cols + c));
                        if (face >= 0) { // a later cell for the same face wins
                            faces[face] = whole.cell(r * cell, c * cell, cell);
                        }
                    }
                }
            }
        } else {
            for (int f = 0; f < 6; f++) {
                Path file = t.faceFiles().get(f);
                if (file != null) {
                    faces[f] = read(t, file);
                    if (faces[f].width() != faces[f].height()) {
                        throw new IllegalArgumentException(
                                "texture '"
                                        + t.name()
                                        + "': face file "
                                        + file
                                        + " is "
                                        + faces[f].width()
                                        + "x"
                                        + faces[f].height()
                                        + " pixels; allowed: a square image");
                    }
                }
            }
        }
        List<armature.vision.sim.render.Texture> out = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            // a face the file leaves out is filled with rgb1
            out.add(
                    faces[f] == null
                            ? Pixels.solid(1, 1, t.rgb1()).texture()
                            : faces[f].flipped(t).texture());
        }
        return new CubeMap(out);
    }

    /** A 2d procedural texture, {@code widthPx x heightPx}. */
    private static armature.vision.sim.render.Texture procedural2d(Texture t) {
        int w = t.widthPx(), h = t.heightPx();
        Pixels px = new Pixels(w, h, new float[3 * w * h]);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a =
                        switch (t.builtin()) {
                            case CHECKER -> ((2 * x < w) != (2 * y < h)) ? 1 : 0;
                            case GRADIENT -> {
                                double dx = (x + 0.5) / w - 0.5, dy = (y + 0.5) / h - 0.5;
                                yield smoothstep(Math.sqrt(2 * (dx * dx + dy * dy)));
                            }
                            default -> 0;
                        };
                px.put(y * w + x, t.rgb1(), t.rgb2(), a);
            }
        }
        mark(px, t, new Random(MARK_SEED));
        return px.texture();
    }

    /** A cube procedural texture, six faces of {@code widthPx} square. */
    private static CubeMap proceduralCube(Texture t) {
        int w = t.widthPx();
        Random random = new Random(MARK_SEED);
        List<armature.vision.sim.render.Texture> faces = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            Pixels px = new Pixels(w, w, new float[3 * w * w]);
            for (int y = 0; y < w; y++) {
                for (int x = 0; x < w; x++) {
                    double a =
                            switch (t.builtin()) {
                                case CHECKER -> ((2 * x < w) != (2 * y < w)) ? 1 : 0;
                                case FLAT -> f == 3 ? 1 : 0; // the down face takes rgb2
                                case GRADIENT -> {
                                    // along +y: rgb1 up, rgb2 down, by this texel's direction
                                    double sc = 2 * (x + 0.5) / w - 1, tc = 2 * (y + 0.5) / w - 1;
                                    double dy =
                                            switch (f) {
                                                case 2 -> 1;
                                                case 3 -> -1;
                                                default -> -tc;
                                            };
                                    double norm = Math.sqrt(1 + sc * sc + tc * tc);
                                    yield smoothstep((1 - dy / norm) / 2);
                                }
                                default -> 0;
                            };
                    px.put(y * w + x, t.rgb1(), t.rgb2(), a);
                }
            }
            mark(px, t, random);
            faces.add(px.texture());
        }
        return new CubeMap(faces);
    }

    private static double smoothstep(double a) {
        double c = Math.max(0, Math.min(1, a));
        return c * c * (3 - 2 * c);
    }

    /** One-pixel markings in {@code markRgb}. */
    private static void mark(Pixels px, Texture t, Random random) {
        int w = px.width(), h = px.height();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean marked =
                        switch (t.mark()) {
                            case EDGE -> x == 0 || y == 0 || x == w - 1 || y == h - 1;
                            case CROSS -> x == w / 2 || y == h / 2;
                            case RANDOM -> random.nextDouble() < t.random();
                            case NONE -> false;
                        };
                if (marked) {
                    px.put(y * w + x, t.markRgb(), t.markRgb(), 0);
                }
            }
        }
    }

    private static Pixels read(Texture t, Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "texture '" + t.name() + "': cannot read " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException(
                    "texture '" + t.name() + "': " + file + " is not a readable PNG image");
        }
        int w = img.getWidth(), h = img.getHeight();
        float[] rgb = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                int i = 3 * (y * w + x);
                rgb[i] = ((argb >> 16) & 0xff) / 255f;
                rgb[i + 1] = ((argb >> 8) & 0xff) / 255f;
                rgb[i + 2] = (argb & 0xff) / 255f;
            }
        }
        return new Pixels(w, h, rgb);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
