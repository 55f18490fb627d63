package armature.physics.reference.sim;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeterminismAndAllocationTest {

    static void drive(Simulator sim, int steps) {
        for (int i = 0; i < steps; i++) {
            double t = sim.data.time;
            for (int u = 0; u < sim.model.nu; u++) {
                sim.data.ctrl[u] = 0.3 + 0.2 * Math.sin(3 * t + u);
            }
            sim.step();
        }
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void twoRunsOfTheHandAndBlockAreBitIdentical(Integrator integrator) {
        MultibodyModel m = Robots.handWithBlock(integrator, 0.002);
        Simulator a = new Simulator(m), b = new Simulator(m);
        drive(a, 750);
        drive(b, 750);
        assertThat(a.contacts.count).as("the scene has contacts").isPositive();
        for (int i = 0; i < m.nq; i++) {
            assertThat(Double.doubleToRawLongBits(a.data.qpos[i]))
                    .as("qpos[%d]", i)
                    .isEqualTo(Double.doubleToRawLongBits(b.data.qpos[i]));
        }
        for (int i = 0; i < m.nv; i++) {
            assertThat(Double.doubleToRawLongBits(a.data.qvel[i]))
                    .as("qvel[%d]", i)
                    .isEqualTo(Double.doubleToRawLongBits(b.data.qvel[i]));
        }
    }

    @Test
    void steppingDoesNotAllocateOnceWarm() {
        MultibodyModel m = Robots.handWithBlock(Integrator.SEMI_IMPLICIT_EULER, 0.002);
        Simulator sim = new Simulator(m);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        drive(sim, 3000); // JIT warm-up with contacts made and broken
        long before = threads.getThreadAllocatedBytes(id);
        drive(sim, 2000);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(sim.contacts.count).isPositive();
        // a single boxed value or array would show up as >= 16 bytes per step, i.e. >= 32 kB
        assertThat(allocated).as("bytes allocated by 2000 steps").isLessThan(1024);
    }

    @Test
    void rk4SteppingDoesNotAllocateOnceWarm() {
        Simulator sim = new Simulator(Robots.handWithBlock(Integrator.RK4, 0.002));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        drive(sim, 1500);
        long before = threads.getThreadAllocatedBytes(id);
        drive(sim, 1000);
        assertThat(threads.getThreadAllocatedBytes(id) - before).isLessThan(1024);
    }
}
