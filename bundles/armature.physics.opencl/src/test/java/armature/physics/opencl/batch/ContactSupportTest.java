package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.physics.model.MultibodyModel;
import org.junit.jupiter.api.Test;

/**
 * Which models the device collides: collidable geoms of supported types switch ARM_CONTACTS on and
 * pass {@link Unsupported#reasons}; a collidable type the device does not collide is refused by
 * name; a model with contacts disabled compiles without the collision code.
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
    void aCollidableMeshIsRefusedByName() throws Exception {
        // the Shadow hand's forearm is a collidable convex mesh
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        assertThat(Unsupported.reasons(m))
                .anySatisfy(
                        r ->
                                assertThat(r)
                                        .startsWith(
                                                "contacts of geom types [MESH] (geoms"
                                                        + " robot0:C_forearm;"));
        assertThatThrownBy(
                        () -> OpenClBatch.create(m, TestModels.device(), OpenClBatch.Options.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contacts of geom types [MESH]");
    }

    @Test
    void contactsDisabledLeaveTheCollisionCodeOut() throws Exception {
        MultibodyModel m = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
        assertThat(Unsupported.reasons(m)).isEmpty();
        assertThat(ModelSource.options(m, true)).doesNotContain("ARM_CONTACTS");
    }
}
