package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import java.nio.file.Path;
import org.jocl.CL;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;

/**
 * The batch program compiles without a warning for models that switch different parts of it on (no
 * contacts, sites and observed bodies, contacts with hulls and mocap): PoCL prints a warning's
 * count on the host's stderr ("1 warning generated."), where a user of the command line sees it.
 */
class KernelWarningsTest {

    @Test
    void theBatchProgramBuildsWithoutWarnings() throws Exception {
        OpenClDevice device = TestModels.device();
        Path fetch = TestModels.ROOT.resolve("gymnasium-robotics/fetch/pick_and_place.xml");
        CL.setExceptionsEnabled(true);
        cl_context context =
                CL.clCreateContext(
                        null, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
        try {
            for (Path file : new Path[] {TestModels.PENDULUM, TestModels.HAND_BLOCK, fetch}) {
                MultibodyModel m = TestModels.compile(file);
                for (boolean float64 : new boolean[] {false, true}) {
                    if (float64 && !device.fp64()) {
                        continue;
                    }
                    cl_program program =
                            KernelProgram.build(
                                    context,
                                    device,
                                    "batch.cl (" + m.name + ")",
                                    ModelSource.of(m, float64, 2, 8),
                                    ModelSource.options(m, float64));
                    try {
                        assertThat(KernelProgram.buildLog(program, device))
                                .as("%s, float64 %s", m.name, float64)
                                .doesNotContainIgnoringCase("warning");
                    } finally {
                        CL.clReleaseProgram(program);
                    }
                }
            }
        } finally {
            CL.clReleaseContext(context);
        }
    }
}
