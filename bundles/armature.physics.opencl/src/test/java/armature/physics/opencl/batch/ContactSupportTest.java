package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;

/**
 * Which models the device collides: collidable geoms of every type a compiled model has (planes,
 * spheres, capsules, boxes, cylinders, meshes; an MJCF ellipsoid compiles into a mesh) switch
 * ARM_CONTACTS on and pass {@link Unsupported#reasons}; a model with contacts disabled compiles
 * without the collision code.
 */
class ContactSupportTest {
    @Test
    void boxesSpheresAndCapsulesAreCollidedOnTheDevice() throws Exception {
        for (String file :
                new String[] {"box_plane.xml", "capsules_spheres.xml", "boxes_mixed.xml"}) {
            MultibodyModel m = TestModels.compile(CollideMatchesReferenceTest.MODELS.resolve(file));
            assertThat(Unsupported.reasons(m)).as(file).isEmpty();
            assertThat(ModelSource.options(m, true)).as(file).contains("-DARM_CONTACTS");
        }
    }

    @Test
    void theShadowHandsMeshCylindersAndEllipsoidsAreCollided(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // the Shadow hand's forearm is a collidable convex mesh: hull.cl collides it
        MultibodyModel hand = TestModels.compile(TestModels.HAND_BLOCK);
        assertThat(Unsupported.reasons(hand)).isEmpty();
        assertThat(ModelSource.options(hand, true)).contains("-DARM_CONTACTS");
        java.nio.file.Path file = dir.resolve("cylinder.xml");
        java.nio.file.Files.writeString(
                file,
                "<mujoco model=\"roller\"><worldbody><geom name=\"floor\" type=\"plane\""
                        + " size=\"1 1 0.1\"/><body name=\"drum\" pos=\"0 0 0.2\"><freejoint/>"
                        + "<geom name=\"drum\" type=\"cylinder\" size=\"0.05 0.1\"/></body>"
                        + "<body name=\"egg\" pos=\"0.3 0 0.2\"><freejoint/>"
                        + "<geom name=\"egg\" type=\"ellipsoid\" size=\"0.03 0.04 0.05\"/></body>"
                        + "</worldbody></mujoco>");
        MultibodyModel m = TestModels.compile(file);
        assertThat(m.geomType).contains(GeomType.CYLINDER).doesNotContain(GeomType.ELLIPSOID);
        assertThat(Unsupported.reasons(m)).isEmpty();
        assertThat(ModelSource.options(m, true)).contains("-DARM_CONTACTS");
    }

    @Test
    void contactsDisabledLeaveTheCollisionCodeOut() throws Exception {
        MultibodyModel m = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
        assertThat(Unsupported.reasons(m)).isEmpty();
        assertThat(ModelSource.options(m, true)).doesNotContain("ARM_CONTACTS");
    }
}
