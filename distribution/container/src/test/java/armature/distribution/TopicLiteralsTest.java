package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Topics;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.SimTopics;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wire contract has one home: topics are built only by {@code armature.control.api}, and every
 * builder there produces a channel of docs/asyncapi.yaml. (The end-to-end tests check what is
 * really published.)
 */
class TopicLiteralsTest {
    private static final Path REPO = AsyncApiDocument.REPO;

    /**
     * Files allowed to hold a topic fragment, each for a reason: the root the contract bundle
     * builds on, and the generic {@code <stream>/schema} convention of ADR 0003.
     */
    private static final Set<String> DEFINITIONS =
            Set.of(
                    "bundles/armature.bus.api/src/main/java/armature/bus/api/Topics.java",
                    "bundles/armature.bus.codec/src/main/java/armature/bus/codec/FrameSchema.java");

    private static final Pattern ROOT_USE =
            Pattern.compile(
                    "\\b(Topics|ContainerTopics)\\.ROOT\\b|Topics\\.join\\(\\s*\"armature\"");

    @Test
    void mainCodeHasNoTopicLiteralsOutsideTheContractBundle() throws IOException {
        Set<String> levels = channelLevels(AsyncApiDocument.load());
        List<String> found = new ArrayList<>();
        for (Path f : mainSources()) {
            String rel = REPO.relativize(f).toString().replace('\\', '/');
            if (rel.startsWith("bundles/armature.control.api/") || DEFINITIONS.contains(rel)) {
                continue;
            }
            found.addAll(findings(rel, Files.readString(f), levels));
        }
        assertThat(found)
                .as(
                        "topic strings in main code; build topics with armature.control.api"
                                + " (ContainerTopics, LoopTopics, SimTopics, ManagementOperation)")
                .isEmpty();
    }

    @Test
    void theScannerFindsEveryForm() {
        Set<String> levels = Set.of("heartbeat", "control", "state", "mgmt", "bundles", "list");
        String source =
                String.join(
                        "\n",
                        "class X {",
                        "  // \"armature/v1/\" in a comment is fine",
                        "  String a = \"armature/v1/\" + id + \"/heartbeat\";",
                        "  String b = Topics.ROOT + \"/\" + id;",
                        "  String c = Topics.join(\"armature\", \"v1\", id);",
                        "  String d = base + \"/control/\" + loop;",
                        "  String e = \"armature/#\";",
                        "  /* \"/state\" */ String f = \"bundles/list\";",
                        "  String g = \"http://apache.org/xml/features/state\";",
                        "  String h = \"see config/state for details\";",
                        "  String j = \"topic armature/v1/<id>/state\";",
                        "  String i = \"a \\\"quoted/state\\\" b\";",
                        "}");
        assertThat(findings("X.java", source, levels))
                .containsExactly(
                        "X.java:3: \"armature/v1/\"",
                        "X.java:3: \"/heartbeat\"",
                        "X.java:4: Topics.ROOT",
                        "X.java:5: Topics.join(\"armature\"",
                        "X.java:6: \"/control/\"",
                        "X.java:7: \"armature/#\"",
                        "X.java:8: \"bundles/list\"");
    }

    /**
     * Calls every public String method of the topic builders with sample values: a topic must be
     * exactly one channel, a filter must match some channel, and anything else must be a prefix of
     * a channel. A new builder without a channel fails here.
     */
    @Test
    void everyBuilderOfTheContractBundleProducesADocumentedChannel() throws Exception {
        AsyncApiDocument doc = AsyncApiDocument.load();
        List<String> samples = new ArrayList<>();
        for (AsyncApiDocument.Channel c : doc.channels()) {
            samples.add(c.topic(AsyncApiDocumentTest.samples(c, "u1")));
        }
        ContainerTopics container = ContainerTopics.of("local");
        List<String> problems = new ArrayList<>();
        int called = 0;
        for (Object builder :
                List.of(
                        container,
                        container.loop("hand"),
                        container.sim("hand"),
                        container.policy("hand"),
                        container.sensor("u1"),
                        container.vision())) {
            for (Method m : builder.getClass().getMethods()) {
                if (!isBuilder(m)) {
                    continue;
                }
                for (Object[] args : arguments(m)) {
                    String topic = (String) m.invoke(builder, args);
                    called++;
                    String what =
                            builder.getClass().getSimpleName()
                                    + "."
                                    + m.getName()
                                    + Arrays.deepToString(args)
                                    + " = "
                                    + topic;
                    String problem = check(doc, samples, topic);
                    if (problem != null) {
                        problems.add(what + ": " + problem);
                    }
                }
            }
        }
        String every = ContainerTopics.everyContainerFilter();
        if (check(doc, samples, every) != null) {
            problems.add(
                    "ContainerTopics.everyContainerFilter() = "
                            + every
                            + ": "
                            + check(doc, samples, every));
        }
        assertThat(called).as("builders called").isGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    private static String check(AsyncApiDocument doc, List<String> samples, String topic) {
        if (topic.contains("+") || topic.contains("#")) {
            return samples.stream().anyMatch(s -> Topics.matches(topic, s))
                    ? null
                    : "a filter that matches no channel of docs/asyncapi.yaml";
        }
        if (doc.channelsOf(topic).size() == 1) {
            return null;
        }
        if (!doc.channelsOf(topic).isEmpty()) {
            return "matches several channels";
        }
        String prefix = topic.endsWith("/") ? topic : topic + "/";
        return samples.stream().anyMatch(s -> s.startsWith(prefix))
                ? null
                : "neither a channel nor a prefix of one in docs/asyncapi.yaml";
    }

    private static boolean isBuilder(Method m) {
        if (m.getReturnType() != String.class
                || Modifier.isStatic(m.getModifiers())
                || m.getDeclaringClass() == Object.class
                || m.getName().equals("toString")
                || m.getName().endsWith("Of")) {
            return false; // senderOf, loopNameOf: they read a topic, they do not build one
        }
        for (RecordComponent rc : m.getDeclaringClass().getRecordComponents()) {
            if (rc.getName().equals(m.getName())) {
                return false; // an accessor (containerId, loopName, simName), not a topic
            }
        }
        return true;
    }

    /** Sample arguments: every enum constant, "u1" for names, the documented extension channels. */
    private static List<Object[]> arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        if (types.length == 1 && types[0] == String[].class) {
            return List.of(
                    new Object[] {new String[] {"heartbeat"}},
                    new Object[] {new String[] {"greeter", "version"}});
        }
        if (types.length == 1 && types[0] == ManagementOperation.class) {
            return Arrays.stream(ManagementOperation.values()).map(o -> new Object[] {o}).toList();
        }
        if (types.length == 1 && types[0] == SimTopics.Operation.class) {
            return Arrays.stream(SimTopics.Operation.values()).map(o -> new Object[] {o}).toList();
        }
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] != String.class) {
                throw new AssertionError("no sample argument of type " + types[i] + " for " + m);
            }
            args[i] = i == 0 ? "u1" : "cli-1";
        }
        return List.<Object[]>of(args);
    }

    // --- the scanner ---

    /** The literal levels of every channel address (armature and v1 aside). */
    static Set<String> channelLevels(AsyncApiDocument doc) {
        Set<String> levels = new TreeSet<>();
        for (String a : doc.addresses()) {
            for (String level : a.split("/")) {
                if (!level.startsWith("{") && !level.equals("armature") && !level.equals("v1")) {
                    levels.add(level);
                }
            }
        }
        return levels;
    }

    /**
     * Topic strings in one Java source, as {@code file:line: what}: string literals holding {@code
     * armature/v1} or starting with {@code armature/}, uses of {@code Topics.ROOT} or {@code
     * Topics.join("armature", ...)}, and literals that hold a channel level next to a '/' ({@code
     * "/control/"}, {@code "bundles/list"}). Comments are skipped; literals with whitespace (prose)
     * and URLs are not topics.
     */
    static List<String> findings(String file, String source, Set<String> levels) {
        JavaText.Scan scan = JavaText.scan(source);
        record Finding(int line, int column, String what) {}
        List<Finding> found = new ArrayList<>();
        for (JavaText.Literal lit : scan.literals()) {
            if (isTopicLiteral(lit.value(), levels)) {
                found.add(new Finding(lit.line(), lit.column(), "\"" + lit.value() + "\""));
            }
        }
        String[] lines = scan.code().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var m = ROOT_USE.matcher(lines[i]);
            while (m.find()) {
                found.add(new Finding(i + 1, m.start(), m.group()));
            }
        }
        return found.stream()
                .sorted(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column))
                .map(f -> file + ":" + f.line() + ": " + f.what())
                .toList();
    }

    static boolean isTopicLiteral(String s, Set<String> levels) {
        if (s.chars().anyMatch(Character::isWhitespace) || s.contains("://")) {
            return false; // prose (a description may name a topic pattern) or a URL
        }
        if (s.contains("armature/v1") || s.startsWith("armature/")) {
            return true;
        }
        if (!s.contains("/")) {
            return false;
        }
        return Arrays.stream(s.split("/")).anyMatch(levels::contains);
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String top : List.of("bundles", "distribution", "examples", "benchmarks")) {
            try (Stream<Path> files = Files.walk(REPO.resolve(top))) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> p.toString().replace('\\', '/').contains("/src/main/"))
                        .forEach(out::add);
            }
        }
        assertThat(out)
                .as("main sources found under " + REPO.toAbsolutePath())
                .hasSizeGreaterThan(50);
        return out;
    }
}
