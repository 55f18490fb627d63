package armature.driver.dynamixel.controltable;

/**
 * The items read from every servo every control cycle, packed through indirect addressing into one
 * contiguous block at Indirect Data 1 (address 224) so a single sync read returns all of them.
 * Layout in bytes: present current (2), present velocity (4), present position (4), present
 * temperature (1), hardware error status (1), torque enable (1).
 */
public final class StateBlock {
    private static final XControlTable[] ITEMS = {
        XControlTable.PRESENT_CURRENT,
        XControlTable.PRESENT_VELOCITY,
        XControlTable.PRESENT_POSITION,
        XControlTable.PRESENT_TEMPERATURE,
        XControlTable.HARDWARE_ERROR_STATUS,
        XControlTable.TORQUE_ENABLE
    };

    /** Where the block is read from: Indirect Data 1. */
    public static final int ADDRESS = XControlTable.INDIRECT_DATA_1.address();

    public static final int CURRENT_OFFSET = 0;
    public static final int VELOCITY_OFFSET = 2;
    public static final int POSITION_OFFSET = 6;
    public static final int TEMPERATURE_OFFSET = 10;
    public static final int HARDWARE_ERROR_OFFSET = 11;
    public static final int TORQUE_ENABLE_OFFSET = 12;

    /** Bytes per servo in the sync read. */
    public static final int LENGTH = 13;

    private StateBlock() {}

    /**
     * The bytes to write at Indirect Address 1 (address 168): one little-endian target address per
     * block byte, 2 x {@link #LENGTH} bytes in all.
     */
    public static byte[] indirectAddressBytes() {
        byte[] out = new byte[2 * LENGTH];
        int k = 0;
        for (XControlTable item : ITEMS) {
            for (int b = 0; b < item.size(); b++) {
                int target = item.address() + b;
                out[2 * k] = (byte) target;
                out[2 * k + 1] = (byte) (target >>> 8);
                k++;
            }
        }
        return out;
    }
}
