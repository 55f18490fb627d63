package armature.sensor.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.sensor.api.FieldType;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import armature.sensor.api.SensorSample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensorPublisherTest {
    private static final SensorDescriptor THERMO =
            new SensorDescriptor(
                    1,
                    "thermo2",
                    "thermocouple",
                    "none",
                    10,
                    List.of(
                            SensorField.number("temperatureC", "degC", -50, 400),
                            new SensorField("forceN", "N", FieldType.ARRAY, 3, -10, 10)));
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00.000000001Z");

    private final RecordingBus bus = new RecordingBus();
    private final SensorPublisher sensor =
            SensorPublisher.start(bus, THERMO, Clock.fixed(T0, ZoneOffset.UTC), 4096);

    private static Map<String, Object> values(Object temperature, Object force) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("temperatureC", temperature);
        v.put("forceN", force);
        return v;
    }

    @Test
    void descriptorThenOnlineRetainedOnTheSensorsTopics() {
        assertThat(sensor.ready().toCompletableFuture()).isCompleted();
        assertThat(bus.published).hasSize(2);
        Message d = bus.published.get(0);
        assertThat(d.topic()).isEqualTo("armature/v1/lab/sensors/thermo2/descriptor");
        assertThat(d.retained()).isTrue();
        assertThat(d.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(d.payloadAsString())
                .isEqualTo(
                        "{\"schemaVersion\":1,\"id\":\"thermo2\",\"type\":\"thermocouple\","
                                + "\"frameId\":\"none\",\"nominalRateHz\":10.0,\"fields\":["
                                + "{\"name\":\"temperatureC\",\"unit\":\"degC\",\"type\":\"number\","
                                + "\"min\":-50.0,\"max\":400.0},"
                                + "{\"name\":\"forceN\",\"unit\":\"N\",\"type\":\"array\",\"size\":3,"
                                + "\"min\":-10.0,\"max\":10.0}]}");
        Message s = bus.published.get(1);
        assertThat(s.topic()).isEqualTo(sensor.topics().state());
        assertThat(s.retained()).isTrue();
        assertThat(s.payloadAsString()).isEqualTo("{\"state\":\"online\"}");
    }

    @Test
    void aSampleCarriesItsSourceTimeInNanosecondsAndIsNeverRetained() {
        sensor.publish(values(21.5, new double[] {0.5, -1, 2}));
        sensor.publish(T0.plusNanos(5), values(22, List.of(1, 2, 3)));
        assertThat(bus.published).hasSize(4);
        Message m = bus.published.get(2);
        assertThat(m.topic()).isEqualTo("armature/v1/lab/sensors/thermo2/samples");
        assertThat(m.retained()).isFalse();
        assertThat(m.qos()).isEqualTo(Qos.AT_MOST_ONCE);
        assertThat(m.payloadAsString())
                .isEqualTo(
                        "{\"sourceTimeNs\":1796472000000000001,"
                                + "\"values\":{\"temperatureC\":21.5,\"forceN\":[0.5,-1.0,2.0]}}");
        assertThat(bus.published.get(3).payloadAsString())
                .isEqualTo(
                        "{\"sourceTimeNs\":1796472000000000006,"
                                + "\"values\":{\"temperatureC\":22,\"forceN\":[1.0,2.0,3.0]}}");
        assertThat(sensor.published()).isEqualTo(2);
    }

    @Test
    void whatTheRegistryWouldRefuseIsRefusedHereNamingFieldValueAndRule() {
        assertThatThrownBy(() -> sensor.publish(values(900.0, new double[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "out_of_range: field 'temperatureC' = 900.0 degC; allowed: [-50.0, 400.0],"
                                + " finite");
        assertThatThrownBy(() -> sensor.publish(values(Double.NaN, new double[3])))
                .hasMessageStartingWith("out_of_range: field 'temperatureC' = NaN");
        assertThatThrownBy(() -> sensor.publish(values("hot", new double[3])))
                .hasMessage(
                        "wrong_type: field 'temperatureC' = hot (String) is not a Number (number)");
        assertThatThrownBy(() -> sensor.publish(values(20.0, new double[2])))
                .hasMessage("wrong_size: field 'forceN' has 2 elements; allowed: exactly 3");
        assertThatThrownBy(() -> sensor.publish(values(20.0, new double[] {0, 11, 0})))
                .hasMessage(
                        "out_of_range: field 'forceN'[1] = 11.0 N; allowed: [-10.0, 10.0], finite");
        assertThatThrownBy(() -> sensor.publish(Map.of("temperatureC", 20.0)))
                .hasMessageStartingWith("missing_field: field 'forceN' is missing");
        Map<String, Object> extra = values(20.0, new double[3]);
        extra.put("humidity", 0.5);
        assertThatThrownBy(() -> sensor.publish(extra))
                .hasMessage(
                        "unknown_field: field 'humidity' is not in the descriptor of thermo2;"
                                + " allowed: [temperatureC, forceN]");
        java.time.Instant after2262 = java.time.Instant.parse("2262-04-12T00:00:00Z");
        assertThatThrownBy(() -> sensor.publish(after2262, values(20.0, new double[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("wrong_type: sourceTime 2262-04-12T00:00:00Z does not fit");
        assertThatThrownBy(() -> sensor.publish(null, values(20.0, new double[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sourceTime is null");
        assertThat(bus.published).hasSize(2); // nothing refused reached the bus
    }

    @Test
    void anIntegerFieldRefusesAFraction() {
        SensorDescriptor counter =
                new SensorDescriptor(
                        1,
                        "c1",
                        "counter",
                        "none",
                        1,
                        List.of(new SensorField("count", "1", FieldType.INTEGER, 0, 0, 100)));
        assertThatThrownBy(() -> SensorJson.sample(counter, Optional.empty(), Map.of("count", 2.0)))
                .hasMessage(
                        "wrong_type: field 'count' = 2.0 (Double) is not a Long, Integer, Short or"
                                + " Byte (integer)");
        assertThat(SensorJson.sample(counter, Optional.empty(), Map.of("count", 2)))
                .isEqualTo("{\"values\":{\"count\":2}}");
    }

    @Test
    void anOversizedSampleIsRefusedBeforeTheBus() {
        SensorDescriptor big =
                new SensorDescriptor(
                        1,
                        "tactile",
                        "tactile-array",
                        "palm",
                        100,
                        List.of(
                                new SensorField(
                                        "pressureKPa", "kPa", FieldType.ARRAY, 1024, 0, 500)));
        SensorPublisher p = SensorPublisher.start(bus, big);
        assertThatThrownBy(() -> p.publish(Map.of("pressureKPa", new double[1024])))
                .hasMessageStartingWith("oversized: a sample of 4")
                .hasMessageEndingWith(
                        "bytes; allowed: at most 4096 (the registry's maxSampleBytes)");
    }

    @Test
    void aSensorSampleOfAnotherSensorIsRefused() {
        SensorSample other =
                new SensorSample("thermo9", Optional.of(T0), T0, values(20.0, new double[3]));
        assertThatThrownBy(() -> sensor.publish(other))
                .hasMessage("sample of sensor 'thermo9' given to the publisher of 'thermo2'");
        SensorSample own =
                new SensorSample("thermo2", Optional.empty(), T0, values(20.0, new double[3]));
        sensor.publish(own);
        assertThat(bus.published.get(2).payloadAsString())
                .isEqualTo("{\"values\":{\"temperatureC\":20.0,\"forceN\":[0.0,0.0,0.0]}}");
    }

    @Test
    void aSampleTheBusCannotSendIsCountedAsFailed() {
        bus.connected = false;
        assertThat(sensor.publish(values(20.0, new double[3])).toCompletableFuture())
                .isCompletedExceptionally();
        assertThat(sensor.failed()).isEqualTo(1);
        assertThat(sensor.published()).isZero();
    }

    @Test
    void closePublishesOfflineRetainedOnceAndRefusesLaterSamples() {
        sensor.close();
        sensor.close();
        assertThat(bus.published).hasSize(3);
        Message off = bus.published.get(2);
        assertThat(off.topic()).isEqualTo(sensor.topics().state());
        assertThat(off.retained()).isTrue();
        assertThat(off.payloadAsString()).isEqualTo("{\"state\":\"offline\"}");
        assertThatThrownBy(() -> sensor.publish(values(20.0, new double[3])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sensor thermo2 is closed");
    }

    @Test
    void noSampleReachesTheBusAfterTheOfflineState() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread th =
                    new Thread(
                            () -> {
                                started.countDown();
                                try {
                                    while (true) {
                                        sensor.publish(values(20.0, new double[3]));
                                    }
                                } catch (IllegalStateException closed) {
                                    // the publisher was closed: this thread is done
                                }
                            });
            th.start();
            threads.add(th);
        }
        started.await();
        // samples are flowing from every side (descriptor + online + 40 samples) when it closes
        assertThat(bus.awaitPublished(42, 10_000)).as("samples before the close").isTrue();
        sensor.close();
        for (Thread th : threads) {
            th.join(10_000);
            assertThat(th.isAlive()).isFalse();
        }
        Message last = bus.published.get(bus.published.size() - 1);
        assertThat(last.topic()).isEqualTo(sensor.topics().state());
        assertThat(last.payloadAsString()).isEqualTo(SensorJson.OFFLINE);
    }

    @Test
    void samplesWaitForTheBrokerToAcknowledgeTheDescriptor() {
        RecordingBus slow = new RecordingBus();
        slow.holdRetained = true;
        SensorPublisher p = SensorPublisher.start(slow, THERMO);
        assertThat(p.ready().toCompletableFuture()).isNotDone();
        assertThat(p.publish(values(20.0, new double[3])).toCompletableFuture())
                .isCompletedExceptionally();
        assertThat(p.failed()).isEqualTo(1);
        assertThat(slow.published).hasSize(2); // descriptor and online, no sample
        slow.heldRetained.forEach(ack -> ack.complete(null));
        assertThat(p.ready().toCompletableFuture()).isCompleted();
        assertThat(p.publish(values(20.0, new double[3])).toCompletableFuture()).isCompleted();
        assertThat(p.published()).isEqualTo(1);
    }
}
