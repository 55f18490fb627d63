package armature.policy.onnx;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J settings the executor runs under, applied once per JVM before the first plan. They are
 * ND4J globals: every ND4J user in the process shares them.
 *
 * <ul>
 *   <li>{@code Environment.setMaxThreads(1)}, {@code setMaxMasterThreads(1)}: libnd4j's OpenMP
 *       elementwise ops run on the calling thread; a policy is one small network, and a thread pool
 *       would only add wake-up latency and share the control loop's cores.
 *   <li>{@code Nd4j.factory().blas().setMaxThreads(1)}: OpenBLAS single-threaded, which also makes
 *       every sgemm/sgemv reduce in one fixed order, so the same input gives bit-identical output.
 *   <li>Profiling, debug, verbose and leak detection off: each adds per-op work and allocation.
 * </ul>
 */
public final class Nd4jSettings {
    private static volatile boolean applied;

    private Nd4jSettings() {}

    public static synchronized void apply() {
        if (applied) {
            return;
        }
        Environment env = Nd4j.getEnvironment();
        env.setMaxThreads(1);
        env.setMaxMasterThreads(1);
        env.setDebug(false);
        env.setVerbose(false);
        env.setProfiling(false);
        env.setLeaksDetector(false);
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        applied = true;
    }
}
