package armature.lib.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The warm-up: a matrix product and a tanh through the native backend, checked against plain Java,
 * so a backend that loads but computes wrongly (a broken BLAS, mismatched natives) stops the bundle
 * at start instead of surfacing later as a policy's odd actions.
 */
final class BackendCheck {
    private static final float TOLERANCE = 1e-5f;

    private BackendCheck() {}

    /**
     * @throws IllegalStateException naming the element that differs
     */
    static void run() {
        float[][] a = {{0.5f, -1.0f, 2.0f}, {1.5f, 0.25f, -0.75f}};
        float[][] b = {{1.0f, 0.5f}, {-2.0f, 0.0f}, {0.25f, 3.0f}};
        INDArray product = Transforms.tanh(Nd4j.create(a).mmul(Nd4j.create(b)), false);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                float sum = 0;
                for (int k = 0; k < b.length; k++) {
                    sum += a[i][k] * b[k][j];
                }
                float expected = (float) Math.tanh(sum);
                float actual = product.getFloat(i, j);
                if (Math.abs(actual - expected) > TOLERANCE) {
                    throw new IllegalStateException(
                            "ND4J self-check: tanh(A.B)["
                                    + i
                                    + ","
                                    + j
                                    + "] = "
                                    + actual
                                    + ", plain Java gives "
                                    + expected);
                }
            }
        }
    }
}
