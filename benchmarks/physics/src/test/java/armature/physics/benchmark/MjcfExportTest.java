package armature.physics.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The benchmark scene has the advertised shape and exports to well-formed MJCF. */
class MjcfExportTest {

    @Test
    void shadowLikeHandExportsAllJointsActuatorsTendonsAndGeoms() throws Exception {
        var model = ShadowLikeHand.build(0.002);
        assertThat(model.njnt).isEqualTo(25); // 24 hinges + the block's free joint
        assertThat(model.nu).isEqualTo(20);
        Document doc =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(
                                new ByteArrayInputStream(
                                        MjcfExport.toMjcf(model).getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("joint").getLength())
                .as("hinges + tendon joint refs")
                .isEqualTo(24 + 8);
        assertThat(doc.getElementsByTagName("freejoint").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("position").getLength()).isEqualTo(20);
        assertThat(doc.getElementsByTagName("fixed").getLength()).isEqualTo(4);
        assertThat(doc.getElementsByTagName("geom").getLength()).isEqualTo(model.ngeom);
        assertThat(doc.getElementsByTagName("body").getLength()).isEqualTo(model.nbody - 1);
    }
}
