package armature.vision.sim.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The pose-error component refuses an unknown camera and a tag that is not on the cube. */
class SimCameraConfigsTest {
    private static ConfigurationAdmin admin(List<Map<String, Object>> cameras) {
        Configuration[] configs =
                cameras.stream()
                        .map(
                                m -> {
                                    Dictionary<String, Object> d = new Hashtable<>(m);
                                    return (Configuration)
                                            Proxy.newProxyInstance(
                                                    Configuration.class.getClassLoader(),
                                                    new Class<?>[] {Configuration.class},
                                                    (p, method, args) ->
                                                            method.getName().equals("getProperties")
                                                                    ? d
                                                                    : null);
                                })
                        .toArray(Configuration[]::new);
        return (ConfigurationAdmin)
                Proxy.newProxyInstance(
                        ConfigurationAdmin.class.getClassLoader(),
                        new Class<?>[] {ConfigurationAdmin.class},
                        (p, method, args) ->
                                method.getName().equals("listConfigurations") ? configs : null);
    }

    private static final ConfigurationAdmin TWO =
            admin(
                    List.of(
                            Map.of("cameraId", "cam-a"),
                            Map.of(
                                    "cameraId",
                                    "cam-b",
                                    "tagIds",
                                    new int[] {4, 5, -1, -1, -1, -1})));

    @Test
    void aTagOnEveryCameraCubeIsAccepted() {
        assertThat(SimCameraConfigs.check(TWO, new String[] {"cam-a", "cam-b"}, "tag36h11-4"))
                .isEqualTo(new SimCameraConfigs.Tag("tag36h11", 4));
    }

    @Test
    void unknownCameraIsRefused() {
        assertThatThrownBy(
                        () ->
                                SimCameraConfigs.check(
                                        TWO, new String[] {"cam-a", "cam-z"}, "tag36h11-4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cameraIds: 'cam-z' is not a synthetic camera")
                .hasMessageContaining("[cam-a, cam-b]");
    }

    @Test
    void tagNotOnTheModelIsRefused() {
        assertThatThrownBy(() -> SimCameraConfigs.check(TWO, new String[] {"cam-b"}, "tag36h11-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "objectId = 'tag36h11-2': the tag is not on the model camera 'cam-b' renders");
        assertThatThrownBy(() -> SimCameraConfigs.check(TWO, new String[] {"cam-a"}, "block"))
                .hasMessageContaining("objectId = 'block'; allowed: <family>-<tag id>");
    }

    @Test
    void aBodyMustBeTheOneEveryCameraPutsTagsOn() {
        SimCameraConfigs.checkBody(TWO, new String[] {"cam-a", "cam-b"}, "object");
        ConfigurationAdmin other =
                admin(List.of(Map.of("cameraId", "cam-a", "taggedBody", "box2")));
        assertThatThrownBy(
                        () -> SimCameraConfigs.checkBody(other, new String[] {"cam-a"}, "object"))
                .hasMessageContaining("body = 'object': camera 'cam-a' renders tags on body 'box2'")
                .hasMessageContaining("allowed: the cameras' tagged body, 'box2'");
        assertThatThrownBy(() -> SimCameraConfigs.checkBody(TWO, new String[] {"cam-q"}, "object"))
                .hasMessageContaining("cameraIds: 'cam-q' is not a synthetic camera");
    }
}
