package armature.vision.fiducial;

import armature.vision.api.MarkerFamily;
import boofcv.factory.fiducial.ConfigHammingMarker;
import boofcv.factory.fiducial.HammingDictionary;

/**
 * Our families as BoofCV Hamming dictionaries. OpenCV's {@code DICT_NxN_M} are the first M markers
 * of its {@code NxN_1000} dictionary, so an {@code arucoNxN_M} family is BoofCV's {@code
 * ARUCO_OCV_NxN_1000} cut to M markers: ids beyond M are not recognised (as in OpenCV). At most
 * {@link #MAX_CORRECTED_BITS} bit errors are corrected (fewer where the dictionary's minimum
 * distance allows fewer), so a marker of another family is not misread as one of this family.
 */
public final class Dictionaries {
    /** The most bit errors a decoded marker may have (the AprilTag reference default). */
    public static final int MAX_CORRECTED_BITS = 2;

    private Dictionaries() {}

    /** A fresh configuration (BoofCV mutates it) holding exactly the family's markers. */
    public static ConfigHammingMarker config(MarkerFamily family) {
        ConfigHammingMarker c = ConfigHammingMarker.loadDictionary(dictionary(family));
        if (c.encoding.size() < family.markerCount()) {
            throw new IllegalStateException(
                    "BoofCV's "
                            + dictionary(family)
                            + " has "
                            + c.encoding.size()
                            + " markers, "
                            + family.wireName()
                            + " needs "
                            + family.markerCount());
        }
        while (c.encoding.size() > family.markerCount()) {
            c.encoding.removeTail();
        }
        // BoofCV accepts the nearest code with as many bit errors as the dictionary's minimum
        // distance, so a tag36h11 reads as some aruco6x6 marker. Correct at most what the
        // dictionary can correct and at most the AprilTag reference default (2 bits).
        c.minimumHamming = Math.min(MAX_CORRECTED_BITS, Math.max(0, (c.minimumHamming - 1) / 2));
        return c;
    }

    static HammingDictionary dictionary(MarkerFamily family) {
        return switch (family) {
            case TAG16H5 -> HammingDictionary.APRILTAG_16h5;
            case TAG25H9 -> HammingDictionary.APRILTAG_25h9;
            case TAG36H10 -> HammingDictionary.APRILTAG_36h10;
            case TAG36H11 -> HammingDictionary.APRILTAG_36h11;
            case ARUCO4X4_50, ARUCO4X4_100, ARUCO4X4_250, ARUCO4X4_1000 ->
                    HammingDictionary.ARUCO_OCV_4x4_1000;
            case ARUCO5X5_50, ARUCO5X5_100, ARUCO5X5_250, ARUCO5X5_1000 ->
                    HammingDictionary.ARUCO_OCV_5x5_1000;
            case ARUCO6X6_50, ARUCO6X6_100, ARUCO6X6_250, ARUCO6X6_1000 ->
                    HammingDictionary.ARUCO_OCV_6x6_1000;
            case ARUCO7X7_50, ARUCO7X7_100, ARUCO7X7_250, ARUCO7X7_1000 ->
                    HammingDictionary.ARUCO_OCV_7x7_1000;
            case ARUCO_ORIGINAL -> HammingDictionary.ARUCO_ORIGINAL;
        };
    }
}
