package armature.sensor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import armature.sensor.api.FieldType;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import armature.sensor.sdk.SensorJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the SDK writes, judged by the registry's own parser and registry (this test sits in the
 * registry's package to reach them): the descriptor reads back equal, and samples, the online state
 * and the offline state are taken exactly as a device's would be.
 */
class SdkOutputAcceptedTest {
    static final SensorDescriptor FT =
            new SensorDescriptor(
                    1,
                    "ft1",
                    "force-torque",
                    "wrist",
                    500,
                    List.of(
                            new SensorField("forceN", "N", FieldType.ARRAY, 3, -200, 200),
                            new SensorField("torqueNm", "N*m", FieldType.ARRAY, 3, -10, 10),
                            SensorField.number("temperatureC", "degC \"board\"", -40, 125),
                            new SensorField(
                                    "count",
                                    "1",
                                    FieldType.INTEGER,
                                    0,
                                    0,
                                    Double.POSITIVE_INFINITY),
                            new SensorField(
                                    "saturated",
                                    "",
                                    FieldType.BOOLEAN,
                                    0,
                                    Double.NEGATIVE_INFINITY,
                                    Double.POSITIVE_INFINITY)));

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong nanos = new AtomicLong();
    private final SensorRegistry registry =
            new SensorRegistry(
                    RegistryLimits.defaults(),
                    Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                    () -> nanos.addAndGet(2_000_000), // 2 ms apart: 500 Hz, inside the rate budget
                    json);

    @Test
    void theRegistryReadsTheDescriptorBackAsItWas() {
        String text = SensorJson.descriptor(FT);
        assertThat(new DescriptorJson(json).parse(text.getBytes(UTF_8))).isEqualTo(FT);
    }

    @Test
    void samplesStatesAndTimesAreAcceptedAsWritten() {
        registry.onDescriptor("ft1", SensorJson.descriptor(FT).getBytes(UTF_8));
        registry.onState("ft1", SensorJson.ONLINE.getBytes(UTF_8));
        Instant measured = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        for (int i = 0; i < 10; i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("forceN", new double[] {0.1 * i, -2.5e-7, 199.99});
            v.put("torqueNm", new float[] {0.5f, -10f, 1e-3f});
            v.put("temperatureC", i == 0 ? (Object) 21 : (Object) 21.5);
            v.put("count", (long) i);
            v.put("saturated", i % 2 == 0);
            String sample = SensorJson.sample(FT, Optional.of(measured), v);
            SampleReader.Outcome o = registry.onSample("ft1", sample.getBytes(UTF_8));
            assertThat(o.isAccepted()).as(sample + ": " + o.message()).isTrue();
            assertThat(o.sample().sourceTime()).contains(measured);
            assertThat((double[]) o.sample().values().get("forceN"))
                    .containsExactly(0.1 * i, -2.5e-7, 199.99);
            assertThat(o.sample().values().get("count")).isEqualTo((long) i);
        }
        String withoutTime =
                SensorJson.sample(
                        FT,
                        Optional.empty(),
                        Map.of(
                                "forceN",
                                List.of(1, 2, 3),
                                "torqueNm",
                                new double[3],
                                "temperatureC",
                                20.0,
                                "count",
                                3,
                                "saturated",
                                false));
        assertThat(withoutTime).doesNotContain("sourceTimeNs");
        assertThat(registry.onSample("ft1", withoutTime.getBytes(UTF_8)).isAccepted()).isTrue();

        RegistryStatus.Sensor s = registry.status().sensors().get(0);
        assertThat(s.state()).isEqualTo("ONLINE");
        assertThat(s.accepted()).isEqualTo(11);
        assertThat(s.rejected()).isZero();

        registry.onState("ft1", SensorJson.OFFLINE.getBytes(UTF_8));
        assertThat(registry.status().sensors().get(0).state()).isEqualTo("OFFLINE");
        assertThat(registry.status().sensors().get(0).rejected()).isZero();
    }
}
