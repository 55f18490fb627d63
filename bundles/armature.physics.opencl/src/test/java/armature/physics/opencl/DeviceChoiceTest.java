package armature.physics.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
    private static OpenClDevice device(String platform, String name, String type) {
        return new OpenClDevice(
                platform, name, "vendor", type, "OpenCL 3.0", 8, 1L << 30, 256, true, null, null);
    }

    private final OpenClDevice cpu = device("Portable Computing Language", "pthread-zen3", "CPU");
    private final OpenClDevice gpu = device("NVIDIA CUDA", "NVIDIA H100 80GB HBM3", "GPU");
    private final OpenClDevice fpga = device("Intel FPGA", "de10", "ACCELERATOR");

    @Test
    void autoTakesTheFirstGpuThenTheFirstCpuThenAnything() {
        assertThat(DeviceChoice.select(List.of(cpu, gpu), "auto")).contains(gpu);
        assertThat(DeviceChoice.select(List.of(fpga, cpu), null)).contains(cpu);
        assertThat(DeviceChoice.select(List.of(fpga), " ")).contains(fpga);
        assertThat(DeviceChoice.select(List.of(), "auto")).isEmpty();
    }

    @Test
    void aRequestIsPartOfADeviceOrPlatformNameInAnyCase() {
        assertThat(DeviceChoice.select(List.of(gpu, cpu), "PTHREAD")).contains(cpu);
        assertThat(DeviceChoice.select(List.of(gpu, cpu), "portable computing")).contains(cpu);
        assertThat(DeviceChoice.select(List.of(cpu, gpu), "h100")).contains(gpu);
        assertThat(DeviceChoice.select(List.of(gpu, cpu), "pocl")).contains(cpu);
    }

    @Test
    void aRequestMayBeADeviceType() {
        assertThat(DeviceChoice.select(List.of(gpu, cpu), "cpu")).contains(cpu);
        assertThat(DeviceChoice.select(List.of(cpu, gpu), "GPU")).contains(gpu);
        assertThat(DeviceChoice.select(List.of(cpu, fpga), "accelerator")).contains(fpga);
        assertThatThrownBy(() -> DeviceChoice.select(List.of(cpu), "gpu"))
                .hasMessageContaining("matches no OpenCL device");
    }

    @Test
    void aRequestNoDeviceMatchesNamesEveryDeviceThereIs() {
        assertThatThrownBy(() -> DeviceChoice.select(List.of(cpu, gpu), "radeon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("device = 'radeon' matches no OpenCL device; allowed: auto")
                .hasMessageContaining("a device type (cpu, gpu, accelerator)")
                .hasMessageContaining(
                        "'pthread-zen3' (CPU, platform 'Portable Computing Language')")
                .hasMessageContaining("'NVIDIA H100 80GB HBM3' (GPU, platform 'NVIDIA CUDA')");
    }
}
