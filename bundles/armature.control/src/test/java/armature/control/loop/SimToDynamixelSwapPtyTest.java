package armature.control.loop;

import static armature.control.loop.ControlLoopDynamixelPtyTest.near;
import static armature.control.loop.ControlLoopDynamixelPtyTest.requireSocat;
import static armature.control.loop.ControlLoopDynamixelPtyTest.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import armature.safety.Command;
import armature.safety.CommandMode;
import armature.safety.SafetyEvent;
import armature.sim.core.LockStepDriver;
import armature.sim.core.SimulatedRobot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swap users make first: from the simulated robot (a real MJCF on the reference engine, stepped
 * in lock-step with the loop) to a Dynamixel chain (the real driver over a socat pty to the
 * emulated servos), with the loop running. The servos were left elsewhere with torque off; the
 * first goal they receive is their own present position, old-epoch commands are rejected, and the
 * hardware then follows new-epoch commands.
 */
class SimToDynamixelSwapPtyTest {
    private static final int[] IDS = {1, 2, 3};

    @TempDir Path dir;

    @Test
    void simulatedFingerToServoChainWithoutAJumpOrAStaleCommand() throws Exception {
        requireSocat();
        Path file =
                Path.of(
                        SimToDynamixelSwapPtyTest.class
                                .getResource("/models/three_joint_finger.xml")
                                .toURI());
        MultibodyModel model =
                ModelCompiler.compile(Models.load(file, LoadOptions.defaults()), w -> {});
        SimulatedRobot robot =
                new SimulatedRobot(
                        model,
                        new ReferencePhysicsEngine().createWorld(model),
                        System::nanoTime,
                        25);
        LockStepDriver sim = new LockStepDriver(robot, 0.002);
        assertThat(sim.joints()).extracting(j -> j.name()).containsExactly("j0", "j1", "j2");

        LoopRig rig = new LoopRig(3);
        try (ControlLoopDynamixelPtyTest.Bus servos =
                new ControlLoopDynamixelPtyTest.Bus(dir.resolve("servos"))) {
            for (int id : IDS) {
                servos.emulator.placeAt(id, 2048 - 261); // -0.4 rad, torque off
            }
            rig.core.attachDriver(sim);
            rig.tickAt(System.nanoTime());
            long epochSim = rig.frameEpoch();
            long[] seq = {0};
            runUntil(
                    "the simulated finger at 0.3 rad",
                    rig,
                    () -> Command.of(epochSim, ++seq[0], CommandMode.POSITION, 0.3, 0.3, 0.3),
                    () -> near(rig, 0.3));

            rig.core.attachDriver(servos.driver);
            rig.core.detachDriver(sim);
            for (int k = 0; k < 5; k++) {
                rig.inbox.offer(
                        Command.of(epochSim, ++seq[0], CommandMode.POSITION, 0.3, 0.3, 0.3));
                rig.tickAt(System.nanoTime());
                if (k == 0) {
                    for (int id : IDS) {
                        long present = servos.emulator.presentPositionRaw(id);
                        assertThat(servos.emulator.goalPositionRaw(id))
                                .as("first goal to servo %d: where it is, not the sim's 0.3", id)
                                .isBetween(present - 1, present + 1);
                        assertThat(servos.emulator.torqueEnabled(id)).isTrue();
                    }
                }
            }
            assertThat(rig.count(SafetyEvent.Type.COMMAND_WRONG_EPOCH)).isEqualTo(5);

            long epochServos = rig.frameEpoch();
            assertThat(epochServos).isEqualTo(epochSim + 1);
            long[] seqB = {0};
            runUntil(
                    "the servos at 0.3 rad",
                    rig,
                    () -> Command.of(epochServos, ++seqB[0], CommandMode.POSITION, 0.3, 0.3, 0.3),
                    () -> near(rig, 0.3));
            var s = rig.supervisor.statistics();
            assertThat(s.commandsReceived()).isEqualTo(s.commandsApplied() + s.commandsRejected());
            assertThat(s.rejectedWrongEpoch()).isEqualTo(5);
            assertThat(s.rejectedDuplicate()).isZero();
        }
    }
}
