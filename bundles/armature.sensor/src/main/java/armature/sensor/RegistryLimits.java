package armature.sensor;

/**
 * The registry's limits.
 *
 * @param maxSampleBytes the longest sample payload read; longer ones are refused unread
 * @param maxDescriptorBytes the longest descriptor read
 * @param maxRateFactor samples are refused above this multiple of the descriptor's nominal rate
 * @param maxSensors the most sensors tracked; traffic of further ones is ignored (and logged)
 * @param homieRateHz the nominal rate of a Homie device's property updates (all its properties
 *     together), which Homie does not declare; floods above {@code maxRateFactor} times it are
 *     refused
 * @param maxClockSkewMillis a source time further than this from the receive time is counted as far
 *     off (the sample is still accepted)
 * @param clockWindowMillis the window of the clock offset estimate
 */
record RegistryLimits(
        int maxSampleBytes,
        int maxDescriptorBytes,
        double maxRateFactor,
        int maxSensors,
        double homieRateHz,
        long maxClockSkewMillis,
        long clockWindowMillis) {
    RegistryLimits {
        require(
                maxSampleBytes >= 64 && maxSampleBytes <= 1 << 20,
                "maxSampleBytes",
                maxSampleBytes,
                "64 to 1048576");
        require(
                maxDescriptorBytes >= 256 && maxDescriptorBytes <= 1 << 20,
                "maxDescriptorBytes",
                maxDescriptorBytes,
                "256 to 1048576");
        require(
                maxRateFactor >= 1 && maxRateFactor <= 1000,
                "maxRateFactor",
                maxRateFactor,
                "1 to 1000");
        require(maxSensors >= 1 && maxSensors <= 10_000, "maxSensors", maxSensors, "1 to 10000");
        require(
                homieRateHz > 0 && homieRateHz <= 10_000,
                "homieRateHz",
                homieRateHz,
                "above 0, at most 10000");
        require(
                maxClockSkewMillis >= 1 && maxClockSkewMillis <= 86_400_000L,
                "maxClockSkewMillis",
                maxClockSkewMillis,
                "1 to 86400000");
        require(
                clockWindowMillis >= 800 && clockWindowMillis <= 3_600_000L,
                "clockWindowMillis",
                clockWindowMillis,
                "800 to 3600000");
    }

    static RegistryLimits defaults() {
        return new RegistryLimits(4096, 16384, 4.0, 256, 10.0, 1000, 8000);
    }

    private static void require(boolean ok, String key, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(
                    key + " = " + value + " is not allowed; allowed: " + allowed);
        }
    }
}
