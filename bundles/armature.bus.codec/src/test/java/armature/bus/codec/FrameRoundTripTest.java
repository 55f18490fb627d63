package armature.bus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameRoundTripTest {

    static Stream<Arguments> kindsAndTypes() {
        return Stream.of(FrameKind.values())
                .flatMap(k -> Stream.of(ElementType.values()).map(t -> Arguments.of(k, t)));
    }

    /** Random channel data of the given type, as the array type the writer takes for it. */
    private static Object[] randomChannels(ElementType type, int channels, int n, long seed) {
        Random r = new Random(seed);
        Object[] out = new Object[channels];
        for (int c = 0; c < channels; c++) {
            switch (type) {
                case FLOAT64 -> {
                    double[] d = new double[n];
                    for (int i = 0; i < n; i++) {
                        d[i] = (r.nextDouble() - 0.5) * 1e6;
                    }
                    out[c] = d;
                }
                case FLOAT32 -> {
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = (r.nextFloat() - 0.5f) * 1e3f;
                    }
                    out[c] = f;
                }
                case INT16 -> {
                    short[] s = new short[n];
                    for (int i = 0; i < n; i++) {
                        s[i] = (short) r.nextInt();
                    }
                    s[0] = Short.MIN_VALUE;
                    s[n - 1] = Short.MAX_VALUE;
                    out[c] = s;
                }
                case UINT8 -> {
                    byte[] b = new byte[n];
                    r.nextBytes(b);
                    b[0] = (byte) 255;
                    b[n - 1] = 0;
                    out[c] = b;
                }
            }
        }
        return out;
    }

    private static void put(FrameWriter w, Object channel) {
        if (channel instanceof double[] d) {
            w.putChannel(d);
        } else if (channel instanceof float[] f) {
            w.putChannel(f);
        } else if (channel instanceof short[] s) {
            w.putChannel(s);
        } else {
            w.putChannel((byte[]) channel);
        }
    }

    private static void assertChannels(FrameReader r, ElementType type, Object[] expected) {
        int n = r.elementsPerChannel();
        for (int c = 0; c < expected.length; c++) {
            double[] asDouble = new double[n];
            r.copyChannel(c, asDouble, 0);
            switch (type) {
                case FLOAT64 -> assertThat(asDouble).containsExactly((double[]) expected[c]);
                case FLOAT32 -> {
                    float[] f = new float[n];
                    r.copyChannel(c, f, 0);
                    assertThat(f).containsExactly((float[]) expected[c]);
                }
                case INT16 -> {
                    short[] s = new short[n];
                    r.copyChannel(c, s, 0);
                    assertThat(s).containsExactly((short[]) expected[c]);
                    assertThat(asDouble[0]).isEqualTo(Short.MIN_VALUE);
                }
                case UINT8 -> {
                    byte[] b = new byte[n];
                    r.copyChannel(c, b, 0);
                    assertThat(b).containsExactly((byte[]) expected[c]);
                    // Unsigned: 0xFF reads as 255, not -1.
                    assertThat(r.get(c, 0)).isEqualTo(255.0);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndTypes")
    void roundTripsThroughByteArrayAtAnOffset(FrameKind kind, ElementType type) {
        Object[] data = randomChannels(type, 3, 24, kind.ordinal() * 10L + type.ordinal());
        byte[] buf = new byte[7 + FrameFormat.frameBytes(type, 3, 24) + 5];
        int len =
                writeFrame(new FrameWriter().wrap(buf, 7), kind, type, data)
                        .finishWith(42L, 3L, 1_700_000_000_123_456_789L);

        assertThat(len).isEqualTo(32 + 3 * 24 * type.sizeBytes());
        FrameReader r = new FrameReader().wrap(buf, 7, len);
        assertThat(r.kind()).isEqualTo(kind);
        assertThat(r.elementType()).isEqualTo(type);
        assertThat(r.channels()).isEqualTo(3);
        assertThat(r.elementsPerChannel()).isEqualTo(24);
        assertThat(r.sequence()).isEqualTo(42L);
        assertThat(r.epoch()).isEqualTo(3L);
        assertThat(r.timestampNs()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(r.length()).isEqualTo(len);
        assertChannels(r, type, data);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndTypes")
    void roundTripsThroughDirectByteBuffer(FrameKind kind, ElementType type) {
        Object[] data = randomChannels(type, 2, 5, 99L + type.ordinal());
        // Big-endian order on purpose: the codec must not depend on the buffer's order.
        ByteBuffer buf = ByteBuffer.allocateDirect(200).order(ByteOrder.BIG_ENDIAN);
        buf.position(3);
        int len =
                writeFrame(new FrameWriter().wrap(buf), kind, type, data)
                        .finishWith(-1L, 0xFFFF_FFFFL, -5L);

        assertThat(buf.position()).isEqualTo(3);
        ByteBuffer view = buf.duplicate().position(3).limit(3 + len);
        FrameReader r = new FrameReader().wrap(view);
        assertThat(r.sequence()).as("unsigned 64-bit max").isEqualTo(-1L);
        assertThat(Long.toUnsignedString(r.sequence())).isEqualTo("18446744073709551615");
        assertThat(r.epoch()).isEqualTo(4_294_967_295L);
        assertThat(r.timestampNs()).isEqualTo(-5L);
        assertChannels(r, type, data);
        assertThat(view.position()).isEqualTo(3);
        assertThat(view.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void heapBufferAndArrayGiveIdenticalBytes() {
        double[] p = {0.1, -0.2, 0.3};
        byte[] array = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 1, 3)];
        ByteBuffer heap = ByteBuffer.allocate(array.length);
        new FrameWriter()
                .wrap(array, 0)
                .begin(FrameKind.OBSERVATION, ElementType.FLOAT64, 1, 3)
                .putChannel(p)
                .finish();
        new FrameWriter()
                .wrap(heap)
                .begin(FrameKind.OBSERVATION, ElementType.FLOAT64, 1, 3)
                .putChannel(p)
                .finish();
        assertThat(heap.array()).isEqualTo(array);
    }

    @Test
    void flagsRoundTrip() {
        byte[] buf = new byte[64];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.GENERIC, ElementType.UINT8, 1, 1)
                        .flags(FrameFormat.FLAG_SIMULATED | FrameFormat.FLAG_END_OF_STREAM)
                        .putChannel(new byte[] {9})
                        .finish();
        FrameReader r = new FrameReader().wrap(buf, 0, len);
        assertThat(r.hasFlag(FrameFormat.FLAG_SIMULATED)).isTrue();
        assertThat(r.hasFlag(FrameFormat.FLAG_END_OF_STREAM)).isTrue();
        assertThat(r.flags()).isEqualTo(3);
    }

    @Test
    void float32FrameFromDoublesRoundsToNearestFloat() {
        byte[] buf = new byte[64];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.ACTION, ElementType.FLOAT32, 1, 2)
                        .putChannel(new double[] {0.1, 1e-50})
                        .finish();
        FrameReader r = new FrameReader().wrap(buf, 0, len);
        assertThat(r.get(0, 0)).isEqualTo((double) 0.1f);
        assertThat(r.get(0, 1)).as("underflows to zero, which is finite").isEqualTo(0.0);
    }

    @Test
    void putChannelFromOffsetTakesASlice() {
        byte[] buf = new byte[80];
        double[] all = {1, 2, 3, 4, 5, 6};
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 2, 3)
                        .putChannel(all, 0)
                        .putChannel(all, 3)
                        .finish();
        FrameReader r = new FrameReader().wrap(buf, 0, len);
        assertThat(r.get(1, 0)).isEqualTo(4.0);
        assertThat(r.get(1, 2)).isEqualTo(6.0);
    }

    @Test
    void nanIsAllowedInMeasurementsAndRejectedInCommands() {
        byte[] buf = new byte[64];
        FrameWriter w = new FrameWriter().wrap(buf, 0);
        int len =
                w.begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 1, 2)
                        .putChannel(new double[] {1.0, Double.NaN})
                        .finish();
        assertThat(new FrameReader().wrap(buf, 0, len).get(0, 1)).isNaN();

        for (FrameKind k : new FrameKind[] {FrameKind.JOINT_COMMAND, FrameKind.ACTION}) {
            assertThatThrownBy(
                            () ->
                                    w.begin(k, ElementType.FLOAT32, 1, 2)
                                            .putChannel(new double[] {1.0, Double.NaN}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "data[0][1] is NaN, allowed: a finite number (NaN is not allowed in "
                                    + k
                                    + ")");
            assertThatThrownBy(w::finish)
                    .as("a rejected frame cannot be finished")
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void infinityAndFloat32OverflowAreRejectedForEveryKind() {
        FrameWriter w = new FrameWriter().wrap(new byte[64], 0);
        assertThatThrownBy(
                        () ->
                                w.begin(FrameKind.OBSERVATION, ElementType.FLOAT64, 1, 1)
                                        .putChannel(new double[] {Double.NEGATIVE_INFINITY}))
                .hasMessage("data[0][0] is -Infinity, allowed: a finite number or NaN");
        assertThatThrownBy(
                        () ->
                                w.begin(FrameKind.GENERIC, ElementType.FLOAT32, 1, 1)
                                        .putChannel(new double[] {1e300}))
                .hasMessage("data[0][0] is 1.0E300, outside the float32 range");
        assertThatThrownBy(
                        () ->
                                w.begin(FrameKind.GENERIC, ElementType.FLOAT64, 1, 1)
                                        .putChannel(new float[] {Float.POSITIVE_INFINITY}))
                .hasMessageStartingWith("data[0][0] is Infinity");
    }

    @Test
    void writerMisuseIsNamed() {
        FrameWriter w = new FrameWriter();
        assertThatThrownBy(() -> w.begin(FrameKind.ACTION, ElementType.FLOAT32, 1, 1))
                .hasMessage("wrap a destination before begin");
        w.wrap(new byte[40], 0);
        assertThatThrownBy(() -> w.begin(FrameKind.ACTION, ElementType.FLOAT64, 1, 2))
                .hasMessage("destination has 40 bytes, a 1 x 2 FLOAT64 frame needs 48");
        assertThatThrownBy(() -> w.begin(FrameKind.ACTION, ElementType.FLOAT64, 0, 1))
                .hasMessage("channels must be 1..65535, was 0");
        assertThatThrownBy(() -> w.begin(FrameKind.ACTION, ElementType.FLOAT64, 1, 0))
                .hasMessage("elementsPerChannel must be >= 1, was 0");
        w.begin(FrameKind.ACTION, ElementType.FLOAT32, 2, 1);
        assertThatThrownBy(() -> w.putChannel(new double[] {1, 2}))
                .hasMessage("channel 0 must have 1 elements, was 2");
        assertThatThrownBy(() -> w.putChannel(new short[] {1}))
                .hasMessage("frame elements are FLOAT32, cannot write them from short[]");
        assertThatThrownBy(() -> w.epoch(-1)).hasMessage("epoch must be 0..4294967295, was -1");
        assertThatThrownBy(() -> w.flags(4)).hasMessage("flags must use only bits 0x3, was 0x4");
        w.putChannel(new float[] {1});
        assertThatThrownBy(w::finish).hasMessage("frame has 2 channels, only 1 were written");
        w.putChannel(new float[] {2});
        assertThatThrownBy(() -> w.putChannel(new float[] {3}))
                .hasMessage("all 2 channels are already written");
        assertThat(w.finish()).isEqualTo(40);
        assertThatThrownBy(() -> w.wrap(ByteBuffer.allocate(8).asReadOnlyBuffer()))
                .hasMessage("destination buffer is read-only");
    }

    @Test
    void readerAccessorsNeedAValidFrame() {
        FrameReader r = new FrameReader();
        assertThatThrownBy(r::kind).hasMessage("no valid frame wrapped");
        byte[] buf = new byte[64];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.ACTION, ElementType.INT16, 2, 3)
                        .putChannel(new short[] {1, 2, 3})
                        .putChannel(new short[] {4, 5, 6})
                        .finish();
        r.wrap(buf, 0, len);
        assertThatThrownBy(() -> r.get(2, 0)).hasMessage("channel must be 0..1, was 2");
        assertThatThrownBy(() -> r.get(0, 3)).hasMessage("index must be 0..2, was 3");
        assertThatThrownBy(() -> r.copyChannel(0, new float[3], 0))
                .hasMessage("frame elements are INT16, this copy needs FLOAT32");
        assertThatThrownBy(() -> r.copyChannel(0, new double[4], 2))
                .hasMessage("destination of 4 from 2 cannot hold 3 elements");
        buf[0] = 0;
        assertThatThrownBy(() -> r.wrap(buf, 0, len)).isInstanceOf(CodecException.class);
        assertThatThrownBy(r::sequence)
                .as("a failed wrap leaves the reader empty, not showing the old frame")
                .hasMessage("no valid frame wrapped");
    }

    @Test
    void encodingAndDecodingAllocateNothingPerMessage() {
        var threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        FrameWriter w = new FrameWriter();
        FrameReader r = new FrameReader();
        byte[] heap = new byte[1024];
        ByteBuffer direct = ByteBuffer.allocateDirect(1024);
        double[] p = new double[24];
        double[] out = new double[24];
        long tid = Thread.currentThread().getId();
        // Warm up so that the measured loop runs compiled code, as the hot path does.
        double sink = 0;
        for (int i = 0; i < 30_000; i++) {
            sink += cycle(w, r, heap, direct, p, out, i);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            sink += cycle(w, r, heap, direct, p, out, i);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(sink).isNotNaN();
        // 10,000 round trips; a single allocated object per message would be >= 160 kB.
        assertThat(allocated).as("bytes allocated by 10k encode+decode").isLessThan(16 * 1024);
    }

    private static double cycle(
            FrameWriter w,
            FrameReader r,
            byte[] heap,
            ByteBuffer direct,
            double[] p,
            double[] out,
            int i) {
        p[i % 24] = i;
        int n =
                w.wrap(heap, 0)
                        .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, 24)
                        .sequence(i)
                        .putChannel(p)
                        .putChannel(p)
                        .putChannel(p)
                        .finish();
        r.wrap(heap, 0, n).copyChannel(2, out, 0);
        w.wrap(direct).begin(FrameKind.ACTION, ElementType.FLOAT32, 1, 24).putChannel(p).finish();
        direct.limit(32 + 96);
        double v = r.wrap(direct).get(0, 1);
        direct.clear();
        return out[i % 24] + v;
    }

    /** Writes the channels and leaves header fields to {@link Pending#finishWith}. */
    private static Pending writeFrame(
            FrameWriter w, FrameKind kind, ElementType type, Object[] data) {
        int n = java.lang.reflect.Array.getLength(data[0]);
        w.begin(kind, type, data.length, n);
        return (seq, epoch, t) -> {
            w.sequence(seq).epoch(epoch).timestampNs(t);
            for (Object c : data) {
                put(w, c);
            }
            return w.finish();
        };
    }

    private interface Pending {
        int finishWith(long seq, long epoch, long timestampNs);
    }
}
