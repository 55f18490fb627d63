package armature.benchmarks.bus;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode cost of one 24-joint joint state (3 x 24 float64) as an Armature frame (float64
 * and float32), as JSON through {@link JsonCodec} (Jackson) and as CBOR (Jackson's CBOR module).
 * Decoding ends with the three arrays in caller memory in every case. Sizes: {@link CodecSizes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final JsonCodec json = new JsonCodec();
    private final CBORMapper cbor = new CBORMapper();
    private final FrameWriter writer = new FrameWriter();
    private final FrameReader reader = new FrameReader();
    private final byte[] frameBuffer = new byte[1024];
    private final double[] p = new double[JointStateSample.JOINTS];
    private final double[] v = new double[JointStateSample.JOINTS];
    private final double[] e = new double[JointStateSample.JOINTS];

    private JointStateSample sample;
    private byte[] frame64;
    private byte[] frame32;
    private byte[] jsonBytes;
    private byte[] cborBytes;

    @Setup
    public void setUp() throws IOException {
        sample = JointStateSample.random(1);
        frame64 = CodecSizes.frame(sample, ElementType.FLOAT64);
        frame32 = CodecSizes.frame(sample, ElementType.FLOAT32);
        jsonBytes = json.encode(sample);
        cborBytes = cbor.writeValueAsBytes(sample);
    }

    private int encodeFrame(ElementType type) {
        return writer.wrap(frameBuffer, 0)
                .begin(FrameKind.JOINT_STATE, type, 3, JointStateSample.JOINTS)
                .sequence(sample.sequence())
                .epoch(sample.epoch())
                .timestampNs(sample.timestampNs())
                .putChannel(sample.positionRad())
                .putChannel(sample.velocityRadPerSec())
                .putChannel(sample.effortNm())
                .finish();
    }

    private double decodeFrame(byte[] bytes) {
        reader.wrap(bytes);
        reader.copyChannel(0, p, 0);
        reader.copyChannel(1, v, 0);
        reader.copyChannel(2, e, 0);
        return p[0] + v[1] + e[2] + reader.sequence();
    }

    @Benchmark
    public int frameFloat64Encode() {
        return encodeFrame(ElementType.FLOAT64);
    }

    @Benchmark
    public double frameFloat64Decode() {
        return decodeFrame(frame64);
    }

    @Benchmark
    public int frameFloat32Encode() {
        return encodeFrame(ElementType.FLOAT32);
    }

    @Benchmark
    public double frameFloat32Decode() {
        return decodeFrame(frame32);
    }

    @Benchmark
    public byte[] jsonEncode() {
        return json.encode(sample);
    }

    @Benchmark
    public JointStateSample jsonDecode() {
        return json.decode(jsonBytes, JointStateSample.class);
    }

    @Benchmark
    public byte[] cborEncode() throws IOException {
        return cbor.writeValueAsBytes(sample);
    }

    @Benchmark
    public JointStateSample cborDecode() throws IOException {
        return cbor.readValue(cborBytes, JointStateSample.class);
    }
}
