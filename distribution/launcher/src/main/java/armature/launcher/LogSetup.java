package armature.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Console and rotating-file logging through java.util.logging, which every bundle reaches through
 * {@link System.Logger} without importing a logging API: {@code runtime/<id>/logs/armature.N.log},
 * 10 MB each, 5 files.
 */
final class LogSetup {
    private LogSetup() {}

    private static Handler[] installed = new Handler[0];
    private static Level rootLevel = Level.INFO;

    /** The parent of every Armature logger (packages armature.*). */
    static final String OWN_ROOT = "armature";

    /**
     * Held strongly: JUL keeps loggers only weakly, and a collected one would lose its handlers.
     */
    private static Logger ownLogger;

    /** Puts our handlers back after a library replaced the root logger's handlers. */
    static void reapply() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        for (Handler h : installed) {
            root.addHandler(h);
        }
        root.setLevel(rootLevel);
    }

    static void configure(Path logDir, boolean verbose) throws IOException {
        Files.createDirectories(logDir);
        ownerOnly(logDir);
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter f = new LineFormatter();
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(f);
        console.setLevel(verbose ? Level.FINE : Level.INFO);
        FileHandler file =
                new FileHandler(logDir.resolve("armature.%g.log").toString(), 10_000_000, 5, true);
        file.setFormatter(f);
        file.setLevel(Level.FINE);
        try (var logs = Files.list(logDir)) {
            for (Path p : logs.toList()) {
                ownerOnly(p);
            }
        }
        root.addHandler(console);
        root.addHandler(file);
        root.setLevel(verbose ? Level.FINE : Level.INFO);
        installed = new Handler[] {console, file};
        rootLevel = root.getLevel();
        // Armature's own loggers write to the same handlers without going through the root: the
        // embedded broker replaces the root's handlers with its SLF4J bridge while it starts,
        // side by side with the framework, and a bundle's line logged before reapply() would go
        // to the broker's logback and be lost (the features' "installed" lines were).
        Logger own = Logger.getLogger(OWN_ROOT);
        for (Handler h : own.getHandlers()) {
            own.removeHandler(h);
        }
        own.addHandler(console);
        own.addHandler(file);
        own.setUseParentHandlers(false);
        own.setLevel(rootLevel);
        ownLogger = own;
        // Paho logs every connection detail at INFO through JUL, and a lost socket as SEVERE with
        // its stack trace; the bus reports every loss and reconnect in its own words (with
        // --verbose Paho's warnings show too).
        Logger paho = Logger.getLogger("org.eclipse.paho");
        paho.setLevel(verbose ? Level.WARNING : Level.OFF);
        // The http feature: Jetty (through SLF4J) and Felix HTTP log their start-up steps
        // at INFO; their warnings and errors (a port in use) still show. Held strongly: JUL keeps
        // loggers only weakly, and a collected one would lose its level.
        QUIET.clear();
        QUIET.add(paho);
        for (String name : List.of("org.eclipse.jetty", "org.apache.felix.http")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(verbose ? Level.FINE : Level.WARNING);
            QUIET.add(l);
        }
    }

    private static final List<Logger> QUIET = new java.util.ArrayList<>();

    /**
     * A message as one line of plain text: line breaks and other control characters escaped ({@code
     * \\n}, {@code \\u001b}), so that text a device or client sent (a sensor's frame id, a topic)
     * can neither forge a log line of its own nor send escape codes to a terminal that shows the
     * log.
     */
    static String oneLine(String message) {
        if (message == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            String esc =
                    c == '\n'
                            ? "\\n"
                            : c == '\r'
                                    ? "\\r"
                                    : c != '\t' && Character.isISOControl(c)
                                            ? String.format(
                                                    java.util.Locale.ROOT, "\\u%04x", (int) c)
                                            : null;
            if (esc != null && sb == null) {
                sb = new StringBuilder(message.length() + 16).append(message, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? message : sb.toString();
    }

    static final class LineFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            StringBuilder sb =
                    new StringBuilder()
                            .append(LocalTime.now().format(TIME))
                            .append(' ')
                            .append(r.getLevel().getName())
                            .append(" [")
                            .append(shortName)
                            .append("] ")
                            .append(oneLine(formatMessage(r)))
                            .append(System.lineSeparator());
            if (r.getThrown() != null) {
                java.io.StringWriter sw = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }
    }

    /**
     * The log holds what only the container's owner may read (the ready line's Foxglove URL carries
     * its access token): the folder and its files are the owner's alone, where the file system
     * knows POSIX permissions.
     */
    static void ownerOnly(Path p) throws IOException {
        if (!Files.getFileStore(p)
                .supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(
                p,
                java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }
}
