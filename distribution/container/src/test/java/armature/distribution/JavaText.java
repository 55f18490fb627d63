package armature.distribution;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of Java's lexical structure to find string literals and skip comments: line and block
 * comments, string literals with escapes, text blocks and char literals. Used by TopicLiteralsTest,
 * so a topic in a comment is not a finding and a "//" inside a string is not a comment.
 */
final class JavaText {
    /**
     * One string literal or text block.
     *
     * @param value its content, with {@code \"} and {@code \\} unescaped
     * @param line 1-based line of the opening quote
     * @param column 0-based column of the opening quote
     */
    record Literal(String value, int line, int column) {}

    /** The source with comments and literals read apart. */
    record Scan(String code, List<Literal> literals) {}

    private JavaText() {}

    /**
     * Scans {@code source}: {@code code} is the source with every comment replaced by blanks (line
     * breaks kept, so line numbers stay right) and literals kept as written.
     */
    static Scan scan(String source) {
        StringBuilder code = new StringBuilder(source.length());
        List<Literal> literals = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    code.append(' ');
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    char d = source.charAt(i);
                    code.append(d == '\n' ? '\n' : ' ');
                    if (d == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
            } else if (c == '"' || c == '\'') {
                boolean block = source.startsWith("\"\"\"", i);
                String close = block ? "\"\"\"" : String.valueOf(c);
                int startLine = line;
                int column = i - lineStart;
                int j = i + close.length();
                StringBuilder value = new StringBuilder();
                while (j < n
                        && !source.startsWith(close, j)
                        && (block || source.charAt(j) != '\n')) {
                    char d = source.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        char e = source.charAt(j + 1);
                        value.append(
                                e == '"' || e == '\\' || e == '\'' ? String.valueOf(e) : "\\" + e);
                        j += 2;
                        continue;
                    }
                    value.append(d);
                    j++;
                }
                int end =
                        Math.min(
                                n, j + (j < n && source.startsWith(close, j) ? close.length() : 0));
                for (; i < end; i++) {
                    char d = source.charAt(i);
                    code.append(d);
                    if (d == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                if (c == '"') {
                    literals.add(new Literal(value.toString(), startLine, column));
                }
            } else {
                code.append(c);
                if (c == '\n') {
                    line++;
                    lineStart = i + 1;
                }
                i++;
            }
        }
        return new Scan(code.toString(), literals);
    }
}
