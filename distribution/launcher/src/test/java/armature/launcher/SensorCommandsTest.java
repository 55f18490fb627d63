package armature.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.EmbeddedBroker;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code armature sensors} against a retained registry document on a real broker. */
class SensorCommandsTest {
    @TempDir static Path brokerDir;
    private static EmbeddedBroker broker;

    private static final String STATUS =
            "{\"timestampMillis\":1700000010000,"
                    + "\"limits\":{\"maxSampleBytes\":4096,\"maxRateFactor\":4.0,\"maxSensors\":256,"
                    + "\"homieRateHz\":10.0,\"maxClockSkewMillis\":1000,\"clockWindowMillis\":8000},"
                    + "\"sensors\":[{\"id\":\"thermo1\",\"state\":\"OFFLINE\",\"type\":\"thermocouple\","
                    + "\"frameId\":\"bench\",\"nominalRateHz\":10.0,\"fields\":[],\"rateHz\":9.5,"
                    + "\"lastSeenMillis\":1700000007500,\"accepted\":120,\"rejected\":3,"
                    + "\"rejectedBy\":{\"out_of_range\":3},\"lastRejection\":{\"reason\":\"out_of_range\","
                    + "\"message\":\"field 'temperatureC' = 900 degC; allowed: [-50.0, 400.0]\","
                    + "\"atMillis\":1700000007000},\"time\":{\"withSourceTime\":120,"
                    + "\"sourceInFuture\":0,\"farOff\":120,\"offsetNs\":3002000000,"
                    + "\"delayP50Ns\":1500000,\"delayP99Ns\":4200000,\"clockSynchronized\":false,"
                    + "\"latencyP50Ns\":null,\"latencyP99Ns\":null}},"
                    + "{\"id\":\"stray\",\"state\":\"UNDESCRIBED\",\"type\":null,\"frameId\":null,"
                    + "\"nominalRateHz\":null,\"fields\":[],\"rateHz\":0.0,\"lastSeenMillis\":null,"
                    + "\"accepted\":0,\"rejected\":0,\"rejectedBy\":{},\"lastRejection\":null}]}";

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(0, brokerDir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static CliRun cli(String id, String... argv) {
        List<String> a = new ArrayList<>(List.of(argv));
        a.addAll(List.of("--broker", broker.url(), "--id", id, "--timeout", "2"));
        return CliRun.of(a.toArray(String[]::new));
    }

    @Test
    void theTableAndTheJsonShowEverySensorOfTheRegistry() throws Exception {
        PahoMessageBus bus = new PahoMessageBus(BusSettings.of(broker.url(), "lab", "registry"));
        try {
            bus.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            bus.publish(
                            Message.builder(ContainerTopics.of("lab").sensorRegistryStatus())
                                    .payload(STATUS.getBytes(UTF_8))
                                    .contentType(ContentTypes.JSON)
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .retained(true)
                                    .build())
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            CliRun table = cli("lab", "sensors");
            assertThat(table.exit()).as(table.toString()).isZero();
            assertThat(table.out())
                    .containsPattern(
                            "thermo1\\s+OFFLINE\\s+thermocouple\\s+9\\.5\\s+10\\.0\\s+2\\.5 s ago"
                                    + "\\s+120\\s+3\\s+\\+3\\.002 s\\s+1\\.5 ms/4\\.2 ms"
                                    + "\\s+out_of_range: field 'temperatureC' = 900 degC;"
                                    + " allowed: \\[-50\\.0, 400\\.0\\]")
                    .containsPattern(
                            "stray\\s+UNDESCRIBED\\s+-\\s+0\\.0\\s+-\\s+never\\s+0\\s+0\\s+-\\s+-\\s+-")
                    .contains(
                            "thermo1: of 120 samples with a source time, 0 lay in the future and 120"
                                    + " more than 1000 ms from their receive time");
            CliRun json = cli("lab", "sensors", "--json");
            assertThat(json.exit()).as(json.toString()).isZero();
            JsonNode doc = JsonDocs.MAPPER.readTree(json.out());
            assertThat(doc).isEqualTo(JsonDocs.MAPPER.readTree(STATUS));
        } finally {
            bus.close();
        }
    }

    /** A device's own text (quoted in a refusal) must not forge rows or drive the terminal. */
    @Test
    void controlAndDirectionCharactersADeviceSentAreShownEscaped() {
        assertThat(SensorCommands.printable("frameId 'x\nft1  ONLINE'"))
                .isEqualTo("frameId 'x\\u000aft1  ONLINE'");
        assertThat(SensorCommands.printable("w\u001b[2J\u001b[31mRED"))
                .isEqualTo("w\\u001b[2J\\u001b[31mRED");
        assertThat(SensorCommands.printable("unit \u202egnp.exe")).isEqualTo("unit \\u202egnp.exe");
        assertThat(SensorCommands.printable("°C µ é")).isEqualTo("°C µ é");
    }

    @Test
    void withoutARegistryItSaysWhichFeatureIsMissing() {
        CliRun r = cli("bare", "sensors");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
                .contains("no sensor registry status on armature/v1/bare/sensor-registry/status")
                .contains("feature install sensors");
    }
}
