package armature.robot.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A robot description could not be loaded. The message always names the file and, when known, the
 * line and the element, in the form {@code FILE:LINE: <element>: reason}, so that a user can fix
 * the file.
 */
public final class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String element;

    /**
     * @param file file that is at fault
     * @param line 1-based line number, or 0 when unknown
     * @param element element name without brackets, or empty when not tied to an element
     * @param reason what is wrong, in words
     * @param cause underlying exception, may be null
     */
    public ModelLoadException(Path file, int line, String element, String reason, Throwable cause) {
        super(format(file, line, element, reason), cause);
        this.file = file;
        this.line = line;
        this.element = element == null ? "" : element;
    }

    /**
     * @param file file that is at fault
     * @param line 1-based line number, or 0 when unknown
     * @param element element name without brackets, or empty
     * @param reason what is wrong
     */
    public ModelLoadException(Path file, int line, String element, String reason) {
        this(file, line, element, reason, null);
    }

    private static String format(Path file, int line, String element, String reason) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (element != null && !element.isEmpty()) {
            sb.append('<').append(element).append(">: ");
        }
        return sb.append(reason).toString();
    }

    /**
     * @return the file at fault
     */
    public Path file() {
        return file;
    }

    /**
     * @return the 1-based line number, if known
     */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }

    /**
     * @return the element name without brackets; empty when not tied to an element
     */
    public String element() {
        return element;
    }
}
