package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.physics.model.MultibodyModel;
import org.junit.jupiter.api.Test;

/**
 * Which models the device collides: collidable geoms of supported types switch ARM_CONTACTS on and
 * pass {@link Unsupported#reasons}; a collidable type the device does not collide is refused by
 * name (cylinders); a model with contacts disabled compiles without the collision code.
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
    void theShadowHandsMeshIsCollidedAndACylinderIsRefusedByName(
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
                        + "</worldbody></mujoco>");
        MultibodyModel m = TestModels.compile(file);
        assertThat(Unsupported.reasons(m))
                .anySatisfy(
                        r ->
                                assertThat(r)
                                        .startsWith(
                                                "contacts of geom types [CYLINDER] (geoms drum;"));
        assertThatThrownBy(
                        () -> OpenClBatch.create(m, TestModels.device(), OpenClBatch.Options.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the OpenCL engine cannot run model 'roller' yet")
                .hasMessageContaining("contacts of geom types [CYLINDER]");
    }

    @Test
    void contactsDisabledLeaveTheCollisionCodeOut() throws Exception {
        MultibodyModel m = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
        assertThat(Unsupported.reasons(m)).isEmpty();
        assertThat(ModelSource.options(m, true)).doesNotContain("ARM_CONTACTS");
    }
}
