package armature.physics.model;

/**
 * Bits of {@link ModelBuilder#disable(int)}: features an MJCF {@code <option><flag .../>} switches
 * off. The values are MuJoCo's {@code mjtDisableBit}, so a model's flags read the same in both.
 */
public final class DisableFlags {
    /** Every constraint. */
    public static final int CONSTRAINT = 1;

    public static final int EQUALITY = 1 << 1;
    public static final int FRICTIONLOSS = 1 << 2;
    public static final int LIMIT = 1 << 3;
    public static final int CONTACT = 1 << 4;

    /** Joint springs and dampers. */
    public static final int PASSIVE = 1 << 5;

    public static final int GRAVITY = 1 << 6;

    /** Controls outside ctrlrange are no longer clamped. */
    public static final int CLAMPCTRL = 1 << 7;

    public static final int WARMSTART = 1 << 8;

    /** Contacts between a body and its parent are no longer filtered out. */
    public static final int FILTERPARENT = 1 << 9;

    public static final int ACTUATION = 1 << 10;

    /** solref time constants are no longer raised to twice the timestep. */
    public static final int REFSAFE = 1 << 11;

    /** Implicit joint damping in the Euler step (MuJoCo 3's eulerdamp flag; absent in 2.2). */
    public static final int EULERDAMP = 1 << 15;

    static final int ALL =
            CONSTRAINT
                    | EQUALITY
                    | FRICTIONLOSS
                    | LIMIT
                    | CONTACT
                    | PASSIVE
                    | GRAVITY
                    | CLAMPCTRL
                    | WARMSTART
                    | FILTERPARENT
                    | ACTUATION
                    | REFSAFE
                    | EULERDAMP;

    private DisableFlags() {}

    /** Whether {@code flag} is set in {@code flags}. */
    public static boolean disabled(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
