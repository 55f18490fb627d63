package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.XUnits;
import armature.driver.dynamixel.protocol.PacketEncoder;

/**
 * Maps one joint to one servo: {@code jointPositionRad = direction * servoPositionRad + offsetRad},
 * where servoPositionRad is 0 at raw position 2048.
 *
 * @param name joint name, unique in the chain
 * @param id servo id 0..252
 * @param direction +1 or -1
 * @param offsetRad joint angle at servo center, within [-2pi, 2pi]
 * @param minPositionRaw lowest goal position the driver will send (0..4095)
 * @param maxPositionRaw highest goal position the driver will send (0..4095)
 */
public record JointConfig(
        String name,
        int id,
        int direction,
        double offsetRad,
        int minPositionRaw,
        int maxPositionRaw) {

    public JointConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("joint name must not be blank, got '" + name + "'");
        }
        if (id < 0 || id > PacketEncoder.MAX_SERVO_ID) {
            throw new IllegalArgumentException(
                    "joint '"
                            + name
                            + "' id="
                            + id
                            + " is outside 0.."
                            + PacketEncoder.MAX_SERVO_ID);
        }
        if (direction != 1 && direction != -1) {
            throw new IllegalArgumentException(
                    "joint '" + name + "' direction=" + direction + " must be +1 or -1");
        }
        if (!Double.isFinite(offsetRad) || Math.abs(offsetRad) > 2 * Math.PI) {
            throw new IllegalArgumentException(
                    "joint '" + name + "' offsetRad=" + offsetRad + " is outside [-2pi, 2pi]");
        }
        int maxRaw = XUnits.POSITION_COUNTS_PER_REV - 1;
        if (minPositionRaw < 0 || minPositionRaw > maxRaw) {
            throw new IllegalArgumentException(
                    "joint '"
                            + name
                            + "' minPositionRaw="
                            + minPositionRaw
                            + " is outside 0.."
                            + maxRaw);
        }
        if (maxPositionRaw < minPositionRaw || maxPositionRaw > maxRaw) {
            throw new IllegalArgumentException(
                    "joint '"
                            + name
                            + "' maxPositionRaw="
                            + maxPositionRaw
                            + " is outside "
                            + minPositionRaw
                            + ".."
                            + maxRaw);
        }
    }

    /** A joint using the full single-turn range. */
    public static JointConfig of(String name, int id, int direction, double offsetRad) {
        return new JointConfig(
                name, id, direction, offsetRad, 0, XUnits.POSITION_COUNTS_PER_REV - 1);
    }

    /** Joint angle for a raw servo position. */
    public double jointPositionRad(long rawPosition) {
        return direction * XUnits.positionRad(rawPosition) + offsetRad;
    }

    /** Raw servo position for a joint angle (not range checked). */
    public long rawPosition(double jointPositionRad) {
        return XUnits.positionRaw((jointPositionRad - offsetRad) * direction);
    }
}
