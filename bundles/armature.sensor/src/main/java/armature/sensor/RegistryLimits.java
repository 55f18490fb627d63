package armature.sensor;

/**
 * The registry's limits.
 *
 * @param maxSampleBytes the longest sample payload read; longer ones are refused unread
 * @param maxDescriptorBytes the longest descriptor read
 * @param maxRateFactor samples are refused above this multiple of the descriptor's nominal rate
 * @param maxSensors the most sensors tracked; traffic of further ones is ignored (and logged)
 */
record RegistryLimits(
        int maxSampleBytes, int maxDescriptorBytes, double maxRateFactor, int maxSensors) {
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
    }

    static RegistryLimits defaults() {
        return new RegistryLimits(4096, 16384, 4.0, 256);
    }

    private static void require(boolean ok, String key, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(
                    key + " = " + value + " is not allowed; allowed: " + allowed);
        }
    }
}
