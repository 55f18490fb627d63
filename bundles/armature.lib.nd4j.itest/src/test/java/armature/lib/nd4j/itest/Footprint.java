package armature.lib.nd4j.itest;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;

/**
 * What a leaking swap would grow: heap after a full collection, loaded classes, live threads, and
 * the process's resident memory (JavaCPP reads it from /proc; native copies of ND4J would show
 * there, not on the heap).
 */
record Footprint(long heapBytes, int loadedClasses, int threads, long residentBytes) {

    /** Measured after collecting garbage until the heap stops shrinking. */
    static Footprint measure() {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= heap) {
                break;
            }
            heap = now;
        }
        return new Footprint(
                heap,
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                Pointer.physicalBytes());
    }

    @Override
    public String toString() {
        return String.format(
                "heap %.1f MB, %d classes, %d threads, RSS %.1f MB",
                heapBytes / 1e6, loadedClasses, threads, residentBytes / 1e6);
    }
}
