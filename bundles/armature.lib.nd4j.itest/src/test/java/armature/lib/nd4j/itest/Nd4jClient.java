package armature.lib.nd4j.itest;

import java.util.Hashtable;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The thin client: packed by {@link ClientBundles} into a bundle of its own that imports org.nd4j.*
 * from armature.lib.nd4j. At start it reads two matrices from its manifest, computes their product
 * and the tanh of the product with ND4J, and publishes both as properties of a service, so the test
 * checks numbers computed inside the container by a bundle it swaps. With {@link
 * ClientBundles#PIN_LOADER} it also makes its own class loader ND4J's, the way a client leaks.
 */
public final class Nd4jClient implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        var headers = context.getBundle().getHeaders();
        if (Boolean.parseBoolean(headers.get(ClientBundles.PIN_LOADER))) {
            // The mistake ADR 0091 avoids: ND4J's static state now holds this bundle's loader.
            ND4JClassLoading.setNd4jClassloader(Nd4jClient.class.getClassLoader());
        }
        INDArray a = matrix(headers.get(ClientBundles.MATRIX_A));
        INDArray b = matrix(headers.get(ClientBundles.MATRIX_B));
        INDArray product = a.mmul(b);
        INDArray tanh = Transforms.tanh(product, true);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ClientBundles.CLIENT_PROPERTY, context.getBundle().getVersion().toString());
        props.put(ClientBundles.PRODUCT_PROPERTY, product.data().asFloat());
        props.put(ClientBundles.TANH_PROPERTY, tanh.data().asFloat());
        context.registerService(Object.class, new Object(), props);
    }

    @Override
    public void stop(BundleContext context) {}

    /** "rows;cols;v0,v1,..." (row-major) as a float matrix. */
    private static INDArray matrix(String text) {
        String[] parts = text.split(";");
        int rows = Integer.parseInt(parts[0]);
        int cols = Integer.parseInt(parts[1]);
        String[] values = parts[2].split(",");
        float[] data = new float[values.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = Float.parseFloat(values[i]);
        }
        return Nd4j.create(data, new int[] {rows, cols}, 'c');
    }
}
