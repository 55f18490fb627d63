package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import org.junit.jupiter.api.Test;

/**
 * A contact capacity whose working set would overrun PoCL's worker-thread stack (the process died
 * of SIGSEGV at the first step at 25,000 with an 8 MiB stack) is refused with the capacity that
 * fits; the stack comes from the process's limits.
 */
class StackLimitTest {

    @Test
    void readsTheSoftStackLimit() {
        String limits =
                "Limit                     Soft Limit           Hard Limit           Units\n"
                        + "Max data size             unlimited            unlimited            bytes\n"
                        + "Max stack size            8388608              unlimited            bytes\n";
        assertThat(StackLimit.parse(limits)).isEqualTo(8L << 20);
        assertThat(StackLimit.parse(limits.replace("8388608 ", "unlimited")))
                .isEqualTo(StackLimit.UNLIMITED_DEFAULT);
        assertThat(StackLimit.parse("Limit Soft Hard\n")).isZero();
    }

    @Test
    void aCapacityPastTheStackIsRefusedNamingWhatFits() throws Exception {
        OpenClDevice device = TestModels.device();
        long stack = StackLimit.threadStackBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "CPU".equals(device.type()) && stack > 0, "PoCL on the CPU with a known stack");
        MultibodyModel pendulum = TestModels.compile(TestModels.PENDULUM);
        // about 360 bytes per contact and its rows in float32: past any stack up to 32 MiB
        OpenClBatch.Options tooMany =
                OpenClBatch.Options.of(2).withContactCapacity(OpenClBatch.MAX_CONTACT_CAPACITY);
        assertThatThrownBy(() -> OpenClBatch.create(pendulum, device, tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contact capacity 100000 needs")
                .hasMessageContaining("stack of " + (stack >> 20) + " MiB")
                .hasMessageContaining("allowed here: a contact capacity up to about");
        String message = "";
        try {
            OpenClBatch.create(pendulum, device, tooMany).close();
        } catch (IllegalArgumentException e) {
            message = e.getMessage();
        }
        int fits = Integer.parseInt(message.replaceAll(".*up to about (\\d+).*", "$1"));
        assertThat(fits).isPositive().isLessThan(OpenClBatch.MAX_CONTACT_CAPACITY);
        // what it names fits, and steps
        try (OpenClBatch b =
                OpenClBatch.create(
                        pendulum, device, OpenClBatch.Options.of(2).withContactCapacity(fits))) {
            b.step(2);
            assertThat(b.status()).containsOnly(0);
        }
    }
}
