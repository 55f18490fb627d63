package armature.control.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private final ContainerTopics local = ContainerTopics.of("local");
    private final LoopTopics hand = local.loop("hand");

    @Test
    void anOperatorCommandsOnlyUnderItsOwnName() {
        assertThat(AccessPolicy.mayPublish(Role.OPERATOR, "alice", hand.command("alice"), false))
                .isTrue();
        assertThat(AccessPolicy.mayPublish(Role.OPERATOR, "alice", hand.command("bob"), false))
                .isFalse();
        assertThat(AccessPolicy.mayPublish(Role.OPERATOR, "alice", hand.command("alice"), true))
                .as("retained commands would act again after every restart")
                .isFalse();
    }

    @Test
    void observersAndDevicesMayOnlyTripUnderTheirOwnName() {
        for (Role r : new Role[] {Role.OBSERVER, Role.DEVICE}) {
            assertThat(AccessPolicy.mayPublish(r, "eve", hand.eStopTrip("eve"), false)).isTrue();
            assertThat(AccessPolicy.mayPublish(r, "eve", hand.eStopTrip("bob"), false)).isFalse();
            assertThat(AccessPolicy.mayPublish(r, "eve", hand.eStopRequest("eve"), false))
                    .isFalse();
            assertThat(AccessPolicy.mayPublish(r, "eve", hand.command("eve"), false)).isFalse();
            assertThat(
                            AccessPolicy.mayPublish(
                                    r, "eve", local.management(ManagementOperation.STATUS), false))
                    .isFalse();
            assertThat(
                            AccessPolicy.mayPublish(
                                    r,
                                    "eve",
                                    local.sim("hand").control(SimTopics.Operation.PAUSE),
                                    false))
                    .isFalse();
        }
    }

    @Test
    void managementTrafficReachesOnlyTheContainerAndRepliesOnlyTheirUser() {
        String mgmt = local.management(ManagementOperation.CONFIG_SET);
        assertThat(AccessPolicy.mayReceive(Role.CONTAINER, "local", mgmt)).isTrue();
        assertThat(AccessPolicy.mayReceive(Role.CONTAINER, "other", mgmt)).isFalse();
        for (Role r : new Role[] {Role.OPERATOR, Role.OBSERVER, Role.DEVICE}) {
            assertThat(AccessPolicy.mayReceive(r, "alice", mgmt)).as(r.name()).isFalse();
        }
        assertThat(AccessPolicy.mayReceive(Role.OPERATOR, "alice", local.reply("alice", "cli-1")))
                .isTrue();
        assertThat(AccessPolicy.mayReceive(Role.OPERATOR, "alice", local.reply("bob", "cli-1")))
                .isFalse();
        assertThat(AccessPolicy.mayReceive(Role.OBSERVER, "alice", local.reply("alice", "cli-1")))
                .isFalse();
    }

    @Test
    void observersSeeTheRobotButDevicesSeeOnlyTheirOwnSubtree() {
        assertThat(AccessPolicy.mayReceive(Role.OBSERVER, "o", hand.state())).isTrue();
        assertThat(AccessPolicy.mayReceive(Role.OBSERVER, "o", local.status())).isTrue();
        assertThat(AccessPolicy.mayReceive(Role.DEVICE, "ft", hand.state())).isFalse();
        assertThat(AccessPolicy.mayReceive(Role.DEVICE, "ft", local.sensorDevice("ft") + "/x"))
                .isTrue();
        assertThat(
                        AccessPolicy.mayPublish(
                                Role.DEVICE, "ft", local.sensorDevice("ft") + "/descriptor", true))
                .isTrue();
        assertThat(
                        AccessPolicy.mayPublish(
                                Role.DEVICE, "ft", local.sensorDevice("other") + "/x", false))
                .isFalse();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "ft", "homie/5/ft/$state", true)).isTrue();
    }

    @Test
    void aContainerOwnsItsTreeAndOnlyReadsOthers() {
        assertThat(AccessPolicy.mayPublish(Role.CONTAINER, "local", local.status(), true)).isTrue();
        assertThat(AccessPolicy.mayPublish(Role.CONTAINER, "other", hand.command("other"), false))
                .isFalse();
        assertThat(AccessPolicy.mayReceive(Role.CONTAINER, "other", hand.state())).isTrue();
    }

    @Test
    void aContainerReadsEveryHomieDeviceButPublishesNone() {
        String state = HomieTopics.state("thermo-1");
        assertThat(AccessPolicy.maySubscribe(Role.CONTAINER, "local", HomieTopics.all())).isTrue();
        assertThat(AccessPolicy.mayReceive(Role.CONTAINER, "local", state)).isTrue();
        assertThat(
                        AccessPolicy.mayReceive(
                                Role.CONTAINER, "local", HomieTopics.property("a", "b", "c")))
                .isTrue();
        assertThat(AccessPolicy.mayPublish(Role.CONTAINER, "local", state, true)).isFalse();
        assertThat(
                        AccessPolicy.mayPublish(
                                Role.CONTAINER, "local", HomieTopics.set("a", "b", "c"), false))
                .as("the registry only reads; commanding Homie devices is not part of it")
                .isFalse();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "thermo-1", state, true)).isTrue();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "other", state, true)).isFalse();
        assertThat(AccessPolicy.mayReceive(Role.OBSERVER, "watch", state)).isFalse();
    }

    @Test
    void subscriptionsMustOverlapWhatTheRoleMayReceive() {
        assertThat(AccessPolicy.maySubscribe(Role.OBSERVER, "o", "#")).isTrue();
        assertThat(AccessPolicy.maySubscribe(Role.OBSERVER, "o", "armature/v1/+/control/#"))
                .isTrue();
        assertThat(AccessPolicy.maySubscribe(Role.DEVICE, "ft", "armature/v1/local/control/#"))
                .isFalse();
        assertThat(AccessPolicy.maySubscribe(Role.DEVICE, "ft", "armature/v1/+/sensors/ft/#"))
                .isTrue();
        assertThat(AccessPolicy.maySubscribe(Role.OBSERVER, "o", "a/#/b")).isFalse();
    }

    @Test
    void userNamesThatAreNotOneLevelAreRefused() {
        assertThat(AccessPolicy.mayPublish(Role.OPERATOR, "+", hand.base() + "/command/+", false))
                .isFalse();
        assertThat(AccessPolicy.mayReceive(Role.OBSERVER, "a/b", hand.state())).isFalse();
    }

    @Test
    void aNetworkCameraPublishesOnlyTheFramesAndModelOfTheCameraNamedAfterIt() {
        VisionTopics vision = local.vision();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "cam2", vision.frames("cam2"), false))
                .isTrue();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "cam2", vision.cameraInfo("cam2"), true))
                .as("the camera's model is retained, as a container's camera retains it")
                .isTrue();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "cam2", vision.frames("cam1"), false))
                .as("another camera's frames")
                .isFalse();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "cam2", vision.markers("cam2"), false))
                .as("the markers found in its frames are the container's")
                .isFalse();
        assertThat(AccessPolicy.mayPublish(Role.DEVICE, "cam2", vision.pose("tag36h11-1"), false))
                .isFalse();
        assertThat(AccessPolicy.mayReceive(Role.DEVICE, "cam2", vision.markers("cam2"))).isTrue();
        assertThat(AccessPolicy.mayReceive(Role.DEVICE, "cam2", vision.frames("cam1"))).isFalse();
        for (Role r : new Role[] {Role.OPERATOR, Role.OBSERVER}) {
            assertThat(AccessPolicy.mayPublish(r, "cam2", vision.frames("cam2"), false)).isFalse();
            assertThat(AccessPolicy.mayReceive(r, "alice", vision.frames("cam2"))).isTrue();
        }
    }
}
