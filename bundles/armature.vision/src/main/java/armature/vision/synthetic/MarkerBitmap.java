package armature.vision.synthetic;

import armature.vision.api.MarkerFamily;
import armature.vision.fiducial.Dictionaries;
import boofcv.alg.drawing.FiducialImageEngine;
import boofcv.alg.fiducial.square.FiducialSquareHammingGenerator;
import boofcv.factory.fiducial.ConfigHammingMarker;

/**
 * A square marker as cells of grey, row 0 at the top as printed, with a white quiet zone one cell
 * wide around the black border (the layout {@code apriltag_to_image} draws).
 *
 * @param cells cells per side, quiet zone included
 * @param grey {@code cells * cells} values 0..255, row-major
 * @param markerCells cells per side of the marker itself (black border included): the physical
 *     marker size spans these
 */
public record MarkerBitmap(int cells, int[] grey, int markerCells) {
    public MarkerBitmap {
        if (grey.length != cells * cells || markerCells > cells) {
            throw new IllegalArgumentException(
                    "a bitmap of " + cells + " cells per side needs " + cells * cells + " values");
        }
    }

    /** The grey value of cell (column, row). */
    public int at(int column, int row) {
        return grey[row * cells + column];
    }

    /**
     * The bitmap of one marker of a family, drawn by BoofCV's marker generator and sampled at the
     * cell centres.
     */
    public static MarkerBitmap of(MarkerFamily family, int markerId) {
        if (markerId < 0 || markerId >= family.markerCount()) {
            throw new IllegalArgumentException(
                    "markerId is "
                            + markerId
                            + "; allowed for "
                            + family.wireName()
                            + ": 0.."
                            + (family.markerCount() - 1));
        }
        ConfigHammingMarker config = Dictionaries.config(family);
        // One black border cell on each side of the data grid, as in every family we offer.
        int markerCells = config.gridWidth + 2;
        int cellPx = 20;
        int markerPx = markerCells * cellPx;
        FiducialImageEngine engine = new FiducialImageEngine();
        engine.configure(0, markerPx);
        FiducialSquareHammingGenerator generator = new FiducialSquareHammingGenerator(config);
        generator.setRenderer(engine);
        generator.setMarkerWidth(markerPx);
        generator.generate(markerId);
        var image = engine.getGray();
        int cells = markerCells + 2;
        int[] grey = new int[cells * cells];
        java.util.Arrays.fill(grey, 255);
        for (int row = 0; row < markerCells; row++) {
            for (int col = 0; col < markerCells; col++) {
                int v = image.get(col * cellPx + cellPx / 2, row * cellPx + cellPx / 2);
                grey[(row + 1) * cells + col + 1] = v < 128 ? 0 : 255;
            }
        }
        MarkerBitmap b = new MarkerBitmap(cells, grey, markerCells);
        for (int k = 1; k <= markerCells; k++) {
            if (b.at(k, 1) != 0
                    || b.at(1, k) != 0
                    || b.at(k, markerCells) != 0
                    || b.at(markerCells, k) != 0) {
                throw new IllegalStateException(
                        family.wireName() + " is not drawn with a one-cell black border");
            }
        }
        return b;
    }
}
