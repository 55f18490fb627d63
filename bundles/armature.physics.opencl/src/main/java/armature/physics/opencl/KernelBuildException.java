package armature.physics.opencl;

/** An OpenCL program that did not compile; the message carries the compiler's log. */
public final class KernelBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String log;

    KernelBuildException(String programName, String device, String log, Throwable cause) {
        super(
                "kernel program '"
                        + programName
                        + "' did not compile for "
                        + device
                        + "; compiler log:\n"
                        + log,
                cause);
        this.log = log;
    }

    /** The compiler's log as the driver gave it. */
    public String log() {
        return log;
    }
}
