package armature.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.policy.api.ActionMode;
import armature.policy.api.ObservationSlot;
import armature.policy.api.PolicySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A third-party sensor's samples as a policy observation (docs/sensors.md, "Using sensor data in
 * the loop and in policies"): the slot's topic is the sensor's samples topic relative to the
 * container, its field a JSON Pointer into the documented sample payload; the bytes go through the
 * same codec as on the bus.
 */
class SensorObservationTest {
    private static final long MS = 1_000_000L;
    private static final ContainerTopics CONTAINER = ContainerTopics.of("local");
    // The slot topic as a descriptor writes it: relative to armature/v1/<container>/.
    private static final String SAMPLES =
            CONTAINER.sensor("ft1").samples().substring(CONTAINER.root().length() + 1);

    private final AtomicLong now = new AtomicLong(1000 * MS);
    private final JsonCodec json = new JsonCodec();

    private ObservationAssembler assembler(ObservationSlot... slots) {
        return new ObservationAssembler(
                new PolicySpec(List.of(slots), List.of("j0"), ActionMode.POSITION, 50, false),
                100 * MS,
                now::get);
    }

    private Object sample(String payload) {
        return json.decodeTree(SAMPLES, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSamplesTopicIsRelativeToTheContainer() {
        assertThat(SAMPLES).isEqualTo("sensors/ft1/samples");
    }

    @Test
    void aForceArrayAndOneOfItsElementsFillTheirSlotsInOrderAndGoStale() {
        ObservationAssembler o =
                assembler(
                        new ObservationSlot("wristForceN", 3, SAMPLES, "/values/forceN", null),
                        new ObservationSlot("wristForceZN", 1, SAMPLES, "/values/forceN/2", null),
                        new ObservationSlot(
                                "thermoC",
                                1,
                                "sensors/thermo1/samples",
                                "/values/temperatureC",
                                null));
        float[] out = new float[5];
        assertThat(
                        o.json(
                                SAMPLES,
                                sample(
                                        "{\"sourceTimeNs\": 1700000000000000000, \"values\":"
                                                + " {\"forceN\": [0.5, -1.25, 9.75]}}")))
                .isEmpty();
        assertThat(o.assemble(out).message()).contains("no message on sensors/thermo1/samples");
        assertThat(
                        o.json(
                                "sensors/thermo1/samples",
                                sample("{\"values\": {\"temperatureC\": 21.5}}")))
                .isEmpty();
        assertThat(o.assemble(out)).isNull();
        assertThat(out).containsExactly(0.5f, -1.25f, 9.75f, 9.75f, 21.5f);

        // A sensor that falls silent makes the policy wait, never act on an old force.
        now.addAndGet(101 * MS);
        ObservationAssembler.Gap stale = o.assemble(out);
        assertThat(stale.kind()).isEqualTo("stale");
        assertThat(stale.slot()).isEqualTo("wristForceN");
    }

    @Test
    void aSampleWithTheWrongShapeIsNamedAndNotUsed() {
        ObservationAssembler o =
                assembler(new ObservationSlot("wristForceN", 3, SAMPLES, "/values/forceN", null));
        List<ObservationAssembler.Gap> gaps =
                o.json(SAMPLES, sample("{\"values\": {\"forceN\": [1, 2]}}"));
        assertThat(gaps)
                .singleElement()
                .satisfies(
                        g ->
                                assertThat(g.message())
                                        .contains("/values/forceN on sensors/ft1/samples")
                                        .contains("array of 3 numbers"));
        assertThat(o.assemble(new float[3]).kind()).isEqualTo("missing");
    }
}
