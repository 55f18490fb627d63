package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.serial.PortLostException;
import java.util.List;

/**
 * Changes EEPROM items of one servo (Operating Mode, Indirect Address) without letting it move on
 * its own: hold where it is, torque off, change, verify by reading back, set a neutral goal for the
 * new mode at the present position, torque back on if it was on. Every step is named, so a failure
 * says where the servo was left.
 *
 * <p>One instance per servo and attempt; not thread-safe.
 */
final class ServoReconfiguration {
    /** The change itself; it reports read-back mismatches with {@link #fail}. */
    @FunctionalInterface
    interface Change {
        void apply(ServoReconfiguration r) throws DynamixelCommException, PortLostException;
    }

    /** A step that did not do what it should. */
    static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    private final DynamixelBus bus;
    private final int id;
    private final boolean expectReply;
    private final List<BusEvent> events;
    private String step = "start";
    private boolean torqueOff;

    ServoReconfiguration(DynamixelBus bus, int id, boolean expectReply, List<BusEvent> events) {
        this.bus = bus;
        this.id = id;
        this.expectReply = expectReply;
        this.events = events;
    }

    /**
     * Runs the sequence.
     *
     * @param from the servo's mode now (null when unknown: no hold goal is written)
     * @param to the mode the servo is in after the change
     * @param goalCurrentRaw Goal Current to set for {@link OperatingMode#CURRENT_BASED_POSITION}
     * @return null on success, else one sentence naming the failed step, its cause and the state
     *     the servo was left in
     */
    String run(OperatingMode from, OperatingMode to, int goalCurrentRaw, Change change)
            throws PortLostException {
        try {
            step("read Torque Enable");
            boolean wasOn = read(XControlTable.TORQUE_ENABLE) == 1;
            if (wasOn) {
                step("hold at the present position in " + from + " mode");
                writeNeutralGoal(from, goalCurrentRaw);
                step("write Torque Enable = 0");
                write(XControlTable.TORQUE_ENABLE, 0);
            }
            torqueOff = true;
            change.apply(this);
            step("set a neutral " + to + " goal at the present position");
            writeNeutralGoal(to, goalCurrentRaw);
            if (wasOn) {
                step("write Torque Enable = 1");
                write(XControlTable.TORQUE_ENABLE, 1);
            }
            torqueOff = false;
            return null;
        } catch (DynamixelCommException e) {
            events.addAll(e.allEvents());
            return failed(e.event().toString());
        } catch (StepFailed e) {
            return failed(e.getMessage());
        }
    }

    /**
     * Changes Operating Mode with the full sequence; {@code onVerified} learns the mode as soon as
     * it has been read back, even if a later step (neutral goal, torque on) fails.
     */
    String switchMode(
            OperatingMode from,
            OperatingMode to,
            int goalCurrentRaw,
            java.util.function.Consumer<OperatingMode> onVerified)
            throws PortLostException {
        return run(
                from,
                to,
                goalCurrentRaw,
                r -> {
                    r.step("write Operating Mode = " + to.value());
                    r.write(XControlTable.OPERATING_MODE, to.value());
                    r.step("read back Operating Mode");
                    long back = r.read(XControlTable.OPERATING_MODE);
                    if (back != to.value()) {
                        fail("Operating Mode reads " + back + " after writing " + to.value());
                    }
                    onVerified.accept(to);
                });
    }

    private String failed(String cause) throws PortLostException {
        String where = step + " failed: " + cause;
        if (!torqueOff) {
            return where + "; torque unchanged";
        }
        try {
            // The servo may have half-applied the change: keep it limp rather than moving in a
            // mode nobody asked for.
            bus.write(id, XControlTable.TORQUE_ENABLE.address(), new byte[] {0}, expectReply);
            return where + "; torque left off";
        } catch (DynamixelCommException e) {
            events.addAll(e.allEvents());
            return where + "; torque off could not be confirmed (" + e.event() + ")";
        }
    }

    /** Names the step about to run, for failure messages. */
    void step(String name) {
        step = name;
    }

    static void fail(String message) {
        throw new StepFailed(message);
    }

    long read(XControlTable item) throws DynamixelCommException, PortLostException {
        byte[] p =
                Retry.onWireFault(() -> bus.read(id, item.address(), item.size()), events).params();
        if (p.length != item.size()) {
            fail(item + " read returned " + p.length + " bytes, expected " + item.size());
        }
        return item.decode(p, 0);
    }

    byte[] readBytes(int address, int length) throws DynamixelCommException, PortLostException {
        byte[] p = Retry.onWireFault(() -> bus.read(id, address, length), events).params();
        if (p.length != length) {
            fail("read at " + address + " returned " + p.length + " bytes, expected " + length);
        }
        return p;
    }

    void write(XControlTable item, long value) throws DynamixelCommException, PortLostException {
        byte[] data = item.encode(value);
        Retry.onWireFault(() -> bus.write(id, item.address(), data, expectReply), events);
    }

    void writeBytes(int address, byte[] data) throws DynamixelCommException, PortLostException {
        Retry.onWireFault(() -> bus.write(id, address, data, expectReply), events);
    }

    /** A goal that keeps the servo where it is in {@code mode}. */
    private void writeNeutralGoal(OperatingMode mode, int goalCurrentRaw)
            throws DynamixelCommException, PortLostException {
        if (mode == null) {
            return;
        }
        switch (mode) {
            case POSITION, EXTENDED_POSITION -> writePresentAsGoal();
            case CURRENT_BASED_POSITION -> {
                write(XControlTable.GOAL_CURRENT, goalCurrentRaw);
                writePresentAsGoal();
            }
            case VELOCITY -> write(XControlTable.GOAL_VELOCITY, 0);
            case CURRENT -> write(XControlTable.GOAL_CURRENT, 0);
            case PWM -> write(XControlTable.GOAL_PWM, 0);
        }
    }

    private void writePresentAsGoal() throws DynamixelCommException, PortLostException {
        String outer = step;
        step(outer + " (read Present Position)");
        long present = read(XControlTable.PRESENT_POSITION);
        step(outer + " (write Goal Position = " + present + ")");
        write(XControlTable.GOAL_POSITION, present);
        step(outer);
    }
}
