package armature.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureDescriptorTest {
    private final ObjectMapper json = new ObjectMapper();
    @TempDir Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name + ".json"), text);
    }

    @Test
    void readsEveryField() throws Exception {
        Path f =
                write(
                        "sim",
                        """
                        {"name":"sim","version":"1.2.0","description":"d","requires":["bus"],
                         "bundles":["a.b"],"configurations":{"p":{"rateHz":500,"on":true,"x":1.5,"s":"t"}}}
                        """);
        FeatureDescriptor d = FeatureDescriptor.read(f, json);
        assertThat(d.name()).isEqualTo("sim");
        assertThat(d.requires()).containsExactly("bus");
        assertThat(d.bundles()).containsExactly("a.b");
        assertThat(d.configurations().get("p"))
                .containsEntry("rateHz", 500L)
                .containsEntry("on", true)
                .containsEntry("x", 1.5)
                .containsEntry("s", "t");
    }

    @Test
    void arraysBecomeTypedArrays() throws Exception {
        Path f =
                write(
                        "arr",
                        "{\"name\":\"arr\",\"bundles\":[\"a\"],\"configurations\":{\"p\":"
                                + "{\"d\":[0,-0.5],\"l\":[1,2],\"s\":[\"x\",\"y\"],\"b\":[true]}}}");
        var props = FeatureDescriptor.read(f, json).configurations().get("p");
        assertThat((Double[]) props.get("d")).containsExactly(0.0, -0.5);
        assertThat((Long[]) props.get("l")).containsExactly(1L, 2L);
        assertThat((String[]) props.get("s")).containsExactly("x", "y");
        assertThat((Boolean[]) props.get("b")).containsExactly(true);
    }

    @Test
    void nameMustMatchTheFileName() throws Exception {
        Path f = write("sim", "{\"name\":\"other\",\"bundles\":[\"a\"]}");
        assertThatThrownBy(() -> FeatureDescriptor.read(f, json))
                .hasMessageContaining("declares name 'other', expected 'sim'");
    }

    @Test
    void malformedJsonAndMissingFieldsAreNamed() throws Exception {
        Path broken = write("broken", "{\"name\": ");
        assertThatThrownBy(() -> FeatureDescriptor.read(broken, json))
                .hasMessageContaining("broken.json is not valid JSON");
        Path empty = write("empty", "{\"name\":\"empty\",\"bundles\":[]}");
        assertThatThrownBy(() -> FeatureDescriptor.read(empty, json))
                .hasMessageContaining("lists no bundles");
        Path noName = write("anon", "{\"bundles\":[\"a\"]}");
        assertThatThrownBy(() -> FeatureDescriptor.read(noName, json))
                .hasMessageContaining("needs a string field 'name'");
        Path badConfig =
                write("bad", "{\"name\":\"bad\",\"bundles\":[\"a\"],\"configurations\":{\"p\":3}}");
        assertThatThrownBy(() -> FeatureDescriptor.read(badConfig, json))
                .hasMessageContaining("configuration 'p' must be an object");
    }

    @Test
    void rootCauseOfAStackTraceIsTheLineThatNamesTheProblem() {
        String trace =
                "java.lang.reflect.InvocationTargetException\n\tat x.y(Z.java:1)\n"
                        + "Caused by: java.lang.IllegalArgumentException: periodMillis must be 10..60000, was 5\n\tat a.b";
        assertThat(StatusReport.rootCause(trace))
                .as("a component's refusal without the exception's class name")
                .isEqualTo("periodMillis must be 10..60000, was 5");
        assertThat(StatusReport.rootCause("java.lang.NullPointerException: x\n\tat a.b"))
                .as("any other failure keeps its class")
                .isEqualTo("java.lang.NullPointerException: x");
        assertThat(
                        StatusReport.rootCause(
                                "java.lang.reflect.InvocationTargetException\n"
                                        + "Caused by: armature.driver.dynamixel.serial"
                                        + ".PortLostException: cannot open serial device /dev/x\n"
                                        + "\tat a.b"))
                .as("Armature's own exceptions carry operator messages")
                .isEqualTo("cannot open serial device /dev/x");
        assertThat(
                        StatusReport.rootCause(
                                "java.lang.reflect.InvocationTargetException\n"
                                        + "Caused by: armature.robot.model.ModelLoadException:"
                                        + " t.xml:2: <worldbody>: malformed XML\n\tat a.b\n"
                                        + "Caused by: org.xml.sax.SAXParseException; lineNumber: 2;"
                                        + " XML document structures must start and end\n\tat c.d"))
                .as("ours above a parser's exception: ours says where")
                .isEqualTo("t.xml:2: <worldbody>: malformed XML");
    }
}
