package armature.driver.dynamixel.emulator;

import java.util.Deque;
import java.util.Map;

/** Executes one CRC-checked instruction frame against the emulated servos and queues replies. */
final class InstructionDispatcher {
    private static final byte[] CLEAR_MULTI_TURN = {0x01, 0x44, 0x58, 0x4C, 0x22};

    private final Map<Integer, EmulatedServo> servos;
    private final Map<Integer, Deque<Fault>> faults;
    private final Map<Integer, byte[]> registered;
    private final int busBaudCode;

    /**
     * @param servos keyed by the id each servo was created with (the test-control handle); on the
     *     bus a servo answers to its present ID register, and only while its Baud Rate register
     *     matches the bus
     */
    InstructionDispatcher(
            Map<Integer, EmulatedServo> servos,
            Map<Integer, Deque<Fault>> faults,
            Map<Integer, byte[]> registered,
            int busBaudCode) {
        this.servos = servos;
        this.faults = faults;
        this.registered = registered;
        this.busBaudCode = busBaudCode;
    }

    /** The servo that hears packets for {@code id} on this bus, or null. */
    EmulatedServo onBus(int id) {
        for (EmulatedServo s : servos.values()) {
            if (s.id() == id && listening(s)) {
                return s;
            }
        }
        return null;
    }

    /** A servo whose baud rate was changed (or factory reset) no longer hears this bus. */
    private boolean listening(EmulatedServo s) {
        return s.get(Register.BAUD_RATE) == busBaudCode;
    }

    void dispatch(InstructionFrame f, ReplyPacer pacer) {
        byte[] p = f.params();
        boolean broadcast = f.id() == WireFormat.BROADCAST;
        switch (f.instruction()) {
            case 0x01 -> forTargets(f.id(), s -> reply(s, 0, pingData(), pacer));
            case 0x02 -> {
                if (broadcast || p.length != 4) {
                    return;
                }
                unicast(
                        f.id(),
                        s -> readReply(s, WireFormat.u16(p, 0), WireFormat.u16(p, 2), pacer));
            }
            case 0x03, 0x04 -> {
                if (p.length < 3) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                byte[] value = java.util.Arrays.copyOfRange(p, 2, p.length);
                boolean reg = f.instruction() == 0x04;
                forTargets(
                        f.id(),
                        s -> {
                            int err;
                            if (reg) {
                                registered.put(s.key(), p.clone());
                                s.set(Register.REGISTERED_INSTRUCTION, 1);
                                err = 0;
                            } else {
                                err = s.hostWrite(address, value);
                            }
                            if (err != EmulatedServo.SILENT
                                    && !broadcast
                                    && s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                reply(s, err, new byte[0], pacer);
                            }
                        });
            }
            case 0x05 ->
                    forTargets(
                            f.id(),
                            s -> {
                                byte[] r = registered.remove(s.key());
                                int err = 0x02;
                                if (r != null) {
                                    err =
                                            s.hostWrite(
                                                    WireFormat.u16(r, 0),
                                                    java.util.Arrays.copyOfRange(r, 2, r.length));
                                    s.set(Register.REGISTERED_INSTRUCTION, 0);
                                }
                                if (err != EmulatedServo.SILENT
                                        && !broadcast
                                        && s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                    reply(s, err, new byte[0], pacer);
                                }
                            });
            case 0x06 -> factoryReset(f.id(), p, pacer);
            case 0x08 ->
                    unicast(
                            f.id(),
                            s -> {
                                if (s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                    reply(s, 0, new byte[0], pacer);
                                }
                                restart(s);
                            });
            case 0x10 -> clear(f.id(), p, pacer);
            case 0x82 -> {
                if (p.length < 5) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                int length = WireFormat.u16(p, 2);
                for (int i = 4; i < p.length; i++) {
                    EmulatedServo s = onBus(p[i] & 0xFF);
                    if (s != null) {
                        readReply(s, address, length, pacer);
                    }
                }
            }
            case 0x83 -> {
                if (p.length < 4) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                int length = WireFormat.u16(p, 2);
                for (int i = 4; length > 0 && i + 1 + length <= p.length; i += 1 + length) {
                    EmulatedServo s = onBus(p[i] & 0xFF);
                    if (s != null) {
                        s.hostWrite(
                                address, java.util.Arrays.copyOfRange(p, i + 1, i + 1 + length));
                    }
                }
            }
            case 0x92 -> {
                for (int i = 0; i + 5 <= p.length; i += 5) {
                    EmulatedServo s = onBus(p[i] & 0xFF);
                    if (s != null) {
                        readReply(s, WireFormat.u16(p, i + 1), WireFormat.u16(p, i + 3), pacer);
                    }
                }
            }
            case 0x93 -> {
                int i = 0;
                while (i + 5 <= p.length) {
                    int length = WireFormat.u16(p, i + 3);
                    if (i + 5 + length > p.length) {
                        break;
                    }
                    EmulatedServo s = onBus(p[i] & 0xFF);
                    if (s != null) {
                        s.hostWrite(
                                WireFormat.u16(p, i + 1),
                                java.util.Arrays.copyOfRange(p, i + 5, i + 5 + length));
                    }
                    i += 5 + length;
                }
            }
            default -> unicast(f.id(), s -> reply(s, 0x02, new byte[0], pacer));
        }
    }

    /**
     * Factory Reset (0x06). Option 0xFF resets everything (ID 1, 57600 bps), 0x01 keeps the ID,
     * 0x02 keeps the ID and the baud rate. Firmware 42+ ignores 0xFF sent to the broadcast ID (it
     * would give every servo ID 1); the other options broadcast without status packets. A unicast
     * target answers before it resets; an unknown option is a Data Range error and resets nothing.
     */
    private void factoryReset(int id, byte[] p, ReplyPacer pacer) {
        boolean broadcast = id == WireFormat.BROADCAST;
        int option = p.length == 1 ? p[0] & 0xFF : -1;
        boolean known = option == 0xFF || option == 0x01 || option == 0x02;
        if (broadcast && (!known || option == 0xFF)) {
            return;
        }
        forTargets(
                id,
                s -> {
                    int err =
                            p.length != 1
                                    ? EmulatedServo.ERR_DATA_LENGTH
                                    : known ? 0 : EmulatedServo.ERR_DATA_RANGE;
                    if (!broadcast && s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                        reply(s, err, new byte[0], pacer);
                    }
                    if (err == 0) {
                        s.factoryReset(option != 0xFF, option == 0x02);
                        registered.remove(s.key());
                    }
                });
    }

    /**
     * Clear (0x10, firmware 42+). The only X-series option is 0x01 followed by the fixed bytes 44
     * 58 4C 22: clear the multi-turn revolutions of Present Position. Wrong fixed bytes or option:
     * Data Range error; wrong length: Data Length error; servo moving: Result Fail. Broadcast
     * clears without status packets.
     */
    private void clear(int id, byte[] p, ReplyPacer pacer) {
        boolean broadcast = id == WireFormat.BROADCAST;
        forTargets(
                id,
                s -> {
                    int err;
                    if (p.length != CLEAR_MULTI_TURN.length) {
                        err = EmulatedServo.ERR_DATA_LENGTH;
                    } else if (!java.util.Arrays.equals(p, CLEAR_MULTI_TURN)) {
                        err = EmulatedServo.ERR_DATA_RANGE;
                    } else {
                        err = s.clearRevolutions() ? 0 : EmulatedServo.ERR_RESULT_FAIL;
                    }
                    if (!broadcast && s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                        reply(s, err, new byte[0], pacer);
                    }
                });
    }

    /** What a reboot or a power cycle does to the RAM area: torque off, nothing moves. */
    void restart(EmulatedServo s) {
        s.set(Register.TORQUE_ENABLE, 0);
        s.set(Register.HARDWARE_ERROR_STATUS, 0);
        s.set(Register.BUS_WATCHDOG, 0);
        s.set(Register.GOAL_POSITION, Math.round(s.positionCounts()));
        registered.remove(s.key());
    }

    private byte[] pingData() {
        return new byte[] {
            (byte) (EmulatedServo.MODEL_XM430_W350 & 0xFF),
            (byte) (EmulatedServo.MODEL_XM430_W350 >> 8),
            (byte) EmulatedServo.FIRMWARE
        };
    }

    private void readReply(EmulatedServo s, int address, int length, ReplyPacer pacer) {
        if (s.get(Register.STATUS_RETURN_LEVEL) == 0) {
            return;
        }
        byte[] data = s.read(address, length);
        if (data == null) {
            reply(s, EmulatedServo.ERR_ACCESS, new byte[0], pacer);
        } else {
            reply(s, 0, data, pacer);
        }
    }

    private void forTargets(int id, java.util.function.Consumer<EmulatedServo> action) {
        if (id == WireFormat.BROADCAST) {
            servos.values().stream().filter(this::listening).forEach(action);
        } else {
            unicast(id, action);
        }
    }

    private void unicast(int id, java.util.function.Consumer<EmulatedServo> action) {
        EmulatedServo s = onBus(id);
        if (s != null) {
            action.accept(s);
        }
    }

    void reply(EmulatedServo s, int error, byte[] data, ReplyPacer pacer) {
        if (!s.responding()) {
            return;
        }
        int errorByte = error | (s.get(Register.HARDWARE_ERROR_STATUS) != 0 ? 0x80 : 0);
        byte[] packet = WireFormat.status(s.id(), errorByte, data);
        long returnDelay = s.get(Register.RETURN_DELAY_TIME) * 2_000L;
        Deque<Fault> q = faults.get(s.key());
        Fault fault = q == null ? null : q.poll();
        if (fault == null) {
            pacer.send(returnDelay, packet);
        } else {
            byte[] fromStranger = WireFormat.status(strangerId(), errorByte, data);
            pacer.sendFaulty(fault, returnDelay, packet, fromStranger);
        }
    }

    private int strangerId() {
        for (int id = 252; id >= 0; id--) {
            if (onBus(id) == null && !servos.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("every id is in use");
    }
}
