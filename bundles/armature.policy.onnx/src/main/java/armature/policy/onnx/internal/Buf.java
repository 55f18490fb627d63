package armature.policy.onnx.internal;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A planned tensor: a contiguous row-major float ND4J array allocated once, and a pointer to its
 * first element for the BLAS calls. Aliases (Reshape, Identity, Squeeze...) share the memory with
 * another shape.
 */
final class Buf {
    final long[] shape;
    final INDArray array;
    final FloatPointer pointer;
    final int length;

    private Buf(long[] shape, INDArray array, FloatPointer pointer) {
        this.shape = shape;
        this.array = array;
        this.pointer = pointer;
        this.length = (int) array.length();
    }

    static Buf allocate(long[] shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape.length == 0 ? new long[] {1} : shape, 'c');
        return new Buf(shape, a, pointerTo(a));
    }

    static Buf of(long[] shape, float[] values) {
        Buf b = allocate(shape);
        b.pointer.put(values);
        return b;
    }

    /** The same memory seen with another shape of the same element count. */
    Buf alias(long[] newShape) {
        INDArray view = array.reshape('c', newShape.length == 0 ? new long[] {1} : newShape);
        if (view.data().addressPointer().address() != array.data().addressPointer().address()
                || view.offset() != array.offset()) {
            throw new IllegalStateException("ND4J copied instead of reshaping a contiguous array");
        }
        return new Buf(newShape, view, pointer);
    }

    /** A pointer to element offset of this buffer, for gate blocks and rows. */
    FloatPointer at(long offset) {
        return new FloatPointer(pointer).position(pointer.position() + offset);
    }

    private static FloatPointer pointerTo(INDArray a) {
        if (a.offset() != 0 || a.ordering() != 'c') {
            throw new IllegalStateException("planned arrays are standalone row-major arrays");
        }
        return new FloatPointer(a.data().addressPointer());
    }

    @Override
    public String toString() {
        return Arrays.toString(shape);
    }
}
