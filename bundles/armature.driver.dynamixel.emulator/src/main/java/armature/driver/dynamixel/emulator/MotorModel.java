package armature.driver.dynamixel.emulator;

/**
 * Motion, current and temperature of one emulated servo, in raw control table units. Deliberately
 * simple first-order models: what matters for the driver is that each operating mode answers to its
 * own goal item, that current follows the effort the mode demands and that the winding heats with
 * the square of the current.
 *
 * <p>In every mode the speed stays within Velocity Limit (and Profile Velocity in the position
 * modes, when set), as on the real servo: a step in Goal Position is a ramp at that speed and then
 * a first-order approach, never a jump.
 *
 * <ul>
 *   <li>Position modes (3, 4): position approaches Goal Position with time constant tau; current is
 *       proportional to the remaining error.
 *   <li>Current-based position (5): as position mode, but the current is capped by Goal Current;
 *       when the cap bites the motion slows by the same ratio.
 *   <li>Velocity (1): velocity approaches Goal Velocity with tau; current covers friction plus
 *       acceleration.
 *   <li>Current (0): current equals Goal Current; the free load spins up to a speed proportional to
 *       it.
 * </ul>
 *
 * Temperature: {@code dT/dt = heating * I^2 - (T - ambient) / coolingTau}, integrated exactly for a
 * constant current over each step.
 */
final class MotorModel {
    static final double COUNTS_PER_SEC_PER_VELOCITY_UNIT = 0.229 * 4096 / 60.0;
    static final double AMP_PER_CURRENT_UNIT = 2.69e-3;

    /** Position mode: current units per count of position error (a stiff P controller). */
    private static final double CURRENT_UNITS_PER_COUNT = 0.5;

    /** Free-running speed per unit of current in current mode (viscous load). */
    private static final double VELOCITY_UNITS_PER_CURRENT_UNIT = 0.5;

    /** Velocity mode: current units per velocity unit of error (acceleration term). */
    private static final double CURRENT_UNITS_PER_VELOCITY_ERROR = 4.0;

    private final double timeConstantSeconds;
    private double positionCounts = 2048;
    private double velocityCountsPerSec;
    private double currentUnits;
    private double ambientDegC = 36;
    private double heatingDegCPerAmpSquaredSecond = 0.3;
    private double coolingTimeConstantSeconds = 300;
    private double temperatureDegC = 36;

    MotorModel(double timeConstantSeconds) {
        this.timeConstantSeconds = timeConstantSeconds;
    }

    void setThermal(double ambientDegC, double heating, double coolingTimeConstantSeconds) {
        this.ambientDegC = ambientDegC;
        this.heatingDegCPerAmpSquaredSecond = heating;
        this.coolingTimeConstantSeconds = coolingTimeConstantSeconds;
    }

    void setTemperatureDegC(double t) {
        temperatureDegC = t;
    }

    double temperatureDegC() {
        return temperatureDegC;
    }

    double positionCounts() {
        return positionCounts;
    }

    double velocityUnits() {
        return velocityCountsPerSec / COUNTS_PER_SEC_PER_VELOCITY_UNIT;
    }

    double currentUnits() {
        return currentUnits;
    }

    /** Drive cut off (shutdown): current and speed drop to zero, the position stays. */
    void release() {
        velocityCountsPerSec = 0;
        currentUnits = 0;
    }

    /** Moves the position by {@code counts} without motion (a change of reference). */
    void shift(double counts) {
        positionCounts += counts;
    }

    void placeAt(double counts) {
        positionCounts = counts;
        velocityCountsPerSec = 0;
        currentUnits = 0;
    }

    /** Goals and limits in raw units, as read from the control table before a step. */
    record Inputs(
            boolean torqueOn,
            int operatingMode,
            long goalPosition,
            long goalVelocity,
            long goalCurrent,
            long currentLimit,
            long velocityLimit,
            long profileVelocity) {

        /**
         * The speed the servo may not exceed, counts/s: Velocity Limit (address 44), lowered by
         * Profile Velocity (address 112) in the position modes when that is set (0 = no profile). A
         * limit of 0 is treated as no limit rather than a motor that cannot move.
         */
        double maxCountsPerSec(boolean positionMode) {
            long units = velocityLimit > 0 ? velocityLimit : Long.MAX_VALUE;
            if (positionMode && profileVelocity > 0) {
                units = Math.min(units, profileVelocity);
            }
            return units == Long.MAX_VALUE
                    ? Double.POSITIVE_INFINITY
                    : units * COUNTS_PER_SEC_PER_VELOCITY_UNIT;
        }
    }

    void step(double dt, Inputs in) {
        if (dt <= 0) {
            return;
        }
        double alpha = 1 - Math.exp(-dt / timeConstantSeconds);
        double before = positionCounts;
        if (!in.torqueOn()) {
            velocityCountsPerSec = 0;
            currentUnits = 0;
        } else {
            switch (in.operatingMode()) {
                case 3, 4 -> {
                    positionCounts +=
                            clamp(
                                    (in.goalPosition() - positionCounts) * alpha,
                                    in.maxCountsPerSec(true) * dt);
                    velocityCountsPerSec = (positionCounts - before) / dt;
                    currentUnits =
                            clamp(
                                    (in.goalPosition() - positionCounts) * CURRENT_UNITS_PER_COUNT,
                                    in.currentLimit());
                }
                case 5 -> {
                    double error = in.goalPosition() - positionCounts;
                    double wanted = error * CURRENT_UNITS_PER_COUNT;
                    double cap = Math.min(Math.abs(in.goalCurrent()), in.currentLimit());
                    double ratio = Math.abs(wanted) > cap ? cap / Math.abs(wanted) : 1.0;
                    positionCounts += clamp(error * alpha * ratio, in.maxCountsPerSec(true) * dt);
                    velocityCountsPerSec = (positionCounts - before) / dt;
                    currentUnits = Math.signum(wanted) * Math.min(Math.abs(wanted), cap);
                }
                case 1 -> {
                    double goal =
                            clamp(in.goalVelocity(), in.velocityLimit())
                                    * COUNTS_PER_SEC_PER_VELOCITY_UNIT;
                    double error = goal - velocityCountsPerSec;
                    velocityCountsPerSec += error * alpha;
                    positionCounts += velocityCountsPerSec * dt;
                    currentUnits =
                            clamp(
                                    velocityUnits() / VELOCITY_UNITS_PER_CURRENT_UNIT
                                            + CURRENT_UNITS_PER_VELOCITY_ERROR
                                                    * error
                                                    * (1 - alpha)
                                                    / COUNTS_PER_SEC_PER_VELOCITY_UNIT,
                                    in.currentLimit());
                }
                case 0 -> {
                    currentUnits = clamp(in.goalCurrent(), in.currentLimit());
                    double free =
                            currentUnits
                                    * VELOCITY_UNITS_PER_CURRENT_UNIT
                                    * COUNTS_PER_SEC_PER_VELOCITY_UNIT;
                    velocityCountsPerSec += (free - velocityCountsPerSec) * alpha;
                    velocityCountsPerSec = clamp(velocityCountsPerSec, in.maxCountsPerSec(false));
                    positionCounts += velocityCountsPerSec * dt;
                }
                default -> {
                    // PWM mode (16) is not modelled: the motor stands still.
                    velocityCountsPerSec = 0;
                    currentUnits = 0;
                }
            }
        }
        double amps = currentUnits * AMP_PER_CURRENT_UNIT;
        double steady =
                ambientDegC
                        + heatingDegCPerAmpSquaredSecond * amps * amps * coolingTimeConstantSeconds;
        temperatureDegC =
                steady + (temperatureDegC - steady) * Math.exp(-dt / coolingTimeConstantSeconds);
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }
}
