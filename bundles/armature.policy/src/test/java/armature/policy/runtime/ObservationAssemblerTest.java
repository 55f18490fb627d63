package armature.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.FrameWriter;
import armature.policy.api.ActionMode;
import armature.policy.api.ObservationSlot;
import armature.policy.api.PolicySpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ObservationAssemblerTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * MS);
    private final PolicySpec spec =
            new PolicySpec(
                    List.of(
                            new ObservationSlot(
                                    "q", 2, "control/hand/state", "positionRad", List.of("b", "a")),
                            new ObservationSlot(
                                    "blockM", 3, "sim/hand/objects", "/objects/0/positionM", null)),
                    List.of("a"),
                    ActionMode.POSITION,
                    50,
                    false);
    private final ObservationAssembler o = new ObservationAssembler(spec, 100 * MS, now::get);

    private static FrameReader frame(double... positions) {
        int n = positions.length;
        double[] all = new double[3 * n];
        System.arraycopy(positions, 0, all, 0, n);
        byte[] b = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, n)];
        new FrameWriter()
                .wrap(b, 0)
                .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, n)
                .epoch(7)
                .sequence(1)
                .timestampNs(0)
                .putChannel(positions)
                .putChannel(new double[n])
                .putChannel(new double[n])
                .finish();
        return new FrameReader().wrap(b);
    }

    @Test
    void assemblesNamedElementsAndJsonPointersInSlotOrderOnlyWhenAllAreFresh() {
        float[] out = new float[5];
        assertThat(o.assemble(out).kind()).isEqualTo("missing");
        o.schema(
                "control/hand/state",
                FrameSchema.jointState(
                        List.of("a", "b"), ElementType.FLOAT64, "monotonic", 500, "Nm"));
        assertThat(o.frame("control/hand/state", frame(0.25, -0.5))).isEmpty();
        ObservationAssembler.Gap gap = o.assemble(out);
        assertThat(gap.slot()).isEqualTo("blockM");
        assertThat(gap.message()).contains("no message on sim/hand/objects");

        assertThat(
                        o.json(
                                "sim/hand/objects",
                                Map.of(
                                        "objects",
                                        List.of(Map.of("positionM", List.of(1, 2, 3.5))))))
                .isEmpty();
        assertThat(o.assemble(out)).isNull();
        assertThat(out).containsExactly(-0.5f, 0.25f, 1f, 2f, 3.5f);

        now.addAndGet(150 * MS);
        ObservationAssembler.Gap stale = o.assemble(out);
        assertThat(stale.kind()).isEqualTo("stale");
        assertThat(stale.message()).contains("150 ms old").contains("allowed: 100 ms");
    }

    @Test
    void aFieldThatIsNotThereIsNamedAndLeavesTheSlotMissing() {
        List<ObservationAssembler.Gap> p = o.json("sim/hand/objects", Map.of("objects", List.of()));
        assertThat(p)
                .singleElement()
                .satisfies(g -> assertThat(g.message()).contains("/objects/0"));
        assertThat(o.assemble(new float[5]).kind()).isEqualTo("missing");
    }
}
