package armature.bus.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian access to either a byte array or a ByteBuffer, at absolute offsets from a base.
 * VarHandles let one instance be re-pointed per message without allocating a view buffer, and leave
 * the caller's buffer position and byte order untouched.
 */
final class Bytes {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VarHandle A16 = MethodHandles.byteArrayViewVarHandle(short[].class, LE);
    private static final VarHandle A32 = MethodHandles.byteArrayViewVarHandle(int[].class, LE);
    private static final VarHandle A64 = MethodHandles.byteArrayViewVarHandle(long[].class, LE);
    private static final VarHandle AF = MethodHandles.byteArrayViewVarHandle(float[].class, LE);
    private static final VarHandle AD = MethodHandles.byteArrayViewVarHandle(double[].class, LE);
    private static final VarHandle B16 = MethodHandles.byteBufferViewVarHandle(short[].class, LE);
    private static final VarHandle B32 = MethodHandles.byteBufferViewVarHandle(int[].class, LE);
    private static final VarHandle B64 = MethodHandles.byteBufferViewVarHandle(long[].class, LE);
    private static final VarHandle BF = MethodHandles.byteBufferViewVarHandle(float[].class, LE);
    private static final VarHandle BD = MethodHandles.byteBufferViewVarHandle(double[].class, LE);

    private byte[] array;
    private ByteBuffer buffer;
    private int base;

    void point(byte[] a, int offset) {
        array = a;
        buffer = null;
        base = offset;
    }

    void point(ByteBuffer b, int offset) {
        if (b.hasArray()) {
            point(b.array(), b.arrayOffset() + offset);
        } else {
            array = null;
            buffer = b;
            base = offset;
        }
    }

    void clear() {
        array = null;
        buffer = null;
    }

    int u8(int off) {
        return (array != null ? array[base + off] : buffer.get(base + off)) & 0xFF;
    }

    byte i8(int off) {
        return array != null ? array[base + off] : buffer.get(base + off);
    }

    short i16(int off) {
        return array != null
                ? (short) A16.get(array, base + off)
                : (short) B16.get(buffer, base + off);
    }

    int i32(int off) {
        return array != null ? (int) A32.get(array, base + off) : (int) B32.get(buffer, base + off);
    }

    long i64(int off) {
        return array != null
                ? (long) A64.get(array, base + off)
                : (long) B64.get(buffer, base + off);
    }

    float f32(int off) {
        return array != null
                ? (float) AF.get(array, base + off)
                : (float) BF.get(buffer, base + off);
    }

    double f64(int off) {
        return array != null
                ? (double) AD.get(array, base + off)
                : (double) BD.get(buffer, base + off);
    }

    void put8(int off, int v) {
        if (array != null) {
            array[base + off] = (byte) v;
        } else {
            buffer.put(base + off, (byte) v);
        }
    }

    void put16(int off, short v) {
        if (array != null) {
            A16.set(array, base + off, v);
        } else {
            B16.set(buffer, base + off, v);
        }
    }

    void put32(int off, int v) {
        if (array != null) {
            A32.set(array, base + off, v);
        } else {
            B32.set(buffer, base + off, v);
        }
    }

    void put64(int off, long v) {
        if (array != null) {
            A64.set(array, base + off, v);
        } else {
            B64.set(buffer, base + off, v);
        }
    }

    void putF32(int off, float v) {
        if (array != null) {
            AF.set(array, base + off, v);
        } else {
            BF.set(buffer, base + off, v);
        }
    }

    void putF64(int off, double v) {
        if (array != null) {
            AD.set(array, base + off, v);
        } else {
            BD.set(buffer, base + off, v);
        }
    }
}
