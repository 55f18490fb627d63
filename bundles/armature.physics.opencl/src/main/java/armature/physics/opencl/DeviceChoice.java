package armature.physics.opencl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks the device the engine runs on: {@code auto} takes the first GPU, else the first CPU, else
 * the first device of any kind; any other request is a device type ({@code cpu}, {@code gpu},
 * {@code accelerator}) or a case-insensitive part of a device's name (or of its platform's), e.g.
 * {@code H100}, {@code pthread}, {@code Portable Computing} or its short name {@code pocl}; the
 * first device that matches is taken.
 */
public final class DeviceChoice {
    /** The request that lets the engine choose. */
    public static final String AUTO = "auto";

    private DeviceChoice() {}

    /**
     * @param devices what the machine has
     * @param request {@code auto} (or {@code null}/blank) or a part of a device's name
     * @return the device, or empty when there is no device at all
     * @throws IllegalArgumentException when no device matches the request, naming those there are
     */
    private static boolean matches(OpenClDevice d, String wanted) {
        return d.type().toLowerCase(Locale.ROOT).equals(wanted)
                || d.name().toLowerCase(Locale.ROOT).contains(wanted)
                || d.platform().toLowerCase(Locale.ROOT).contains(wanted)
                || ("pocl".equals(wanted)
                        && d.platform().toLowerCase(Locale.ROOT).startsWith("portable computing"));
    }

    public static Optional<OpenClDevice> select(List<OpenClDevice> devices, String request) {
        if (devices.isEmpty()) {
            return Optional.empty();
        }
        if (request == null || request.isBlank() || request.trim().equalsIgnoreCase(AUTO)) {
            return devices.stream()
                    .filter(d -> d.type().equals("GPU"))
                    .findFirst()
                    .or(() -> devices.stream().filter(d -> d.type().equals("CPU")).findFirst())
                    .or(() -> Optional.of(devices.get(0)));
        }
        String wanted = request.trim().toLowerCase(Locale.ROOT);
        return Optional.of(
                devices.stream()
                        .filter(d -> matches(d, wanted))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "device = '"
                                                        + request
                                                        + "' matches no OpenCL device; allowed: "
                                                        + AUTO
                                                        + ", a device type (cpu, gpu,"
                                                        + " accelerator), or part of a device's or"
                                                        + " its platform's name: "
                                                        + devices.stream()
                                                                .map(
                                                                        d ->
                                                                                "'"
                                                                                        + d.name()
                                                                                        + "' ("
                                                                                        + d.type()
                                                                                        + ", platform '"
                                                                                        + d
                                                                                                .platform()
                                                                                        + "')")
                                                                .collect(
                                                                        Collectors.joining(
                                                                                "; ")))));
    }
}
