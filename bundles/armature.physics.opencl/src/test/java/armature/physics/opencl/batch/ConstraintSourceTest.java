package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import org.junit.jupiter.api.Test;

/** Which models compile the constraint stage in, with which options and capacities. */
class ConstraintSourceTest {
    @Test
    void modelsWithoutConstraintRowsLeaveTheStageOut() throws Exception {
        MultibodyModel m = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
        assertThat(ConstraintSource.needed(m)).isFalse();
        assertThat(ModelSource.options(m, true)).doesNotContain("ARM_CONSTRAINTS");
    }

    @Test
    void limitsAloneSizeTheRowsAtTwoPerLimitedJoint() throws Exception {
        MultibodyModel m = TestModels.withDisabled(TestModels.UR5, "contact");
        int limited = 0;
        for (boolean b : m.jntLimited) {
            limited += b ? 1 : 0;
        }
        assertThat(limited).isPositive();
        assertThat(ModelSource.options(m, true))
                .contains("-DARM_CONSTRAINTS")
                .doesNotContain("ARM_NO_LIMIT")
                .doesNotContain("ARM_CONTACTS_ROWS");
        assertThat(ConstraintSource.capacity(m)).isEqualTo(2 * limited);
    }

    @Test
    void contactsAddMaxContactsTimesTheRowsOfTheLargestCondim() throws Exception {
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        int without =
                ConstraintSource.capacity(
                        TestModels.withDisabled(TestModels.HAND_BLOCK, "contact"));
        assertThat(ModelSource.options(m, false)).contains("-DARM_CONTACTS_ROWS");
        assertThat(ConstraintSource.capacity(m))
                .isEqualTo(without + m.maxContacts * ConstraintSource.rowsPerContact(m));
    }

    @Test
    void disabledKindsAreLeftOutOfTheProgram() throws Exception {
        MultibodyModel m =
                TestModels.withDisabled(
                        TestModels.HAND_BLOCK, "contact", "frictionloss", "warmstart");
        assertThat(ModelSource.options(m, true))
                .contains("-DARM_CONSTRAINTS", "-DARM_NO_FRICTIONLOSS", "-DARM_NO_WARMSTART");
        assertThat(ConstraintSource.frictionLoss(m)).isZero();
    }
}
