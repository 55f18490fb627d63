package armature.policy.onnx.pkg;

import armature.policy.onnx.pkg.PolicyDescriptor.Normalization;

/** Raw observation to network input, per element: clip((x - mean) / sqrt(std² + eps)). */
final class Normalizer {
    private final double[] mean;
    private final double[] inverseStd;
    private final double clip;

    Normalizer(Normalization n, int size) {
        mean = new double[size];
        inverseStd = new double[size];
        java.util.Arrays.fill(inverseStd, 1);
        if (n.none()) {
            clip = Double.POSITIVE_INFINITY;
            return;
        }
        for (int i = 0; i < size; i++) {
            mean[i] = n.mean()[i];
            double std = n.std()[i];
            inverseStd[i] = 1 / Math.sqrt(std * std + n.epsilon());
        }
        clip = n.clip();
    }

    /**
     * Normalises {@code rows} observations from {@code in} into {@code out} (both row after row).
     */
    void apply(float[] in, float[] out, int rows) {
        int size = mean.length;
        for (int r = 0; r < rows; r++) {
            int base = r * size;
            for (int i = 0; i < size; i++) {
                double v = (in[base + i] - mean[i]) * inverseStd[i];
                out[base + i] = (float) Math.max(-clip, Math.min(clip, v));
            }
        }
    }
}
