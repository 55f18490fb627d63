package armature.dashboard.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scene document of the Shadow hand scene that feature sim-hand runs (manipulate_block.xml).
 */
class SceneDocumentTest {
    /** The loop joints of features/sim-hand.json: position actuators, in that order. */
    static final List<String> LOOP_JOINTS = new ArrayList<>();

    static Model hand;
    static ObjectNode scene;

    @BeforeAll
    static void load() throws Exception {
        Path file =
                Path.of(System.getProperty("armature.examples.models"))
                        .resolve("gymnasium-robotics/hand/manipulate_block.xml");
        hand = Models.load(file, LoadOptions.defaults());
        for (String j :
                List.of(
                        "WRJ1", "WRJ0", "FFJ3", "FFJ2", "FFJ1", "MFJ3", "MFJ2", "MFJ1", "RFJ3",
                        "RFJ2", "RFJ1", "LFJ4", "LFJ3", "LFJ2", "LFJ1", "THJ4", "THJ3", "THJ2",
                        "THJ1", "THJ0")) {
            LOOP_JOINTS.add("robot0:A_" + j);
        }
        scene = SceneDocument.of("hand", hand, LOOP_JOINTS);
    }

    @Test
    void countsMatchTheMjcf() {
        // robot.xml declares 24 hinge joints and 45 geoms; manipulate_block.xml adds two free
        // bodies
        // (object, target) and 4 geoms (floor, object, object_hidden, target).
        assertThat(scene.get("joints")).hasSize(26);
        assertThat(types(scene.get("joints"))).filteredOn("hinge"::equals).hasSize(24);
        assertThat(types(scene.get("joints"))).filteredOn("free"::equals).hasSize(2);
        assertThat(scene.get("geoms")).hasSize(49);
        assertThat(scene.get("bodies")).hasSize(hand.bodyCount());
        assertThat(scene.get("meshes")).hasSize(hand.meshes().size()).isNotEmpty();
    }

    @Test
    void bodiesKeepTheirOffsetInTheParent() {
        // robot.xml: <body name="robot0:ffknuckle" pos="0.033 0 0.095"> inside robot0:palm.
        JsonNode knuckle = body("robot0:ffknuckle");
        assertThat(knuckle.get("pos").get(0).asDouble()).isCloseTo(0.033, within(1e-12));
        assertThat(knuckle.get("pos").get(1).asDouble()).isCloseTo(0, within(1e-12));
        assertThat(knuckle.get("pos").get(2).asDouble()).isCloseTo(0.095, within(1e-12));
        int parent = knuckle.get("parent").asInt();
        assertThat(scene.get("bodies").get(parent).get("name").asText()).isEqualTo("robot0:palm");
        assertThat(scene.get("bodies").get(0).get("parent").asInt()).isEqualTo(-1);
    }

    @Test
    void geomsKeepTypeSizeAndMesh() {
        JsonNode object = geom("object");
        assertThat(object.get("type").asText()).isEqualTo("box");
        assertThat(object.get("size").get(0).asDouble()).isEqualTo(0.025);
        JsonNode floor = geom("floor0");
        assertThat(floor.get("type").asText()).isEqualTo("plane");
        JsonNode forearm = geom("robot0:C_forearm");
        assertThat(forearm.get("type").asText()).isEqualTo("mesh");
        JsonNode mesh = scene.get("meshes").get(forearm.get("mesh").asInt());
        assertThat(mesh.get("name").asText()).isEqualTo("robot0:forearm_cvx");
        int vertices = mesh.get("vertices").size() / 3;
        assertThat(mesh.get("vertices").size() % 3).isZero();
        assertThat(mesh.get("faces").size() % 3).isZero();
        assertThat(mesh.get("faces"))
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i.asInt()).isBetween(0, vertices - 1));
    }

    @Test
    void everyLoopJointDrivesItsHingeThroughItsActuator() {
        JsonNode drives = scene.get("drives");
        assertThat(drives).hasSize(LOOP_JOINTS.size());
        for (int i = 0; i < LOOP_JOINTS.size(); i++) {
            assertThat(drives.get(i).get("name").asText()).isEqualTo(LOOP_JOINTS.get(i));
            assertThat(drives.get(i).get("joints")).as(LOOP_JOINTS.get(i)).isNotEmpty();
        }
        // <position name="robot0:A_WRJ1" joint="robot0:WRJ1"> with the default gear 1.
        JsonNode wrist = drives.get(0).get("joints").get(0);
        assertThat(scene.get("joints").get(wrist.get("joint").asInt()).get("name").asText())
                .isEqualTo("robot0:WRJ1");
        assertThat(wrist.get("coef").asDouble()).isEqualTo(1.0);
    }

    @Test
    void freeBodiesAreObjectsMovedByTheirPose() {
        assertThat(scene.get("objects"))
                .extracting(o -> o.get("name").asText())
                .containsExactly("object", "target");
        int body = scene.get("objects").get(0).get("body").asInt();
        assertThat(scene.get("bodies").get(body).get("name").asText()).isEqualTo("object");
    }

    @Test
    void anUnknownLoopJointDrivesNothing() {
        JsonNode drives = SceneDocument.drives(hand, List.of("no such joint"));
        assertThat(drives.get(0).get("joints")).isEmpty();
    }

    private static List<String> types(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(j -> j.get("type").asText())
                .toList();
    }

    private static JsonNode body(String name) {
        return named(scene.get("bodies"), name);
    }

    private static JsonNode geom(String name) {
        return named(scene.get("geoms"), name);
    }

    private static JsonNode named(JsonNode array, String name) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(n -> n.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }
}
