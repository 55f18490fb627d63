package armature.vision.sim.scene;

import armature.vision.api.MarkerFamily;
import boofcv.alg.drawing.FiducialImageEngine;
import boofcv.alg.fiducial.square.FiducialSquareHammingGenerator;
import boofcv.factory.fiducial.ConfigHammingMarker;
import boofcv.factory.fiducial.HammingDictionary;

/**
 * The cells of an AprilTag: its code word from BoofCV's dictionary drawn by BoofCV's marker
 * generator and read back at the cell centres, so that the bits are laid out exactly as BoofCV's
 * detector (armature.vision) reads them.
 */
public final class TagBitmaps {
    private TagBitmaps() {}

    /**
     * The marker's cells, black border included, row 0 at the top as printed; true = black.
     *
     * @throws IllegalArgumentException for a family that is not an AprilTag family or an id out of
     *     its range, naming the value and what is allowed
     */
    public static boolean[][] cells(MarkerFamily family, int id) {
        HammingDictionary dictionary =
                switch (family) {
                    case TAG16H5 -> HammingDictionary.APRILTAG_16h5;
                    case TAG25H9 -> HammingDictionary.APRILTAG_25h9;
                    case TAG36H10 -> HammingDictionary.APRILTAG_36h10;
                    case TAG36H11 -> HammingDictionary.APRILTAG_36h11;
                    default ->
                            throw new IllegalArgumentException(
                                    "tagFamily = '"
                                            + family.wireName()
                                            + "'; allowed: tag16h5, tag25h9, tag36h10, tag36h11");
                };
        if (id < 0 || id >= family.markerCount()) {
            throw new IllegalArgumentException(
                    "tag id "
                            + id
                            + "; allowed for "
                            + family.wireName()
                            + ": 0.."
                            + (family.markerCount() - 1));
        }
        ConfigHammingMarker config = ConfigHammingMarker.loadDictionary(dictionary);
        int cells = config.gridWidth + 2; // the data grid inside a one-cell black border
        int cellPx = 16;
        FiducialImageEngine engine = new FiducialImageEngine();
        engine.configure(0, cells * cellPx);
        FiducialSquareHammingGenerator generator = new FiducialSquareHammingGenerator(config);
        generator.setRenderer(engine);
        generator.setMarkerWidth(cells * cellPx);
        generator.generate(id);
        var image = engine.getGray();
        boolean[][] black = new boolean[cells][cells];
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                black[row][col] =
                        image.get(col * cellPx + cellPx / 2, row * cellPx + cellPx / 2) < 128;
            }
        }
        return black;
    }
}
