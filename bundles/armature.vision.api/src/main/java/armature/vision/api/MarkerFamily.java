package armature.vision.api;

import java.util.Arrays;

/**
 * The square fiducial dictionaries a detector knows. AprilTag families carry the ids of the
 * AprilTag reference implementation; {@code arucoNxN_M} are OpenCV's predefined ArUco dictionaries
 * (the first M markers of its NxN_1000 dictionary, as in OpenCV).
 */
public enum MarkerFamily {
    TAG16H5("tag16h5", 30),
    TAG25H9("tag25h9", 35),
    TAG36H10("tag36h10", 2320),
    TAG36H11("tag36h11", 587),
    ARUCO4X4_50("aruco4x4_50", 50),
    ARUCO4X4_100("aruco4x4_100", 100),
    ARUCO4X4_250("aruco4x4_250", 250),
    ARUCO4X4_1000("aruco4x4_1000", 1000),
    ARUCO5X5_50("aruco5x5_50", 50),
    ARUCO5X5_100("aruco5x5_100", 100),
    ARUCO5X5_250("aruco5x5_250", 250),
    ARUCO5X5_1000("aruco5x5_1000", 1000),
    ARUCO6X6_50("aruco6x6_50", 50),
    ARUCO6X6_100("aruco6x6_100", 100),
    ARUCO6X6_250("aruco6x6_250", 250),
    ARUCO6X6_1000("aruco6x6_1000", 1000),
    ARUCO7X7_50("aruco7x7_50", 50),
    ARUCO7X7_100("aruco7x7_100", 100),
    ARUCO7X7_250("aruco7x7_250", 250),
    ARUCO7X7_1000("aruco7x7_1000", 1000),
    ARUCO_ORIGINAL("aruco_original", 1024);

    private final String wireName;
    private final int markerCount;

    MarkerFamily(String wireName, int markerCount) {
        this.wireName = wireName;
        this.markerCount = markerCount;
    }

    /** The name on the wire and the command line, e.g. {@code tag36h11}. */
    public String wireName() {
        return wireName;
    }

    /** How many markers the family has: ids are 0..markerCount-1. */
    public int markerCount() {
        return markerCount;
    }

    /**
     * @throws IllegalArgumentException naming the value and every allowed name
     */
    public static MarkerFamily ofWireName(String s) {
        for (MarkerFamily f : values()) {
            if (f.wireName.equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "marker family '"
                        + s
                        + "' is unknown; allowed: "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(MarkerFamily::wireName).toList()));
    }
}
