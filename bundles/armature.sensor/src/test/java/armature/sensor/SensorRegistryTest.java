package armature.sensor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorSample;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensorRegistryTest {
    static final String THERMO =
            "{\"schemaVersion\":1,\"id\":\"thermo1\",\"type\":\"thermocouple\",\"frameId\":\"bench\","
                    + "\"nominalRateHz\":10,\"fields\":["
                    + "{\"name\":\"temperatureC\",\"unit\":\"degC\",\"type\":\"number\",\"min\":-50,\"max\":400},"
                    + "{\"name\":\"count\",\"unit\":\"1\",\"type\":\"integer\",\"min\":0},"
                    + "{\"name\":\"forceN\",\"unit\":\"N\",\"type\":\"array\",\"size\":3,\"min\":-10,\"max\":10},"
                    + "{\"name\":\"contact\",\"type\":\"boolean\"}]}";
    static final String GOOD =
            "{\"sourceTimeNs\":1700000000123456789,\"values\":{\"temperatureC\":21.5,\"count\":7,"
                    + "\"forceN\":[0.5,-1,2],\"contact\":true}}";

    private final TestClock clock = new TestClock();
    private final SensorRegistry registry =
            new SensorRegistry(RegistryLimits.defaults(), clock, clock::nanos, new ObjectMapper());

    private SampleReader.Outcome sample(String id, String json) {
        return registry.onSample(id, json.getBytes(UTF_8));
    }

    private RegistryStatus.Sensor sensor(String id) {
        return registry.status().sensors().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private void describeThermo() {
        registry.onDescriptor("thermo1", THERMO.getBytes(UTF_8));
    }

    @Test
    void aValidSampleKeepsItsValuesAndBothTimes() {
        describeThermo();
        SampleReader.Outcome o = sample("thermo1", GOOD);
        assertThat(o.isAccepted()).as(String.valueOf(o)).isTrue();
        SensorSample s = o.sample();
        assertThat(s.number("temperatureC")).isEqualTo(21.5);
        assertThat(s.values().get("count")).isEqualTo(7L);
        assertThat((double[]) s.values().get("forceN")).containsExactly(0.5, -1, 2);
        assertThat(s.values().get("contact")).isEqualTo(true);
        assertThat(s.sourceTime()).contains(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
        assertThat(s.receiveTime()).isEqualTo(clock.instant());
        RegistryStatus.Sensor st = sensor("thermo1");
        assertThat(st.state()).isEqualTo("ONLINE");
        assertThat(st.accepted()).isEqualTo(1);
        assertThat(st.rejected()).isZero();
        assertThat(st.lastSeenMillis()).isEqualTo(clock.millis());
        assertThat(st.fields())
                .extracting(RegistryStatus.Field::unit)
                .containsExactly("degC", "1", "N", "");
    }

    @Test
    void everyKindOfBadSampleIsRefusedWithItsReasonAndCounted() {
        describeThermo();
        String v = "\"count\":7,\"forceN\":[0,0,0],\"contact\":false";
        assertRejected(
                "{\"values\":{\"temperatureC\":\"hot\"," + v + "}}",
                RejectionReason.WRONG_TYPE,
                "field 'temperatureC' = \"hot\" is not a number (number)");
        assertRejected(
                "{\"values\":{\"temperatureC\":21,\"count\":1.5,\"forceN\":[0,0,0],\"contact\":false}}",
                RejectionReason.WRONG_TYPE,
                "field 'count' = 1.5 is not an integer (integer)");
        assertRejected(
                "{\"values\":{" + v + "}}",
                RejectionReason.MISSING_FIELD,
                "field 'temperatureC' is missing; every sample carries [temperatureC, count, forceN,"
                        + " contact]");
        assertRejected(
                "{\"values\":{\"temperatureC\":900," + v + "}}",
                RejectionReason.OUT_OF_RANGE,
                "field 'temperatureC' = 900 degC; allowed: [-50.0, 400.0]");
        assertRejected(
                "{\"values\":{\"temperatureC\":20,\"count\":7,\"forceN\":[0,11,0],\"contact\":false}}",
                RejectionReason.OUT_OF_RANGE,
                "field 'forceN'[1] = 11 N; allowed: [-10.0, 10.0]");
        assertRejected(
                "{\"values\":{\"temperatureC\":20,\"count\":7,\"forceN\":[0,1],\"contact\":false}}",
                RejectionReason.WRONG_SIZE,
                "field 'forceN' has 2 elements; allowed: exactly 3");
        assertRejected(
                "{\"values\":{\"temperatureC\":20,\"humidity\":3," + v + "}}",
                RejectionReason.UNKNOWN_FIELD,
                "field 'humidity' is not in the descriptor; allowed: [temperatureC, count, forceN,"
                        + " contact]");
        assertRejected("garbage", RejectionReason.MALFORMED, null);
        assertRejected("[1,2]", RejectionReason.MALFORMED, null);
        assertRejected(
                "{\"values\":{\"temperatureC\":1e400," + v + "}}",
                RejectionReason.OUT_OF_RANGE,
                null);
        assertRejected(
                "{\"values\":{\"temperatureC\":20," + v + "},\"pad\":\"" + "x".repeat(5000) + "\"}",
                RejectionReason.OVERSIZED,
                null);
        RegistryStatus.Sensor st = sensor("thermo1");
        assertThat(st.rejected()).isEqualTo(11);
        assertThat(st.accepted()).isZero();
        assertThat(st.rejectedBy())
                .containsEntry("wrong_type", 2L)
                .containsEntry("out_of_range", 3L)
                .containsEntry("malformed", 2L)
                .containsEntry("oversized", 1L);
        assertThat(st.lastRejection().reason()).isEqualTo("oversized");
        assertThat(st.lastRejection().message())
                .startsWith("payload of ")
                .endsWith("bytes; allowed: at most 4096");
        // and the sensor still takes the next good sample
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
    }

    @Test
    void repeatedKeysAndTrailingTextAreMalformedAsTheLoopReadsThem() {
        describeThermo();
        assertRejected(
                "{\"values\":{\"temperatureC\":20,\"temperatureC\":90,\"count\":1,"
                        + "\"forceN\":[0,0,0],\"contact\":true}}",
                RejectionReason.MALFORMED,
                null);
        assertRejected(GOOD + " trailing", RejectionReason.MALFORMED, null);
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
    }

    @Test
    void anInfiniteBoundAndAUnitWithControlCharactersAreBadDescriptors() {
        registry.onDescriptor(
                "thermo1", THERMO.replace("\"min\":-50", "\"min\":1e400").getBytes(UTF_8));
        assertThat(sensor("thermo1").lastRejection().message())
                .contains("min = ")
                .contains("is not a finite number; leave it out for no bound");
        registry.onDescriptor(
                "thermo1", THERMO.replace("\"degC\"", "\"\\u001b[2J\\nFAKE\"").getBytes(UTF_8));
        assertThat(sensor("thermo1").lastRejection().message())
                .contains("unit '?[2J?FAKE' is not allowed")
                .contains("no control characters");
        assertThat(sample("thermo1", GOOD).reason()).isEqualTo(RejectionReason.NO_DESCRIPTOR);
    }

    private void assertRejected(String json, RejectionReason reason, String message) {
        SampleReader.Outcome o = sample("thermo1", json);
        assertThat(o.reason()).as(json).isEqualTo(reason);
        if (message != null) {
            assertThat(o.message()).isEqualTo(message);
        }
    }

    @Test
    void aFloodAboveTheRateFactorIsRefusedAndTheRateRecovers() {
        describeThermo(); // 10 Hz x factor 4 = 40 samples/s, one second saved up
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (sample("thermo1", GOOD).isAccepted()) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(40);
        RegistryStatus.Sensor st = sensor("thermo1");
        assertThat(st.rejectedBy()).containsEntry("rate_exceeded", 60L);
        assertThat(st.lastRejection().message())
                .isEqualTo("more than 40.0 samples/s (4.0 x nominal 10.0 Hz)");
        clock.advanceMillis(100); // 4 tokens back
        int later = 0;
        for (int i = 0; i < 10; i++) {
            if (sample("thermo1", GOOD).isAccepted()) {
                later++;
            }
        }
        assertThat(later).isEqualTo(4);
    }

    @Test
    void aNeighboursGarbageAndFloodNeverCostAValidSample() {
        describeThermo();
        registry.onDescriptor("noisy", THERMO.replace("thermo1", "noisy").getBytes(UTF_8));
        int accepted = 0;
        for (int i = 0; i < 30; i++) {
            for (int k = 0; k < 20; k++) {
                sample("noisy", k % 2 == 0 ? "{\"values\":{}}" : GOOD);
            }
            sample("stranger", GOOD);
            if (sample("thermo1", GOOD).isAccepted()) {
                accepted++;
            }
            clock.advanceMillis(100); // thermo1 at its nominal 10 Hz
        }
        assertThat(accepted).isEqualTo(30);
        RegistryStatus.Sensor thermo = sensor("thermo1");
        assertThat(thermo.rejected()).isZero();
        assertThat(thermo.lastRejection()).isNull();
        assertThat(thermo.rateHz()).isBetween(9.0, 11.0);
        RegistryStatus.Sensor noisy = sensor("noisy");
        assertThat(noisy.rejectedBy()).containsKeys("missing_field", "rate_exceeded");
        RegistryStatus.Sensor stranger = sensor("stranger");
        assertThat(stranger.state()).isEqualTo("UNDESCRIBED");
        assertThat(stranger.rejectedBy()).containsEntry("no_descriptor", 30L);
    }

    @Test
    void theLastWillTakesASensorOfflineAndAnEmptyDescriptorRemovesIt() {
        describeThermo();
        assertThat(sensor("thermo1").state()).isEqualTo("UNKNOWN");
        registry.onState("thermo1", "{\"state\":\"online\"}".getBytes(UTF_8));
        assertThat(sensor("thermo1").state()).isEqualTo("ONLINE");
        registry.onState("thermo1", "{\"state\":\"offline\"}".getBytes(UTF_8));
        assertThat(sensor("thermo1").state()).isEqualTo("OFFLINE");
        registry.onState("thermo1", "dead".getBytes(UTF_8));
        assertThat(sensor("thermo1").state()).isEqualTo("OFFLINE");
        assertThat(sensor("thermo1").lastRejection().message())
                .isEqualTo(
                        "state 'dead'; allowed: {\"state\": \"online\"} or {\"state\":"
                                + " \"offline\"}");
        registry.onDescriptor("thermo1", new byte[0]);
        assertThat(registry.status().sensors()).isEmpty();
    }

    @Test
    void aSampleDeliveredJustAfterTheOfflineDoesNotReviveTheSensorButOneAfterTheGraceDoes() {
        describeThermo();
        registry.onState("thermo1", "{\"state\":\"online\"}".getBytes(UTF_8));
        registry.onState("thermo1", "{\"state\":\"offline\"}".getBytes(UTF_8));
        // sent before the offline, delivered after it: counted, but the device said offline
        clock.advanceMillis(5);
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
        assertThat(sensor("thermo1").state()).isEqualTo("OFFLINE");
        assertThat(sensor("thermo1").accepted()).isEqualTo(1);
        // a device that came back and streams without saying online
        clock.advanceMillis(1000);
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
        assertThat(sensor("thermo1").state()).isEqualTo("ONLINE");
    }

    /**
     * A device still connected (no last will) that stops measuring: SILENT after five nominal
     * periods, at least 1 s, counted from its last valid sample or its online announcement; a valid
     * sample brings it back, refused ones do not.
     */
    @Test
    void aConnectedSensorThatStopsSendingValidSamplesIsSilent() {
        describeThermo(); // 10 Hz: five periods are 0.5 s, so the 1 s floor applies
        registry.onState("thermo1", "{\"state\":\"online\"}".getBytes(UTF_8));
        clock.advanceMillis(1000);
        assertThat(sensor("thermo1").state()).isEqualTo("ONLINE");
        clock.advanceMillis(1);
        assertThat(sensor("thermo1").state())
                .as("online, never a sample, for 1.001 s")
                .isEqualTo("SILENT");
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
        assertThat(sensor("thermo1").state()).isEqualTo("ONLINE");
        clock.advanceMillis(900);
        assertThat(sample("thermo1", "{\"values\":{\"temperatureC\":900}}").isAccepted()).isFalse();
        clock.advanceMillis(200);
        assertThat(sensor("thermo1").state())
                .as("only a refused sample in the last 1.1 s")
                .isEqualTo("SILENT");
        registry.onState("thermo1", "{\"state\":\"offline\"}".getBytes(UTF_8));
        assertThat(sensor("thermo1").state()).isEqualTo("OFFLINE");
    }

    @Test
    void aSlowSensorMayBeQuietForFiveOfItsPeriods() {
        registry.onDescriptor(
                "thermo1",
                THERMO.replace("\"nominalRateHz\":10", "\"nominalRateHz\":0.5").getBytes(UTF_8));
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
        clock.advanceMillis(10_000);
        assertThat(sensor("thermo1").state()).isEqualTo("ONLINE");
        clock.advanceMillis(1);
        assertThat(sensor("thermo1").state()).isEqualTo("SILENT");
    }

    @Test
    void aDescriptorThatBreaksARuleLeavesTheSensorUndescribed() {
        registry.onDescriptor("thermo2", THERMO.getBytes(UTF_8)); // id thermo1 on thermo2's topic
        RegistryStatus.Sensor st = sensor("thermo2");
        assertThat(st.state()).isEqualTo("UNDESCRIBED");
        assertThat(st.lastRejection().message())
                .isEqualTo("id 'thermo1' differs from the topic's sensor level 'thermo2'");
        registry.onDescriptor(
                "thermo1", THERMO.replace("\"max\":400", "\"mx\":400").getBytes(UTF_8));
        assertThat(sensor("thermo1").lastRejection().message())
                .startsWith("field 'temperatureC': property 'mx' is unknown; allowed: ");
        assertThat(sample("thermo1", GOOD).reason()).isEqualTo(RejectionReason.NO_DESCRIPTOR);
        describeThermo();
        assertThat(sample("thermo1", GOOD).isAccepted()).isTrue();
    }

    @Test
    void sourceTimesGiveTheOffsetAndDelayAndASynchronisedClockTheLatency() {
        SensorRegistry synced =
                new SensorRegistry(
                        RegistryLimits.defaults(),
                        clock,
                        clock::nanos,
                        new ObjectMapper(),
                        java.util.Set.of("thermo1"));
        synced.onDescriptor("thermo1", THERMO.getBytes(UTF_8));
        synced.onDescriptor("noisy", THERMO.replace("thermo1", "noisy").getBytes(UTF_8));
        String v =
                "\"values\":{\"temperatureC\":21.5,\"count\":7,\"forceN\":[0,0,0],\"contact\":true}";
        for (int i = 0; i < 50; i++) {
            long now =
                    clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
            // thermo1 measured 3 ms (+1 ms every 10th sample) before it arrived; noisy's clock
            // runs 5 s ahead of ours
            long lat = i % 10 == 0 ? 4_000_000L : 3_000_000L;
            assertThat(
                            synced.onSample(
                                            "thermo1",
                                            ("{\"sourceTimeNs\":" + (now - lat) + "," + v + "}")
                                                    .getBytes(UTF_8))
                                    .isAccepted())
                    .isTrue();
            synced.onSample(
                    "noisy",
                    ("{\"sourceTimeNs\":" + (now + 5_000_000_000L) + "," + v + "}")
                            .getBytes(UTF_8));
            synced.onSample("noisy", ("{" + v + "}").getBytes(UTF_8));
            clock.advanceMillis(100);
        }
        RegistryStatus.Time t = synced.status().sensors().get(1).time();
        assertThat(synced.status().sensors().get(1).id()).isEqualTo("thermo1");
        assertThat(t.withSourceTime()).isEqualTo(50);
        assertThat(t.sourceInFuture()).isZero();
        assertThat(t.farOff()).isZero();
        assertThat(t.offsetNs()).isEqualTo(3_000_000L);
        assertThat(t.delayP50Ns()).isEqualTo(500L); // the fastest bin: 0-1 us above the minimum
        assertThat(t.delayP99Ns()).isBetween(875_000L, 1_125_000L);
        assertThat(t.clockSynchronized()).isTrue();
        assertThat(t.latencyP50Ns()).isEqualTo(3_000_500L);
        assertThat(t.latencyP99Ns()).isBetween(3_875_000L, 4_125_000L);
        RegistryStatus.Time n = synced.status().sensors().get(0).time();
        assertThat(n.withSourceTime())
                .as("a sample without source time is not counted")
                .isEqualTo(50);
        assertThat(n.sourceInFuture()).isEqualTo(50);
        assertThat(n.farOff()).isEqualTo(50);
        assertThat(n.offsetNs()).isEqualTo(-5_000_000_000L);
        assertThat(n.clockSynchronized()).isFalse();
        assertThat(n.latencyP50Ns())
                .as("no absolute latency from an unsynchronised clock")
                .isNull();
    }
}
