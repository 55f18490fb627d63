package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference engine against MuJoCo 2.2.2 on the same files, controls and steps (issue 9's
 * accuracy targets). The trajectories are committed fixtures recorded by
 * benchmarks/physics/mujoco/record.sh (src/test/resources/mujoco/parity); MuJoCo is not needed
 * here. Targets the engine does not meet yet are disabled with the figure measured on this branch;
 * benchmarks/physics/mujoco/parity.sh prints all figures at once.
 */
class MujocoParityTest {
    /** Contact-free runs: largest joint difference after 1 s. */
    private static final double CONTACT_FREE_RAD = 1e-6;

    /** hand/reach.xml as shipped: largest joint difference after 0.5 s. */
    private static final double REACH_RAD = 1e-3;

    private static final double RESTING_HEIGHT_M = 0.5e-3;
    private static final double PENETRATION_RELATIVE = 0.25;
    private static final double CONTACTS_PER_STEP = 1;
    private static final double FETCH_HEIGHT_M = 5e-3;

    private static final Map<String, MujocoParity> RUNS = new HashMap<>();

    /** The engine's replay of a fixture, measured against it (each fixture replayed once). */
    static synchronized MujocoParity parity(String name) throws Exception {
        MujocoParity p = RUNS.get(name);
        if (p == null) {
            MujocoFixture mj = MujocoFixture.load(name);
            p = new MujocoParity(mj, MujocoReplay.run(mj));
            RUNS.put(name, p);
        }
        assertThat(p.divergedAt).as(name + ": the engine ran to the end").isNull();
        return p;
    }

    private static double jointDiffAfter(String name, double seconds) throws Exception {
        MujocoParity.JointDiff d = parity(name).largestJointDiffAt(seconds);
        System.out.printf(
                "%s: largest joint difference %.2e (%s) after %.1f s%n",
                name, d.diff(), d.joint(), seconds);
        return d.diff();
    }

    @Test
    void ur5WithoutContactsFollowsMujoco() throws Exception {
        assertThat(jointDiffAfter("ur5_robot_nocontact", 1)).isLessThanOrEqualTo(CONTACT_FREE_RAD);
    }

    @Test
    void doublePendulumWithoutContactsFollowsMujoco() throws Exception {
        assertThat(jointDiffAfter("double_pendulum_simple_nocontact", 1))
                .isLessThanOrEqualTo(CONTACT_FREE_RAD);
    }

    @Test
    void handWithContactsDisabledFollowsMujoco() throws Exception {
        assertThat(jointDiffAfter("hand_reach_nocontact", 1)).isLessThanOrEqualTo(CONTACT_FREE_RAD);
    }

    @Test
    void pandaWithoutContactsFollowsMujoco() throws Exception {
        assertThat(jointDiffAfter("panda_nocontact", 1)).isLessThanOrEqualTo(CONTACT_FREE_RAD);
    }

    @Test
    void reachAsShippedFollowsMujocoForHalfASecond() throws Exception {
        assertThat(jointDiffAfter("hand_reach", 0.5)).isLessThanOrEqualTo(REACH_RAD);
    }

    /** RK4 as MuJoCo does it: the engine's RK4 run against MuJoCo's own RK4 run of reach.xml. */
    @Test
    void reachWithRk4FollowsMujocosRk4() throws Exception {
        assertThat(jointDiffAfter("hand_reach_rk4", 0.5)).isLessThanOrEqualTo(REACH_RAD);
    }

    /** MJCF {@code <flag contact="disable"/>} (how the fixtures were recorded) is honoured. */
    @Test
    void contactDisableFlagLeavesNoContacts() throws Exception {
        MujocoFixture off = MujocoFixture.load("hand_reach_nocontact");
        MujocoReplay.Run run = MujocoReplay.run(off);
        int ncon = off.columns().get("ncon");
        assertThat(run.rows()).hasSameSizeAs(off.rows());
        assertThat(run.rows()).allSatisfy(r -> assertThat(r[ncon]).isZero());
        // the same file as shipped does make contacts, in MuJoCo and in the engine
        MujocoFixture on = MujocoFixture.load("hand_reach");
        assertThat(MujocoReplay.run(on).rows()).anySatisfy(r -> assertThat(r[ncon]).isPositive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hand_reach", "hand_block", "cube_drop", "box_stack"})
    void contactsPerStepWithinOneOfMujoco(String name) throws Exception {
        double[] n = parity(name).meanContacts();
        System.out.printf("%s: contacts per step MuJoCo %.2f, engine %.2f%n", name, n[0], n[1]);
        assertThat(Math.abs(n[1] - n[0])).isLessThanOrEqualTo(CONTACTS_PER_STEP);
    }

    @Test
    void droppedCubeRestsAtMujocosHeight() throws Exception {
        double d = parity("cube_drop").finalDiff("body:cube:z");
        System.out.printf("cube_drop: resting height differs by %.2e m%n", d);
        assertThat(d).isLessThanOrEqualTo(RESTING_HEIGHT_M);
    }

    @Test
    void boxStackRestsAtMujocosHeights() throws Exception {
        for (String box : new String[] {"box1", "box2", "box3"}) {
            double d = parity("box_stack").finalDiff("body:" + box + ":z");
            System.out.printf("box_stack: %s rests %.2e m from MuJoCo%n", box, d);
            assertThat(d).as(box).isLessThanOrEqualTo(RESTING_HEIGHT_M);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hand_block", "cube_drop", "box_stack"})
    void penetrationPercentilesWithinAQuarterOfMujocos(String name) throws Exception {
        for (double pct : new double[] {50, 90}) {
            double[] p = parity(name).penetration(pct);
            System.out.printf(
                    "%s: penetration p%.0f MuJoCo %.2e m, engine %.2e m%n", name, pct, p[0], p[1]);
            assertThat(Math.abs(p[1] - p[0]))
                    .as("p%.0f", pct)
                    .isLessThanOrEqualTo(PENETRATION_RELATIVE * p[0]);
        }
    }

    /**
     * The chaotic part: where bodies tumble, the engine may be as far from MuJoCo's Euler run as
     * MuJoCo's own RK4 run is, and no further.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cube_drop", "box_stack"})
    void freeBodiesStayWithinMujocosOwnEulerRk4Spread(String name) throws Exception {
        assertFreeBodiesWithinSpread(name);
    }

    @Test
    void theBlockInTheHandStaysWithinMujocosOwnEulerRk4Spread() throws Exception {
        assertFreeBodiesWithinSpread("hand_block");
    }

    private static void assertFreeBodiesWithinSpread(String name) throws Exception {
        MujocoParity ours = parity(name);
        MujocoFixture mj = MujocoFixture.load(name);
        MujocoParity spread = MujocoParity.spread(mj, MujocoParityReport.companion(name));
        for (String c : mj.columns().keySet()) {
            if (c.startsWith("body:") && c.endsWith(":z")) {
                System.out.printf(
                        "%s %s: engine %.2e m, MuJoCo RK4 %.2e m%n",
                        name, c, ours.largestOver(c), spread.largestOver(c));
                assertThat(ours.largestOver(c)).as(c).isLessThanOrEqualTo(spread.largestOver(c));
            }
        }
    }

    @Test
    void fetchObjectStaysAtMujocosHeight() throws Exception {
        double d = parity("fetch_pick_and_place").largestOver("body:object0:z");
        System.out.printf("fetch: object0 height differs by at most %.2e m over 2 s%n", d);
        assertThat(d).isLessThanOrEqualTo(FETCH_HEIGHT_M);
    }

    @Test
    void fetchGripperStaysAtMujocosHeight() throws Exception {
        double d = parity("fetch_pick_and_place").largestOver("body:robot0:gripper_link:z");
        System.out.printf("fetch: gripper height differs by at most %.2e m over 2 s%n", d);
        assertThat(d).isLessThanOrEqualTo(FETCH_HEIGHT_M);
    }
}
