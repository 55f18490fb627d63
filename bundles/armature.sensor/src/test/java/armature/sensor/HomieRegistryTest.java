package armature.sensor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.HomieTopics;
import armature.sensor.api.RejectionReason;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Homie 5 devices in the registry: $state, $description and property values, good and bad. */
class HomieRegistryTest {
    static final String DESCRIPTION =
            "{\"homie\":\"5.0\",\"version\":3,\"name\":\"Bench thermometer\",\"nodes\":{"
                    + "\"probe\":{\"name\":\"Probe\",\"properties\":{"
                    + "\"temperature\":{\"datatype\":\"float\",\"unit\":\"°C\",\"format\":\"-20:120\"},"
                    + "\"samples-taken\":{\"datatype\":\"integer\",\"format\":\"0:\"},"
                    + "\"contact\":{\"datatype\":\"boolean\",\"format\":\"open,closed\"},"
                    + "\"label\":{\"datatype\":\"string\"},"
                    + "\"mode\":{\"datatype\":\"enum\",\"format\":\"fast,slow\"}}},"
                    + "\"fan\":{\"properties\":{\"speed\":{\"datatype\":\"integer\",\"unit\":\"rpm\","
                    + "\"format\":\"0:3000:10\",\"settable\":true}}}}}";
    private static final String DEV = "bench-1";

    private final TestClock clock = new TestClock();
    private final SensorRegistry registry =
            new SensorRegistry(RegistryLimits.defaults(), clock, clock::nanos, new ObjectMapper());

    private void state(String s) {
        assertThat(registry.onHomie(HomieTopics.state(DEV), s.getBytes(UTF_8), true)).isNull();
    }

    private void describe(String json) {
        registry.onHomie(HomieTopics.description(DEV), json.getBytes(UTF_8), true);
    }

    private SampleReader.Outcome value(String node, String prop, String v) {
        return registry.onHomie(HomieTopics.property(DEV, node, prop), v.getBytes(UTF_8), false);
    }

    private RegistryStatus.Sensor device() {
        return registry.status().sensors().stream()
                .filter(s -> s.id().equals(DEV) && s.source().equals("homie"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aDeviceIsMappedToASensorWithOneFieldPerNumberIntegerOrBoolean() {
        state("init");
        assertThat(device().state()).isEqualTo("UNDESCRIBED");
        describe(DESCRIPTION);
        RegistryStatus.Sensor d = device();
        assertThat(d.state()).as("init: not ready yet").isEqualTo("UNKNOWN");
        assertThat(d.type()).isEqualTo("homie");
        assertThat(d.frameId()).isEqualTo("none");
        assertThat(d.nominalRateHz()).isEqualTo(10.0);
        assertThat(d.fields())
                .containsExactly(
                        new RegistryStatus.Field("probe_temperature", "°C", "number"),
                        new RegistryStatus.Field("probe_samples_taken", "1", "integer"),
                        new RegistryStatus.Field("probe_contact", "", "boolean"),
                        new RegistryStatus.Field("fan_speed", "rpm", "integer"));
        assertThat(d.homie().version()).isEqualTo(3L);
        assertThat(d.homie().ignored())
                .containsExactly(
                        new RegistryStatus.Ignored(
                                "probe/label",
                                "string",
                                "datatype string is not a number, integer or boolean"),
                        new RegistryStatus.Ignored(
                                "probe/mode",
                                "enum",
                                "datatype enum is not a number, integer or boolean"));
        assertThat(d.rejected()).as("ignored properties are not errors").isZero();
        state("ready");
        assertThat(device().state()).isEqualTo("ONLINE");
        assertThat(device().homie().state()).isEqualTo("ready");
        for (String[] off : new String[][] {{"sleeping"}, {"disconnected"}, {"lost"}}) {
            state(off[0]);
            assertThat(device().state()).as(off[0]).isEqualTo("OFFLINE");
            assertThat(device().homie().state()).isEqualTo(off[0]);
        }
        registry.onHomie(HomieTopics.description(DEV), new byte[0], true);
        assertThat(device().state()).as("a cleared $description").isEqualTo("UNDESCRIBED");
        assertThat(device().rejected()).as("is no error of the device").isZero();
        describe(DESCRIPTION);
        state("on fire");
        assertThat(device().lastRejection().message())
                .isEqualTo("$state 'on fire'; allowed: init, ready, disconnected, sleeping, lost");
        assertThat(device().state()).isEqualTo("OFFLINE");
        registry.onHomie(HomieTopics.state(DEV), new byte[0], true);
        assertThat(registry.status().sensors()).as("an empty $state removes the device").isEmpty();
    }

    @Test
    void everyPropertyUpdateIsOneSampleOfThatFieldReadByTheHomieRules() {
        describe(DESCRIPTION);
        state("ready");
        SampleReader.Outcome o = value("probe", "temperature", "21.5");
        assertThat(o.isAccepted()).as(String.valueOf(o)).isTrue();
        assertThat(o.sample().values()).isEqualTo(Map.of("probe_temperature", 21.5));
        assertThat(o.sample().sourceTime()).isEmpty();
        assertThat(o.sample().receiveTime()).isEqualTo(clock.instant());
        assertThat(value("probe", "temperature", "-1.5e1").sample().number("probe_temperature"))
                .isEqualTo(-15.0);
        assertThat(value("probe", "temperature", ".5").isAccepted()).isTrue();
        assertThat(value("probe", "samples-taken", "42").sample().values())
                .isEqualTo(Map.of("probe_samples_taken", 42L));
        assertThat(value("probe", "contact", "false").sample().values())
                .isEqualTo(Map.of("probe_contact", false));
        assertThat(value("fan", "speed", "2995").isAccepted())
                .as("the step is not enforced")
                .isTrue();
        // a string property's value and the broker's stored copies are no samples
        assertThat(value("probe", "label", "whatever")).isNull();
        assertThat(
                        registry.onHomie(
                                HomieTopics.property(DEV, "probe", "temperature"),
                                "900".getBytes(UTF_8),
                                true))
                .isNull();
        assertThat(value("probe", "temperature", "")).isNull();
        assertThat(device().accepted()).isEqualTo(6);
        assertThat(device().rejected()).isZero();
        assertThat(device().state()).isEqualTo("ONLINE");
    }

    @Test
    void badValuesAreRefusedWithTheReasonsAndCountersOfJsonSamples() {
        describe(DESCRIPTION);
        refused(
                "probe",
                "temperature",
                "21,5",
                RejectionReason.WRONG_TYPE,
                "field 'probe_temperature' = \"21,5\" is not a Homie float (digits, an optional"
                        + " '-', '.' and exponent)");
        refused("probe", "temperature", "NaN", RejectionReason.WRONG_TYPE, null);
        refused("probe", "temperature", "+1", RejectionReason.WRONG_TYPE, null);
        refused("probe", "temperature", " 21", RejectionReason.WRONG_TYPE, null);
        refused("probe", "temperature", "\u0000", RejectionReason.WRONG_TYPE, null);
        refused(
                "probe",
                "temperature",
                "121",
                RejectionReason.OUT_OF_RANGE,
                "field 'probe_temperature' = 121.0 °C; allowed: [-20.0, 120.0]");
        refused("probe", "temperature", "1e400", RejectionReason.OUT_OF_RANGE, null);
        refused(
                "probe",
                "samples-taken",
                "1.5",
                RejectionReason.WRONG_TYPE,
                "field 'probe_samples_taken' = \"1.5\" is not a Homie integer (digits and an"
                        + " optional '-')");
        refused("probe", "samples-taken", "-1", RejectionReason.OUT_OF_RANGE, null);
        refused(
                "probe",
                "samples-taken",
                "99999999999999999999",
                RejectionReason.OUT_OF_RANGE,
                "field 'probe_samples_taken' = 99999999999999999999; allowed: a 64-bit integer");
        refused(
                "probe",
                "contact",
                "TRUE",
                RejectionReason.WRONG_TYPE,
                "field 'probe_contact' = \"TRUE\" is not true or false");
        refused(
                "probe",
                "humidity",
                "40",
                RejectionReason.UNKNOWN_FIELD,
                "property 'probe/humidity' is not in the $description; allowed: [probe/temperature,"
                        + " probe/samples-taken, probe/contact, fan/speed]");
        refused(
                "probe",
                "temperature",
                "1".repeat(5000),
                RejectionReason.OVERSIZED,
                "payload of 5000 bytes; allowed: at most 4096");
        SampleReader.Outcome notUtf8 =
                registry.onHomie(
                        HomieTopics.property(DEV, "probe", "temperature"),
                        new byte[] {(byte) 0xff, '1'},
                        false);
        assertThat(notUtf8.reason()).isEqualTo(RejectionReason.WRONG_TYPE);
        RegistryStatus.Sensor d = device();
        assertThat(d.rejected()).isEqualTo(14);
        assertThat(d.rejectedBy())
                .containsEntry("wrong_type", 8L)
                .containsEntry("out_of_range", 4L)
                .containsEntry("unknown_field", 1L)
                .containsEntry("oversized", 1L);
        assertThat(value("probe", "temperature", "20").isAccepted()).isTrue();
    }

    @Test
    void aFloodIsRefusedAboveTheRateFactorOfTheHomieRate() {
        describe(DESCRIPTION); // 10 updates/s assumed x factor 4, one second saved up
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (value("probe", "temperature", "20").isAccepted()) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(40);
        assertThat(device().rejectedBy()).containsEntry("rate_exceeded", 60L);
    }

    @Test
    void badDescriptionsLeaveTheDeviceUndescribedAndSayWhy() {
        badDescription("{\"homie\":", "$description is not JSON: ");
        badDescription("[1]", "$description must be a JSON object");
        badDescription(
                DESCRIPTION.replace("\"5.0\"", "\"4.0\""),
                "$description: homie \"4.0\" is not supported; allowed: \"5.x\"");
        badDescription(
                DESCRIPTION.replace("\"version\":3,", ""),
                "$description: version missing is not allowed; allowed: an integer");
        badDescription(
                "{\"homie\":\"5.0\",\"version\":1,\"nodes\":[{\"id\":\"probe\"}]}",
                "$description: nodes must be an object of nodes by id, was [{\"id\":\"probe\"}]");
        badDescription(
                DESCRIPTION.replace("\"probe\":{", "\"Probe\":{"),
                "node id 'Probe' is not allowed; allowed: 1-64 of a-z, 0-9 and '-', not first or"
                        + " last");
        badDescription(
                DESCRIPTION.replace("\"datatype\":\"float\"", "\"datatype\":\"double\""),
                "node 'probe' property 'temperature': datatype \"double\" is not allowed; allowed:"
                        + " integer, float, boolean, string, enum, color, datetime, duration, json");
        badDescription(
                DESCRIPTION.replace("\"-20:120\"", "\"cold:hot\""),
                "node 'probe' property 'temperature': format bound 'cold' is not a Homie float;"
                        + " allowed: \"[min]:[max][:step]\"");
        badDescription(
                DESCRIPTION.replace("\"-20:120\"", "\"120:-20\""),
                "node 'probe' property 'temperature': format '120:-20' has min > max");
        badDescription(
                DESCRIPTION.replace("\"-20:120\"", "\"1e400:\""),
                "node 'probe' property 'temperature': format bound '1e400' is not a finite number;"
                        + " allowed: a bound a double can hold, or none");
        badDescription(
                "{\"homie\":\"5.0\",\"version\":1,\"nodes\":{\"n\":{\"properties\":{"
                        + "\"p\":{\"datatype\":\"string\"}}}}}",
                "$description: none of its 1 properties is an integer, float or boolean; ignored:"
                        + " [n/p]");
        assertThat(value("probe", "temperature", "20").reason())
                .isEqualTo(RejectionReason.NO_DESCRIPTOR);
        describe(DESCRIPTION);
        assertThat(value("probe", "temperature", "20").isAccepted()).isTrue();
    }

    @Test
    void namesThatCollideOrBreakTheFieldRuleAreIgnoredNotFatal() {
        describe(
                "{\"homie\":\"5.0\",\"version\":1,\"nodes\":{"
                        + "\"a-b\":{\"properties\":{\"c\":{\"datatype\":\"float\"}}},"
                        + "\"a\":{\"properties\":{\"b-c\":{\"datatype\":\"float\"},"
                        + "\"u\":{\"datatype\":\"float\",\"unit\":\""
                        + "x".repeat(40)
                        + "\"}}},"
                        + "\"7\":{\"properties\":{\"t\":{\"datatype\":\"integer\"}}}}}");
        RegistryStatus.Sensor d = device();
        assertThat(d.fields()).extracting(RegistryStatus.Field::name).containsExactly("a_b_c");
        assertThat(d.homie().ignored())
                .extracting(RegistryStatus.Ignored::property, RegistryStatus.Ignored::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "a/b-c", "field name 'a_b_c' is taken by a-b/c"),
                        org.assertj.core.groups.Tuple.tuple(
                                "a/u",
                                "field 'a_u': unit '"
                                        + "x".repeat(40)
                                        + "' is not allowed; allowed: 1 to 32 characters, no control"
                                        + " characters (\"1\" when dimensionless), empty only for a"
                                        + " boolean"),
                        org.assertj.core.groups.Tuple.tuple(
                                "7/t",
                                "field name '7_t' is not allowed; allowed: a letter, then letters,"
                                        + " digits or '_', at most 64"));
    }

    @Test
    void aPlainSensorAndAHomieDeviceOfOneCredentialAreTwoEntries() {
        registry.onDescriptor(
                DEV, SensorRegistryTest.THERMO.replace("thermo1", DEV).getBytes(UTF_8));
        describe(DESCRIPTION);
        List<RegistryStatus.Sensor> all = registry.status().sensors();
        assertThat(all)
                .extracting(RegistryStatus.Sensor::id, RegistryStatus.Sensor::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DEV, "mqtt"),
                        org.assertj.core.groups.Tuple.tuple(DEV, "homie"));
        assertThat(all.get(0).homie()).isNull();
    }

    private void refused(String node, String prop, String v, RejectionReason r, String message) {
        SampleReader.Outcome o = value(node, prop, v);
        assertThat(o.reason()).as(node + "/" + prop + " = " + v).isEqualTo(r);
        if (message != null) {
            assertThat(o.message()).isEqualTo(message);
        }
    }

    private void badDescription(String json, String message) {
        describe(json);
        RegistryStatus.Sensor d = device();
        assertThat(d.state()).isEqualTo("UNDESCRIBED");
        assertThat(d.lastRejection().reason()).isEqualTo("bad_descriptor");
        assertThat(d.lastRejection().message()).startsWith(message);
    }
}
