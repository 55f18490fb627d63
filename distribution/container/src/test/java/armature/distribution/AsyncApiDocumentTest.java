package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.control.api.AccessPolicy;
import armature.control.api.CommandMode;
import armature.control.api.ControlEventType;
import armature.control.api.EStopAction;
import armature.control.api.ManagementOperation;
import armature.control.api.Role;
import armature.control.api.SimTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/asyncapi.yaml on its own: valid for the official AsyncAPI parser, bindings and roles on
 * every channel, roles equal to what {@link AccessPolicy} decides, and every enum equal to the
 * contract bundle's. SchemaConformanceIT checks the schemas against what a running container really
 * publishes.
 */
class AsyncApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AsyncApiDocument doc;

    @BeforeAll
    static void load() throws IOException {
        doc = AsyncApiDocument.load();
    }

    @Test
    void theOfficialAsyncApiParserAcceptsTheDocument() throws Exception {
        requireParser();
        Parse p = parse(AsyncApiDocument.FILE);
        assertThat(p.exit).as(p.output).isZero();
        assertThat(p.output).contains("VALID: ");
    }

    @Test
    void theOfficialParserRejectsABrokenCopy(@TempDir Path tmp) throws Exception {
        requireParser();
        String yaml = Files.readString(AsyncApiDocument.FILE);
        String broken = yaml.replaceFirst("qos: 1, retain: true", "qos: 3, retain: true");
        assertThat(broken).isNotEqualTo(yaml);
        Path copy = tmp.resolve("asyncapi.yaml");
        Files.writeString(copy, broken);
        Parse p = parse(copy);
        assertThat(p.exit).as(p.output).isEqualTo(1);
        assertThat(p.output).contains("INVALID").contains("qos");
    }

    @Test
    void everyChannelHasAnOperationWithMqttQosAndRetain() {
        for (AsyncApiDocument.Channel c : doc.channels()) {
            List<AsyncApiDocument.Operation> ops = doc.operationsOf(c);
            assertThat(ops).as("operations of channel " + c.name()).isNotEmpty();
            for (AsyncApiDocument.Operation o : ops) {
                assertThat(o.qos()).as("mqtt qos of operation " + o.name()).isBetween(0, 2);
                assertThat(o.retain()).as("mqtt retain of operation " + o.name()).isNotNull();
            }
        }
    }

    @Test
    void everyChannelSaysWhoMayPublishAndSubscribe() {
        for (AsyncApiDocument.Channel c : doc.channels()) {
            JsonNode roles = doc.root().path("channels").path(c.name()).path("x-armature-roles");
            assertThat(roles.isObject()).as("x-armature-roles of " + c.name()).isTrue();
            assertThat(c.publishers()).as("publishers of " + c.name()).isNotEmpty();
            assertThat(c.subscribers()).as("subscribers of " + c.name()).isNotEmpty();
        }
    }

    @Test
    void theRolesOfEveryChannelAreWhatAccessPolicyDecides() {
        List<String> disagreements = new ArrayList<>();
        for (AsyncApiDocument.Channel c : doc.channels()) {
            boolean retained =
                    doc.operationsOf(c).stream().anyMatch(o -> Boolean.TRUE.equals(o.retain()));
            for (Role role : Role.values()) {
                String user = role == Role.CONTAINER ? "local" : "u1";
                String topic = c.topic(samples(c, user));
                boolean pub = AccessPolicy.mayPublish(role, user, topic, retained);
                boolean sub = AccessPolicy.mayReceive(role, user, topic);
                if (pub != c.publishers().contains(role)) {
                    disagreements.add(
                            c.name()
                                    + ": "
                                    + role.wireName()
                                    + " publish "
                                    + topic
                                    + (retained ? " (retained)" : "")
                                    + ": AccessPolicy says "
                                    + pub);
                }
                if (sub != c.subscribers().contains(role)) {
                    disagreements.add(
                            c.name()
                                    + ": "
                                    + role.wireName()
                                    + " subscribe "
                                    + topic
                                    + ": AccessPolicy says "
                                    + sub);
                }
                if (sub) {
                    assertThat(AccessPolicy.maySubscribe(role, user, topic)).as(topic).isTrue();
                }
            }
        }
        assertThat(disagreements).as("x-armature-roles against AccessPolicy").isEmpty();
    }

    @Test
    void aUserCannotActUnderSomeoneElsesName() {
        // The sender levels are what makes identities trustworthy: check them for a foreign name.
        for (String name : List.of("controlCommand", "controlEStopRequest", "controlEStopTrip")) {
            AsyncApiDocument.Channel c = doc.channel(name);
            String topic = c.topic(samples(c, "bob"));
            for (Role role : List.of(Role.OPERATOR, Role.OBSERVER, Role.DEVICE)) {
                assertThat(AccessPolicy.mayPublish(role, "alice", topic, false))
                        .as(role + " alice on " + topic)
                        .isFalse();
            }
        }
    }

    @Test
    void everySampleTopicBelongsToExactlyOneChannel() {
        for (AsyncApiDocument.Channel c : doc.channels()) {
            String topic = c.topic(samples(c, "u1"));
            assertThat(doc.channelsOf(topic).stream().map(AsyncApiDocument.Channel::name))
                    .as(topic)
                    .containsExactly(c.name());
        }
    }

    @Test
    void enumsAreTheContractBundles() {
        JsonNode schemas = doc.root().path("components").path("schemas");
        assertThat(texts(schemas.path("controlEvent").path("properties").path("type").path("enum")))
                .containsExactlyElementsOf(names(ControlEventType.values()));
        assertThat(
                        texts(
                                schemas.path("eStopRequest")
                                        .path("properties")
                                        .path("action")
                                        .path("enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(EStopAction.values()).map(EStopAction::wireName).toList());
        assertThat(texts(schemas.path("policyEvent").path("properties").path("type").path("enum")))
                .containsExactlyElementsOf(names(armature.policy.api.PolicyEventType.values()));
        assertThat(
                        texts(
                                schemas.path("policyStatus")
                                        .path("properties")
                                        .path("state")
                                        .path("enum")))
                .containsExactlyElementsOf(names(armature.policy.api.PolicyState.values()));
        assertThat(
                        texts(
                                schemas.path("policyRequest")
                                        .path("properties")
                                        .path("action")
                                        .path("enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(armature.control.api.PolicyTopics.Action.values())
                                .map(armature.control.api.PolicyTopics.Action::wireName)
                                .toList());
        assertThat(texts(doc.root().at("/channels/simControl/parameters/operation/enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(SimTopics.Operation.values())
                                .map(SimTopics.Operation::level)
                                .toList());
        assertThat(
                        texts(
                                doc.root()
                                        .at(
                                                "/components/messages/jointCommandFrame/headers/properties/armature-command-mode/enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(CommandMode.values()).map(CommandMode::wireName).toList());
        assertThat(texts(schemas.path("watchdogState").path("enum")))
                .containsExactlyElementsOf(names(armature.safety.WatchdogState.values()));
        assertThat(texts(schemas.path("eStopLatch").path("enum")))
                .containsExactlyElementsOf(names(armature.safety.EStopState.values()));
        assertThat(texts(schemas.path("health").path("properties").path("state").path("enum")))
                .containsExactlyElementsOf(names(armature.driver.api.HealthState.values()));
        assertThat(
                        texts(
                                schemas.path("statusDocument")
                                        .path("properties")
                                        .path("busState")
                                        .path("enum")))
                .as("every bus state is documented (FAILED arrives with bus.api 1.1)")
                .containsAll(names(armature.bus.api.ConnectionState.values()));
        JsonNode sensor = schemas.at("/sensorRegistryStatus/properties/sensors/items/properties");
        assertThat(texts(sensor.path("state").path("enum")))
                .containsExactlyElementsOf(names(armature.sensor.api.SensorState.values()));
        assertThat(
                        texts(
                                schemas.at(
                                        "/sensorDescriptor/properties/fields/items/properties/type/enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(armature.sensor.api.FieldType.values())
                                .map(armature.sensor.api.FieldType::wireName)
                                .toList());
        assertThat(sensor.path("rejectedBy").path("description").asText())
                .contains(
                        Arrays.stream(armature.sensor.api.RejectionReason.values())
                                .map(armature.sensor.api.RejectionReason::wireName)
                                .toList());
        assertThat(texts(schemas.at("/markerDetections/properties/family/enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(armature.vision.api.MarkerFamily.values())
                                .map(armature.vision.api.MarkerFamily::wireName)
                                .toList());
        assertThat(texts(schemas.at("/imageFrameHeaders/properties/armature-pixel-format/enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(armature.vision.api.PixelFormat.values())
                                .map(armature.vision.api.PixelFormat::wireName)
                                .toList());
        assertThat(texts(schemas.path("frameSchema").path("properties").path("kind").path("enum")))
                .containsExactlyElementsOf(names(armature.bus.codec.FrameKind.values()));
        assertThat(
                        texts(
                                schemas.path("frameSchema")
                                        .path("properties")
                                        .path("elementType")
                                        .path("enum")))
                .containsExactlyElementsOf(names(armature.bus.codec.ElementType.values()));
    }

    @Test
    void theJointStateChannelsAreNamedAlikeInCodecAndContract() {
        assertThat(armature.bus.codec.FrameSchema.JOINT_STATE_CHANNELS)
                .containsExactly(
                        armature.control.api.JointStateChannels.POSITION_RAD,
                        armature.control.api.JointStateChannels.VELOCITY_RAD_PER_SEC,
                        armature.control.api.JointStateChannels.EFFORT);
        assertThat(armature.bus.codec.FrameSchema.EFFORT_UNIT_ATTRIBUTE)
                .isEqualTo(armature.control.api.JointStateChannels.EFFORT_UNIT_ATTRIBUTE);
        assertThat(doc.root().at("/channels/controlState/description").asText())
                .contains(String.join(", ", armature.bus.codec.FrameSchema.JOINT_STATE_CHANNELS))
                .contains(armature.bus.codec.FrameSchema.EFFORT_UNIT_ATTRIBUTE);
    }

    @Test
    void everyManagementOperationHasItsChannelAndNothingElseDoes() {
        Set<String> documented = new TreeSet<>();
        for (AsyncApiDocument.Channel c : doc.channels()) {
            if (c.address().startsWith("armature/v1/{container}/mgmt/")) {
                documented.add(c.address().substring("armature/v1/{container}/mgmt/".length()));
            }
        }
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ManagementOperation.values())
                                .map(ManagementOperation::path)
                                .toList());
    }

    /**
     * Record components of what the loop serialises must be the schema's properties, no more, no
     * less.
     */
    @Test
    void theStatisticsSchemaNamesEveryFieldTheLoopPublishes() {
        JsonNode schemas = doc.root().path("components").path("schemas");
        assertThat(properties(schemas.path("loopTiming")))
                .isEqualTo(components(armature.control.loop.LoopTiming.Snapshot.class));
        assertThat(properties(schemas.path("supervisorStatistics")))
                .isEqualTo(components(armature.safety.SupervisorStatistics.class));
        assertThat(properties(schemas.path("sensorLimitStatistics")))
                .isEqualTo(components(armature.safety.SensorLimitStatus.class));
        assertThat(properties(schemas.path("controlStatistics").path("properties").path("inbox")))
                .isEqualTo(components(armature.control.loop.CommandInbox.Counts.class));
        assertThat(properties(schemas.path("controlStatistics").path("properties").path("loop")))
                .isEqualTo(components(armature.control.loop.ControlLoopCore.Counters.class));
        assertThat(properties(schemas.path("health")))
                .isEqualTo(components(armature.driver.api.DriverHealth.class));
        assertThat(properties(schemas.path("frameSchema")))
                .isEqualTo(components(armature.bus.codec.FrameSchema.class));
        for (String s :
                List.of(
                        "loopTiming",
                        "supervisorStatistics",
                        "sensorLimitStatistics",
                        "epochCounters",
                        "controlStatistics",
                        "frameSchema",
                        "supervisorState",
                        "eStopState",
                        "controlEvent",
                        "containerState",
                        "simStatus",
                        "simObjects",
                        "driverHealth")) {
            assertThat(schemas.path(s).path("additionalProperties").asBoolean(true))
                    .as(s + " names every field (additionalProperties: false)")
                    .isFalse();
        }
    }

    /** The documented grammar of armature-uncertainty is the one the loop parses. */
    @Test
    void theUncertaintyPropertyIsDocumentedAsTheLoopReadsIt() throws Exception {
        PayloadSchemas schemas = new PayloadSchemas(doc);
        String command = doc.channel("controlCommand").messages().get(0);
        for (String ok : List.of("0", "0.12", "1.5e-3", "12")) {
            armature.control.api.CommandContract.parseUncertainty(ok);
            assertThat(schemas.headerErrors(command, Map.of("armature-uncertainty", ok)))
                    .as(ok)
                    .isEmpty();
        }
        for (String bad : List.of("-0.1", "NaN", "Infinity", ".5", "+1", "")) {
            assertThatThrownBy(() -> armature.control.api.CommandContract.parseUncertainty(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(schemas.headerErrors(command, Map.of("armature-uncertainty", bad)))
                    .as(bad)
                    .isNotEmpty();
        }
        assertThat(
                        doc.root()
                                .at("/components/messages/jointCommandFrame/headers/properties")
                                .has(armature.control.api.UserProperties.UNCERTAINTY))
                .isTrue();
    }

    @Test
    void theSchemasRefuseWhatTheContractForbids() throws Exception {
        PayloadSchemas schemas = new PayloadSchemas(doc);
        String heartbeat = doc.channel("heartbeat").messages().get(0);
        assertThat(schemas.payloadErrors(heartbeat, json("{\"count\":1,\"periodMillis\":1000}")))
                .isEmpty();
        assertThat(schemas.payloadErrors(heartbeat, json("{\"periodMillis\":1000}")))
                .anySatisfy(e -> assertThat(e).contains("count"));
        String event = doc.channel("controlEvents").messages().get(0);
        assertThat(
                        schemas.payloadErrors(
                                event, json("{\"type\":\"ESTOP_LATCHED\",\"message\":\"m\"}")))
                .isEmpty();
        assertThat(
                        schemas.payloadErrors(
                                event, json("{\"type\":\"ESTOP_OPENED\",\"message\":\"m\"}")))
                .anySatisfy(e -> assertThat(e).contains("type"));
        String supervisor = doc.channel("controlSupervisor").messages().get(0);
        assertThat(
                        schemas.payloadErrors(
                                supervisor,
                                json(
                                        "{\"epoch\":5,\"watchdog\":\"ACTIVE\",\"eStop\":\"CLEAR\",\"senders\":{\"cli\":\"-1\"}}")))
                .anySatisfy(e -> assertThat(e).contains("cli"));
        String state = doc.channel("containerState").messages().get(0);
        String birth =
                "{\"container\":\"c\",\"state\":\"online\",\"reason\":\"started\",\"broker\":"
                        + "\"tcp://h:1\",\"bootId\":\"b\",\"startedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"connectedAt\":\"2026-01-01T00:00:01Z\",\"timestamp\":\"2026-01-01T00:00:02Z\"}";
        assertThat(schemas.payloadErrors(state, json(birth))).isEmpty();
        assertThat(
                        schemas.payloadErrors(
                                state, json(birth.replace("2026-01-01T00:00:00Z", "yesterday"))))
                .anySatisfy(e -> assertThat(e).contains("startedAt"));
        assertThat(schemas.payloadErrors(state, json(birth.replace("\"bootId\"", "\"bogus\""))))
                .anySatisfy(e -> assertThat(e).contains("bogus"))
                .anySatisfy(e -> assertThat(e).contains("bootId"));
        assertThat(schemas.payloadErrors(state, json(birth.replace("started", "connection lost"))))
                .as("the last will cannot know when it is published")
                .isNotEmpty();
        String reply =
                doc.channel("reply").messages().stream()
                        .filter(m -> m.endsWith("/errorReply"))
                        .findFirst()
                        .orElseThrow();
        assertThat(schemas.headerErrors(reply, Map.of("armature-status", "maybe")))
                .anySatisfy(e -> assertThat(e).contains("armature-status"));
        assertThat(
                        schemas.headerErrors(
                                reply,
                                Map.of(
                                        "armature-status", "error",
                                        "armature-sender", "c",
                                        "armature-boot", "b")))
                .isEmpty();
        assertThat(schemas.headerErrors(reply, Map.of("armature-status", "error")))
                .as("a container's reply names its boot")
                .anySatisfy(e -> assertThat(e).contains("armature-boot"));
    }

    /** A sample value for every parameter; the sender-like levels are the acting user. */
    static Map<String, String> samples(AsyncApiDocument.Channel c, String user) {
        Map<String, String> v = new HashMap<>();
        v.put("container", "local");
        v.put("loop", "hand");
        v.put("sim", "hand");
        v.put("policy", "hand");
        v.put("component", "armature.control~hand");
        v.put("driver", "hand");
        v.put("client", "cli-1");
        v.put("stream", "force");
        v.put("sender", user);
        v.put("user", user);
        v.put("device", user);
        v.put("node", "probe");
        v.put("property", "temperature");
        v.put("camera", user); // a device camera's id is its user name
        v.put("object", "tag36h11-7");
        c.parameters()
                .forEach(
                        (name, allowed) -> {
                            if (!allowed.isEmpty()) {
                                v.put(name, allowed.get(0));
                            }
                        });
        return v;
    }

    private static Set<String> properties(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        assertThat(out).as("enum in docs/asyncapi.yaml").isNotEmpty();
        return out;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    // --- the official parser (node + @asyncapi/parser, installed by .ci/run) ---

    private static final Path TOOL = AsyncApiDocument.REPO.resolve("tools/asyncapi");

    private record Parse(int exit, String output) {}

    /**
     * Skips when node or the parser is missing on a developer machine; fails in CI ({@code
     * CI=true}, set by .ci/run), where both must be there.
     */
    private static void requireParser() {
        String why = null;
        if (!nodeRuns()) {
            why = "node is not installed";
        } else if (!Files.isDirectory(TOOL.resolve("node_modules/@asyncapi/parser"))) {
            why =
                    "the AsyncAPI parser is not installed: run `npm ci --ignore-scripts --prefix tools/asyncapi`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must validate docs/asyncapi.yaml, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Parse parse(Path yaml) throws Exception {
        Process p =
                new ProcessBuilder(
                                "node",
                                TOOL.resolve("validate.mjs").toString(),
                                "--strict",
                                yaml.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("AsyncAPI parser finished").isTrue();
        return new Parse(p.exitValue(), out);
    }
}
