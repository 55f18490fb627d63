package armature.robot.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A description with other options: flags switched off, everything else the same model. */
class WithOptionsTest {

    @Test
    void disablingFlagsKeepsTheOtherFlagsAndTheWholeDescription(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("m.xml");
        Files.writeString(
                file,
                "<mujoco><option timestep=\"0.005\"><flag warmstart=\"disable\"/></option>"
                        + "<worldbody><body><joint type=\"hinge\" range=\"-1 1\" limited=\"true\"/>"
                        + "<geom type=\"sphere\" size=\"0.1\"/></body></worldbody></mujoco>");
        Model m = Models.load(file, LoadOptions.defaults());
        Model off = m.withOptions(m.options().withDisabled("contact", "limit"));
        assertThat(off.options().flags())
                .containsEntry("contact", "disable")
                .containsEntry("limit", "disable")
                .containsEntry("warmstart", "disable");
        assertThat(m.options().flags()).doesNotContainKey("contact");
        assertThat(off.options().timestepSeconds()).isEqualTo(0.005);
        assertThat(off.bodies()).hasSameSizeAs(m.bodies());
        assertThat(off.joints()).isEqualTo(m.joints());
        assertThat(off.sourceFile()).isEqualTo(file);
    }

    @Test
    void anUnknownFlagIsRefusedWithTheAllowedOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.xml");
        Files.writeString(file, "<mujoco><worldbody/></mujoco>");
        Options o = Models.load(file, LoadOptions.defaults()).options();
        assertThatThrownBy(() -> o.withDisabled("contacts"))
                .hasMessageContaining("'contacts' is not a disable flag; allowed: [")
                .hasMessageContaining("contact, ");
    }
}
