package armature.policy.benchmark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * ONNX Runtime Java as its maintainers advise running it for latency: one intra-op thread, input
 * tensors created once over direct FloatBuffers and refilled per call; recurrent state copied back
 * as the next input.
 */
final class OrtRunner implements AutoCloseable {
    private final OrtSession session;
    private final FloatBuffer obs;
    private final FloatBuffer h;
    private final FloatBuffer c;
    private final Map<String, OnnxTensor> inputs = new HashMap<>();
    private final boolean recurrent;

    OrtRunner(byte[] model, int batch, int obsSize, int hidden) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(model, options);
        recurrent = hidden > 0;
        obs = direct(batch * obsSize);
        inputs.put("obs", OnnxTensor.createTensor(env, obs, new long[] {batch, obsSize}));
        h = recurrent ? direct(batch * hidden) : null;
        c = recurrent ? direct(batch * hidden) : null;
        if (recurrent) {
            inputs.put("h0", OnnxTensor.createTensor(env, h, new long[] {1, batch, hidden}));
            inputs.put("c0", OnnxTensor.createTensor(env, c, new long[] {1, batch, hidden}));
        }
    }

    void run(float[] in, float[] out) throws OrtException {
        obs.clear();
        obs.put(in).rewind();
        try (OrtSession.Result r = session.run(inputs)) {
            ((OnnxTensor) r.get("action").get()).getFloatBuffer().get(out);
            if (recurrent) {
                h.clear();
                h.put(((OnnxTensor) r.get("hn").get()).getFloatBuffer()).rewind();
                c.clear();
                c.put(((OnnxTensor) r.get("cn").get()).getFloatBuffer()).rewind();
            }
        }
    }

    private static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
    }
}
