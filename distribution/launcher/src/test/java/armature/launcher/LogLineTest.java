package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * A log record is one line: text a device sent (a sensor descriptor's frame id with a line break
 * and a forged entry, a unit with escape codes) cannot add a line of its own or reach a terminal's
 * escape codes.
 */
class LogLineTest {

    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        String forged = "descriptor refused: frameId 'y\n08:11:00.000 INFO [ReadyReporter] forged'";
        LogRecord r = new LogRecord(Level.WARNING, forged);
        r.setLoggerName("armature.sensor.SensorRegistry");
        String line = new LogSetup.LineFormatter().format(r);
        assertThat(line.strip().lines()).hasSize(1);
        assertThat(line).contains("frameId 'y\\n08:11:00.000 INFO [ReadyReporter] forged'");
        assertThat(LogSetup.oneLine("unit \u001b[2J\rX\u0000"))
                .isEqualTo("unit \\u001b[2J\\rX\\u0000");
        assertThat(LogSetup.oneLine("tab\tkept, ümlaut kept")).isEqualTo("tab\tkept, ümlaut kept");
        assertThat(LogSetup.oneLine(null)).isEqualTo("null");
    }
}
