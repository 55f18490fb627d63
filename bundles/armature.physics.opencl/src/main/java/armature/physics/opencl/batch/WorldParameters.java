package armature.physics.opencl.batch;

import armature.physics.model.MultibodyModel;

/**
 * One world's randomized parameters for its current episode, as the kernels use them.
 *
 * @param bodyMassKg per body (body 0, the world, keeps the model's value)
 * @param geomFriction sliding, torsional, rolling per geom (kept for the contact pipeline)
 * @param dofDamping per degree of freedom
 * @param dofArmature per degree of freedom
 * @param actuatorGain per actuator
 * @param actuatorForceLo lower force limit per actuator
 * @param actuatorForceHi upper force limit per actuator
 * @param gravityMPerS2 x, y, z
 * @param latencySteps action latency in control steps
 * @param observationNoise standard deviation of the observation noise
 */
public record WorldParameters(
        double[] bodyMassKg,
        double[] geomFriction,
        double[] dofDamping,
        double[] dofArmature,
        double[] actuatorGain,
        double[] actuatorForceLo,
        double[] actuatorForceHi,
        double[] gravityMPerS2,
        int latencySteps,
        double observationNoise) {

    /** Unpacks the kernel's parameter block (layout P_* in batch.cl). */
    static WorldParameters from(MultibodyModel m, double[] p, int latency) {
        int nuPad = Math.max(1, m.nu), ngPad = Math.max(1, m.ngeom);
        int o = 0;
        double[] mass = new double[m.nbody];
        for (int b = 0; b < m.nbody; b++) {
            mass[b] = m.bodyMassKg[b] * p[o + b];
        }
        o += m.nbody;
        double[] friction = java.util.Arrays.copyOfRange(p, o, o + 3 * m.ngeom);
        o += 3 * ngPad;
        double[] damping = java.util.Arrays.copyOfRange(p, o, o + m.nv);
        o += m.nv;
        double[] armature = java.util.Arrays.copyOfRange(p, o, o + m.nv);
        o += m.nv;
        double[] gain = java.util.Arrays.copyOfRange(p, o, o + m.nu);
        o += nuPad;
        double[] lo = java.util.Arrays.copyOfRange(p, o, o + m.nu);
        o += nuPad;
        double[] hi = java.util.Arrays.copyOfRange(p, o, o + m.nu);
        o += nuPad;
        double[] g = java.util.Arrays.copyOfRange(p, o, o + 3);
        o += 3;
        return new WorldParameters(
                mass, friction, damping, armature, gain, lo, hi, g, latency, p[o]);
    }
}
