package armature.robot.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {
    @TempDir Path tmp;

    @Test
    void jsonHasStableFieldsAndEscapes() throws Exception {
        Path f = tmp.resolve("m.xml");
        Files.writeString(
                f,
                "<mujoco model='q\"uote\\back'><worldbody><body name='b&#9;tab'>"
                        + "<joint name='j1'/><geom size='0.1'/></body><light/></worldbody>"
                        + "<actuator><motor name='m1' joint='j1'/></actuator></mujoco>");
        Model m = Models.load(f, LoadOptions.defaults());
        String json = ModelInfo.of(m).toJson();
        assertThat(json)
                .isEqualTo(
                        "{\"file\":"
                                + ModelInfo.quote(f.toString())
                                + ",\"format\":\"MJCF\",\"name\":\"q\\\"uote\\\\back\","
                                + "\"counts\":{\"bodies\":2,\"joints\":1,\"nq\":1,\"nv\":1,\"actuators\":1,"
                                + "\"geoms\":1,\"tendons\":0,\"sites\":0,\"meshes\":0,\"equalities\":0},"
                                + "\"timestepSeconds\":0.002,"
                                + "\"bodies\":[\"world\",\"b\\ttab\"],\"joints\":[\"j1\"],\"actuators\":[\"m1\"],"
                                + "\"warnings\":[\"MJCF content ignored (not supported): elements"
                                + " worldbody/light x1\"]}");
    }

    /** What sim info says agrees with what running the model does and records. */
    @Test
    void anUnnamedJointIsListedAsRecordedAndATimestepTheEngineRefusesIsAWarning() throws Exception {
        Path f = tmp.resolve("big-step.xml");
        Files.writeString(
                f,
                "<mujoco><option timestep=\"0.5\"/><worldbody><body name=\"b\"><freejoint/>"
                        + "<geom type=\"sphere\" size=\"0.1\"/></body></worldbody></mujoco>");
        ModelInfo info = ModelInfo.of(Models.load(f, LoadOptions.defaults()));
        assertThat(info.toJson()).contains("\"joints\":[\"joint0\"]");
        assertThat(info.toText())
                .contains("<option timestep=\"0.5\"> is outside 1e-06 to 0.1 s")
                .doesNotContain("Warnings: none");
    }

    @Test
    void quoteEscapesControlCharacters() {
        assertThat(ModelInfo.quote("a\u0001b\nc\"")).isEqualTo("\"a\\u0001b\\nc\\\"\"");
    }

    @Test
    void textSummaryOfTheShadowHand() throws Exception {
        Model m =
                Models.load(
                        ExampleModels.file("gymnasium-robotics/hand/manipulate_block.xml"),
                        LoadOptions.defaults());
        String text = ModelInfo.of(m).toText();
        assertThat(text)
                .contains("Counts: bodies=30 (incl. world) joints=26 nq=38 nv=36 actuators=20")
                .contains("robot0:A_WRJ1")
                .contains("Warnings (1):")
                .contains("joint@user x24");
    }
}
