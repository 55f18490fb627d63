package armature.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code armature new sensor NAME [--dir D] [--package P]}: writes a Maven project for a sensor
 * bundle built outside this repository against the distribution's SDK repository ({@code
 * sdk/repository/}, ADR 0097): a pom whose parent and API jars come from that repository, a DS
 * component publishing a simulated signal through {@code SensorPublisher}, the signal with its
 * descriptor, a unit test and a README (templates under {@code armature/launcher/newsensor/}).
 */
final class NewSensorCommand {
    /**
     * NAME is the sensor id, the artifact id (= Bundle-SymbolicName, what undeploy takes), the
     * component name and the default folder: lower case keeps it one spelling on every file system.
     */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    static final int MAX_NAME = 40;

    private static final Pattern PACKAGE =
            Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    private static final Set<String> KEYWORDS =
            Set.of(
                    "abstract",
                    "assert",
                    "boolean",
                    "break",
                    "byte",
                    "case",
                    "catch",
                    "char",
                    "class",
                    "const",
                    "continue",
                    "default",
                    "do",
                    "double",
                    "else",
                    "enum",
                    "extends",
                    "final",
                    "finally",
                    "float",
                    "for",
                    "goto",
                    "if",
                    "implements",
                    "import",
                    "instanceof",
                    "int",
                    "interface",
                    "long",
                    "native",
                    "new",
                    "package",
                    "private",
                    "protected",
                    "public",
                    "return",
                    "short",
                    "static",
                    "strictfp",
                    "super",
                    "switch",
                    "synchronized",
                    "this",
                    "throw",
                    "throws",
                    "transient",
                    "try",
                    "void",
                    "volatile",
                    "while",
                    "true",
                    "false",
                    "null",
                    "var",
                    "record",
                    "yield",
                    "sealed",
                    "permits");
    private static final String TEMPLATES = "newsensor/";

    private NewSensorCommand() {}

    static int run(Invocation inv) throws IOException {
        String name = inv.operands().get(0);
        requireName(name);
        String pkg = inv.args.get(Options.PACKAGE.name(), defaultPackage(name));
        requirePackage(pkg);
        Path dir = Path.of(inv.args.get(Options.DIR.name(), name));
        Path dist = Path.of(System.getProperty("armature.dist", ".")).toAbsolutePath().normalize();
        List<Path> written = generate(name, pkg, dir, dist);
        print(inv.out, name, dir, written);
        return 0;
    }

    /**
     * Writes the project.
     *
     * @return the files written, relative to {@code dir}
     * @throws Cli.Refused when {@code dir} is a file or a non-empty folder, or the distribution has
     *     no SDK repository
     */
    static List<Path> generate(String name, String pkg, Path dir, Path dist) throws IOException {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new Cli.Refused(
                    "--dir "
                            + dir
                            + " is "
                            + (Files.isDirectory(dir) ? "a folder that is not empty" : "a file")
                            + "; allowed: a new or empty folder (nothing is overwritten)");
        }
        Path repository = dist.resolve("sdk/repository");
        String version = sdkVersion(repository);
        String className = className(name);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("%NAME%", name);
        vars.put("%PACKAGE%", pkg);
        vars.put("%CLASS%", className);
        vars.put("%ARMATURE_VERSION%", version);
        vars.put("%SDK_REPOSITORY%", repository.toUri().toString());

        Path src = Path.of("src/main/java").resolve(pkg.replace('.', '/'));
        Path test = Path.of("src/test/java").resolve(pkg.replace('.', '/'));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("pom.xml.txt", Path.of("pom.xml"));
        files.put("README.md.txt", Path.of("README.md"));
        files.put("gitignore.txt", Path.of(".gitignore"));
        files.put("Sensor.java.txt", src.resolve(className + ".java"));
        files.put("Signal.java.txt", src.resolve(className + "Signal.java"));
        files.put("SignalTest.java.txt", test.resolve(className + "SignalTest.java"));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path target = dir.resolve(f.getValue());
            Files.createDirectories(target.getParent() == null ? dir : target.getParent());
            Files.writeString(target, fill(template(f.getKey()), vars), StandardCharsets.UTF_8);
            written.add(f.getValue());
        }
        return written;
    }

    static void requireName(String name) {
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw new Args.UsageException(
                    "NAME '"
                            + name
                            + "' is not allowed; allowed: 1-"
                            + MAX_NAME
                            + " lower-case letters, digits and single '-' between them, starting"
                            + " with a letter (e.g. ft-sensor): it is the sensor id, the bundle's"
                            + " symbolic name and the folder");
        }
    }

    static void requirePackage(String pkg) {
        boolean keyword = Stream.of(pkg.split("\\.")).anyMatch(KEYWORDS::contains);
        if (!PACKAGE.matcher(pkg).matches() || keyword) {
            throw new Args.UsageException(
                    "--package '"
                            + pkg
                            + "' is not allowed; allowed: a Java package of lower-case words"
                            + " separated by '.', none a Java keyword (e.g. com.example.sensors)");
        }
    }

    /**
     * {@code ft-sensor} -> {@code com.example.ftsensor}; a name that is a Java keyword gets an
     * underscore ({@code class} -> {@code com.example.class_}), as the Java spec suggests.
     */
    static String defaultPackage(String name) {
        String last = name.replace("-", "");
        return "com.example." + (KEYWORDS.contains(last) ? last + "_" : last);
    }

    /** {@code ft-sensor} -> {@code FtSensor}, {@code thermo} -> {@code ThermoSensor}. */
    static String className(String name) {
        StringBuilder s = new StringBuilder();
        for (String part : name.split("-")) {
            s.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return s.toString().endsWith("Sensor") ? s.toString() : s + "Sensor";
    }

    /** The Armature version the repository holds: the build's, never written down twice. */
    private static String sdkVersion(Path repository) throws IOException {
        Path parent = repository.resolve("dev/armature/armature-sdk-parent");
        if (!Files.isDirectory(parent)) {
            throw new Cli.Refused(
                    "the distribution has no SDK repository at "
                            + repository
                            + "; build it (./armature builds the distribution when it is missing)");
        }
        try (Stream<Path> versions = Files.list(parent)) {
            List<String> found =
                    versions.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .toList();
            if (found.size() != 1) {
                throw new Cli.Refused(
                        "the SDK repository "
                                + repository
                                + " holds "
                                + found
                                + " versions of armature-sdk-parent; expected exactly one");
            }
            return found.get(0);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String template(String name) {
        try (InputStream in = NewSensorCommand.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " missing from the CLI jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String template, Map<String, String> vars) {
        String s = template;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        return s;
    }

    private static void print(PrintStream out, String name, Path dir, List<Path> written) {
        out.println("created sensor project " + name + " in " + dir + ":");
        for (Path p : written) {
            out.println("  " + p);
        }
        out.println("next:");
        out.println("  (cd " + shell(dir.toString()) + " && mvn package)");
        out.println(
                "  ./armature deploy "
                        + shell(dir.resolve("target/" + name + "-0.1.0.jar").toString()));
        out.println("  ./armature sensors");
    }

    /** A path as one shell word: as is when plain, else in single quotes. */
    static String shell(String path) {
        return path.matches("[A-Za-z0-9_./+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }
}
