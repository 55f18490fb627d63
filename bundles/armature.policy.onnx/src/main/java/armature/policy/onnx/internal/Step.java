package armature.policy.onnx.internal;

/** One planned operation; runs on preallocated buffers and allocates no arrays. */
@FunctionalInterface
interface Step {
    void run();
}
