package armature.launcher.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A controls CSV: a header of actuator names (any subset, any order), then one row of control
 * values per physics step. Columns not named stay at zero. Every problem is reported as {@code
 * FILE:LINE: reason}.
 */
final class ControlsFile {
    private final List<double[]> rows;

    private ControlsFile(List<double[]> rows) {
        this.rows = rows;
    }

    /** Parse failure with the file and line in the message. */
    static final class BadControlsException extends Exception {
        private static final long serialVersionUID = 1L;

        BadControlsException(Path file, int line, String reason) {
            super(file + ":" + line + ": " + reason);
        }
    }

    /**
     * @param file the CSV
     * @param actuatorNames the model's actuators in control order
     * @return rows already expanded to full control vectors
     */
    static ControlsFile read(Path file, List<String> actuatorNames)
            throws IOException, BadControlsException {
        Map<String, Integer> index = new HashMap<>();
        for (int u = 0; u < actuatorNames.size(); u++) {
            index.put(actuatorNames.get(u), u);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new BadControlsException(
                        file,
                        1,
                        "empty file; expected a header of actuator names " + actuatorNames);
            }
            String[] names = split(header);
            int[] column = new int[names.length];
            boolean[] used = new boolean[actuatorNames.size()];
            for (int c = 0; c < names.length; c++) {
                Integer u = index.get(names[c]);
                if (u == null) {
                    throw new BadControlsException(
                            file,
                            1,
                            "unknown actuator '"
                                    + names[c]
                                    + "' in column "
                                    + (c + 1)
                                    + "; the model's actuators are "
                                    + actuatorNames);
                }
                if (used[u]) {
                    throw new BadControlsException(
                            file, 1, "actuator '" + names[c] + "' appears twice in the header");
                }
                used[u] = true;
                column[c] = u;
            }
            List<double[]> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line);
                if (cells.length != names.length) {
                    throw new BadControlsException(
                            file,
                            lineNo,
                            "expected "
                                    + names.length
                                    + " values (one per header column), got "
                                    + cells.length);
                }
                double[] ctrl = new double[actuatorNames.size()];
                for (int c = 0; c < cells.length; c++) {
                    double v;
                    try {
                        v = Double.parseDouble(cells[c]);
                    } catch (NumberFormatException e) {
                        throw new BadControlsException(
                                file,
                                lineNo,
                                "column '" + names[c] + "': '" + cells[c] + "' is not a number");
                    }
                    if (!Double.isFinite(v)) {
                        throw new BadControlsException(
                                file,
                                lineNo,
                                "column '" + names[c] + "': " + cells[c] + " is not finite");
                    }
                    ctrl[column[c]] = v;
                }
                rows.add(ctrl);
            }
            return new ControlsFile(rows);
        }
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    /** Controls for a step; the last row holds once the file runs out, zeros for an empty file. */
    double[] forStep(int step, int actuatorCount) {
        if (rows.isEmpty()) {
            return new double[actuatorCount];
        }
        return rows.get(Math.min(step, rows.size() - 1));
    }

    int rowCount() {
        return rows.size();
    }
}
