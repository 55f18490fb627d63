package armature.robot.model.mjcf;

import armature.robot.model.ModelLoadException;
import armature.robot.model.Texture;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.XmlElement;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * MJCF {@code <texture>} assets: where the pixels come from and how they map, checked as far as
 * possible without decoding an image (the files exist, are PNG, and a composite cube image splits
 * into square faces). Decoding is the renderer's business.
 */
final class MjcfTextures {
    /** The face attributes in the order of {@link Texture#faceFiles()}. */
    private static final String[] FACE_ATTRIBUTES = {
        "fileright", "fileleft", "fileup", "filedown", "filefront", "fileback"
    };

    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
    };

    private MjcfTextures() {}

    static void texture(MjcfContext ctx, XmlElement e) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("texture"));
        Attrs a = ctx.attrs(e, Defaults.MAIN);
        Texture.Type type =
                switch (a.str("type", "cube")) {
                    case "2d" -> Texture.Type.TWO_D;
                    case "cube" -> Texture.Type.CUBE;
                    case "skybox" -> Texture.Type.SKYBOX;
                    default ->
                            throw a.error(
                                    "type",
                                    "'" + a.str("type", "") + "'; allowed: 2d, cube, skybox");
                };
        Texture.Builtin builtin =
                switch (a.str("builtin", "none")) {
                    case "none" -> Texture.Builtin.NONE;
                    case "gradient" -> Texture.Builtin.GRADIENT;
                    case "checker" -> Texture.Builtin.CHECKER;
                    case "flat" -> Texture.Builtin.FLAT;
                    default ->
                            throw a.error(
                                    "builtin",
                                    "'"
                                            + a.str("builtin", "")
                                            + "'; allowed: none, gradient, checker, flat");
                };
        Texture.Mark mark =
                switch (a.str("mark", "none")) {
                    case "none" -> Texture.Mark.NONE;
                    case "edge" -> Texture.Mark.EDGE;
                    case "cross" -> Texture.Mark.CROSS;
                    case "random" -> Texture.Mark.RANDOM;
                    default ->
                            throw a.error(
                                    "mark",
                                    "'"
                                            + a.str("mark", "")
                                            + "'; allowed: none, edge, cross, random");
                };
        String fileName = builtin == Texture.Builtin.NONE ? a.str("file", null) : null;
        String name = a.str("name", null);
        if (name == null && a.str("file", null) != null) {
            String base = Path.of(a.str("file", null)).getFileName().toString();
            int dot = base.lastIndexOf('.');
            name = dot > 0 ? base.substring(0, dot) : base;
        }
        if (name == null) {
            if (type != Texture.Type.SKYBOX) {
                throw MjcfContext.error(
                        e, "a texture needs a 'name' (or a 'file' to take it from)");
            }
            name = "";
        }
        if (!name.isEmpty() && ctx.textures.containsKey(name)) {
            throw MjcfContext.error(e, "duplicate texture name '" + name + "'");
        }
        int[] grid = ints(a, "gridsize", new int[] {1, 1});
        String layout = a.str("gridlayout", ".".repeat(Math.max(0, grid[0] * grid[1])));
        Path file = null;
        List<Path> faces = new ArrayList<>();
        if (builtin == Texture.Builtin.NONE) {
            if (fileName != null) {
                file = png(ctx, a, "file", fileName);
                checkShape(a, type, grid, file);
            } else {
                boolean any = false;
                for (String attribute : FACE_ATTRIBUTES) {
                    String f = a.str(attribute, null);
                    faces.add(f == null ? null : png(ctx, a, attribute, f));
                    any |= f != null;
                }
                if (!any) {
                    throw MjcfContext.error(
                            e,
                            "texture '"
                                    + name
                                    + "' has no pixels; allowed: a 'file', face files"
                                    + " (fileright ... fileback, cube and skybox only) or a"
                                    + " 'builtin' procedure");
                }
                if (type == Texture.Type.TWO_D) {
                    throw MjcfContext.error(
                            e,
                            "texture '"
                                    + name
                                    + "' is 2d and names face files; allowed: a 'file' or a"
                                    + " 'builtin' (face files are for cube and skybox textures)");
                }
            }
        }
        try {
            Texture t =
                    new Texture(
                            name,
                            type,
                            builtin,
                            file,
                            faces,
                            grid[0],
                            grid[1],
                            layout,
                            MjcfContext.list(a.nums("rgb1", 3, 3, new double[] {0.8, 0.8, 0.8})),
                            MjcfContext.list(a.nums("rgb2", 3, 3, new double[] {0.5, 0.5, 0.5})),
                            mark,
                            MjcfContext.list(a.nums("markrgb", 3, 3, new double[] {0, 0, 0})),
                            a.num("random", 0.01),
                            a.integer("width", 0),
                            a.integer("height", 0),
                            a.bool("hflip", false),
                            a.bool("vflip", false));
            ctx.textures.put(name, t);
        } catch (IllegalArgumentException ex) {
            throw MjcfContext.error(e, ex.getMessage());
        }
    }

    private static int[] ints(Attrs a, String name, int[] fallback) throws ModelLoadException {
        double[] v = a.nums(name, 2, 2, null);
        if (v == null) {
            return fallback;
        }
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 1) {
                throw a.error(name, Arrays.toString(v) + "; allowed: two positive integers");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** A PNG file of the texture directory (MuJoCo also reads KTX; this loader does not). */
    private static Path png(MjcfContext ctx, Attrs a, String attribute, String fileName)
            throws ModelLoadException {
        Path file = ctx.textureDir.resolve(fileName).normalize();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw a.error(attribute, "only PNG textures are supported, got " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw a.error(attribute, "texture file not found: " + file);
        }
        return file;
    }

    /**
     * A cube texture from one file: a square image repeated on every face (grid 1x1), or a grid of
     * square cells, as MuJoCo requires.
     */
    private static void checkShape(Attrs a, Texture.Type type, int[] grid, Path file)
            throws ModelLoadException {
        if (type == Texture.Type.TWO_D) {
            pngSize(a, file); // readable
            return;
        }
        int[] size = pngSize(a, file);
        int rows = grid[0], cols = grid[1];
        if (size[0] % cols != 0 || size[1] % rows != 0 || size[0] / cols != size[1] / rows) {
            throw a.error(
                    "gridsize",
                    file
                            + " is "
                            + size[0]
                            + "x"
                            + size[1]
                            + " pixels, which a "
                            + rows
                            + "x"
                            + cols
                            + " grid does not split into square faces; allowed: width a"
                            + " multiple of the columns and height of the rows, by the same"
                            + " factor");
        }
    }

    /** Width and height from the PNG header (IHDR, the first chunk). */
    private static int[] pngSize(Attrs a, Path file) throws ModelLoadException {
        try (InputStream in = Files.newInputStream(file);
                DataInputStream d = new DataInputStream(in)) {
            byte[] head = new byte[8];
            d.readFully(head);
            if (!Arrays.equals(head, PNG_SIGNATURE)) {
                throw a.error("file", file + " is not a PNG image (no PNG signature)");
            }
            d.readInt(); // chunk length
            byte[] chunk = new byte[4];
            d.readFully(chunk);
            if (chunk[0] != 'I' || chunk[1] != 'H' || chunk[2] != 'D' || chunk[3] != 'R') {
                throw a.error("file", file + " is not a PNG image (no IHDR chunk first)");
            }
            int width = d.readInt(), height = d.readInt();
            if (width < 1 || height < 1) {
                throw a.error("file", file + " has " + width + "x" + height + " pixels");
            }
            return new int[] {width, height};
        } catch (IOException ex) {
            throw a.error("file", "cannot read " + file + ": " + ex.getMessage());
        }
    }
}
