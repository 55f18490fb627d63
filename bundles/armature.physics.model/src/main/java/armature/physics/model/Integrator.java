package armature.physics.model;

/** Time integration schemes. */
public enum Integrator {
    /**
     * Semi-implicit (symplectic) Euler: velocities first, positions with the new velocities; joint
     * damping is treated implicitly by adding {@code timestep * damping} to the mass matrix.
     */
    SEMI_IMPLICIT_EULER,
    /** Classic fourth-order Runge-Kutta with explicit damping; constraints evaluated per stage. */
    RK4
}
