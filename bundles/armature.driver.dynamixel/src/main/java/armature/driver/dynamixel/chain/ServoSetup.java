package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.StateBlock;
import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.serial.PortLostException;
import java.util.Arrays;
import java.util.List;

/** What {@link DynamixelChain#open()} does to each servo after it answered a ping. */
final class ServoSetup {
    private ServoSetup() {}

    /**
     * Deadlines are only right if the servos use the return delay and status return level the
     * config assumes; a mismatch is reported rather than silently causing timeouts later.
     */
    static void checkSettings(DynamixelBus bus, int id, ChainConfig config, List<BusEvent> events)
            throws DynamixelCommException, PortLostException {
        long delayUnits =
                Retry.onWireFault(
                                () -> bus.read(id, XControlTable.RETURN_DELAY_TIME.address(), 1),
                                events)
                        .paramUnsigned(0, 1);
        if (delayUnits * 2 != config.returnDelayMicros()) {
            events.add(
                    new BusEvent(
                            BusEvent.Kind.CONFIG_MISMATCH,
                            id,
                            "Return Delay Time is "
                                    + delayUnits * 2
                                    + " us, config returnDelayMicros="
                                    + config.returnDelayMicros()));
        }
        long level =
                Retry.onWireFault(
                                () -> bus.read(id, XControlTable.STATUS_RETURN_LEVEL.address(), 1),
                                events)
                        .paramUnsigned(0, 1);
        if (level != config.statusReturnLevel()) {
            events.add(
                    new BusEvent(
                            BusEvent.Kind.CONFIG_MISMATCH,
                            id,
                            "Status Return Level is "
                                    + level
                                    + ", config statusReturnLevel="
                                    + config.statusReturnLevel()));
        }
    }

    /** Reads Operating Mode through Shutdown in one read. */
    static ServoInfo readInfo(DynamixelBus bus, int id, List<BusEvent> events)
            throws DynamixelCommException, PortLostException {
        byte[] span =
                Retry.onWireFault(
                                () -> bus.read(id, ServoInfo.SPAN_ADDRESS, ServoInfo.SPAN_LENGTH),
                                events)
                        .params();
        if (span.length != ServoInfo.SPAN_LENGTH) {
            throw new DynamixelCommException(
                    new BusEvent(
                            BusEvent.Kind.STATUS_ERROR,
                            id,
                            "EEPROM read returned " + span.length + " bytes"),
                    List.of());
        }
        return ServoInfo.decode(span);
    }

    /**
     * Points Indirect Address 1.. at the {@link StateBlock} items unless they already do (they
     * survive power cycles, so a servo set up once is only read). Changing them needs torque off;
     * that goes through {@link ServoReconfiguration} so a holding servo is not dropped.
     *
     * @return null on success, else why it failed
     */
    static String ensureStateBlock(
            DynamixelBus bus, int id, ServoInfo info, boolean expectReply, List<BusEvent> events)
            throws DynamixelCommException, PortLostException {
        byte[] wanted = StateBlock.indirectAddressBytes();
        int address = XControlTable.INDIRECT_ADDRESS_1.address();
        byte[] now = Retry.onWireFault(() -> bus.read(id, address, wanted.length), events).params();
        if (Arrays.equals(now, wanted)) {
            return null;
        }
        int goalCurrent = info.currentLimitRaw();
        if (info.operatingMode() == OperatingMode.CURRENT_BASED_POSITION) {
            goalCurrent =
                    (int)
                            Math.abs(
                                    XControlTable.GOAL_CURRENT.decode(
                                            Retry.onWireFault(
                                                            () ->
                                                                    bus.read(
                                                                            id,
                                                                            XControlTable
                                                                                    .GOAL_CURRENT
                                                                                    .address(),
                                                                            2),
                                                            events)
                                                    .params(),
                                            0));
        }
        return new ServoReconfiguration(bus, id, expectReply, events)
                .run(
                        info.operatingMode(),
                        info.operatingMode(),
                        goalCurrent,
                        r -> {
                            r.step("write Indirect Address 1.." + StateBlock.LENGTH);
                            r.writeBytes(address, wanted);
                            r.step("read back Indirect Address 1.." + StateBlock.LENGTH);
                            byte[] back = r.readBytes(address, wanted.length);
                            if (!Arrays.equals(back, wanted)) {
                                ServoReconfiguration.fail(
                                        "Indirect Address items read back differently than"
                                                + " written");
                            }
                        });
    }
}
