package armature.policy.onnx;

/**
 * An ONNX model the executor cannot run: malformed bytes, an unsupported operator or attribute, or
 * shapes that do not fit. The message names the node, its operator and the shapes involved.
 */
public class OnnxModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OnnxModelException(String message) {
        super(message);
    }

    public OnnxModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
