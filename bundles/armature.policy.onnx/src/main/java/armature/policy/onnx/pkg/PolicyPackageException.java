package armature.policy.onnx.pkg;

/**
 * A policy package, descriptor or network that cannot be used, or that does not fit the loop it is
 * loaded for. The message names where (the file), the field (a JSON path such as {@code
 * normalization.std[3]}), the value found and what is allowed.
 */
public class PolicyPackageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public PolicyPackageException(String origin, String field, String problem) {
        this(origin, field, problem, null);
    }

    public PolicyPackageException(String origin, String field, String problem, Throwable cause) {
        super(origin + ": " + field + (problem.startsWith(" = ") ? "" : ": ") + problem, cause);
        this.field = field;
    }

    /**
     * A value that is not allowed: "{@code origin: field = value; allowed: allowed}".
     *
     * @param value the offending value as found (rendered as JSON where it came from JSON)
     */
    public static PolicyPackageException value(
            String origin, String field, Object value, String allowed) {
        String shown = String.valueOf(value);
        if (shown.length() > 120) {
            shown = shown.substring(0, 117) + "...";
        }
        return new PolicyPackageException(origin, field, " = " + shown + "; allowed: " + allowed);
    }

    /** The descriptor field (JSON path) at fault, or a file name; never null. */
    public String field() {
        return field;
    }
}
