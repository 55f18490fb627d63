package armature.driver.dynamixel.emulator;

import java.util.Deque;
import java.util.Map;

/** Executes one CRC-checked instruction frame against the emulated servos and queues replies. */
final class InstructionDispatcher {
    private final Map<Integer, EmulatedServo> servos;
    private final Map<Integer, Deque<Fault>> faults;
    private final Map<Integer, byte[]> registered;

    InstructionDispatcher(
            Map<Integer, EmulatedServo> servos,
            Map<Integer, Deque<Fault>> faults,
            Map<Integer, byte[]> registered) {
        this.servos = servos;
        this.faults = faults;
        this.registered = registered;
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
                                registered.put(s.id(), p.clone());
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
                                byte[] r = registered.remove(s.id());
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
            case 0x06, 0x08 ->
                    unicast(
                            f.id(),
                            s -> {
                                if (s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                    reply(s, 0, new byte[0], pacer);
                                }
                                reboot(s);
                            });
            case 0x82 -> {
                if (p.length < 5) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                int length = WireFormat.u16(p, 2);
                for (int i = 4; i < p.length; i++) {
                    EmulatedServo s = servos.get(p[i] & 0xFF);
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
                    EmulatedServo s = servos.get(p[i] & 0xFF);
                    if (s != null) {
                        s.hostWrite(
                                address, java.util.Arrays.copyOfRange(p, i + 1, i + 1 + length));
                    }
                }
            }
            case 0x92 -> {
                for (int i = 0; i + 5 <= p.length; i += 5) {
                    EmulatedServo s = servos.get(p[i] & 0xFF);
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
                    EmulatedServo s = servos.get(p[i] & 0xFF);
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

    private void reboot(EmulatedServo s) {
        s.set(Register.TORQUE_ENABLE, 0);
        s.set(Register.HARDWARE_ERROR_STATUS, 0);
        s.set(Register.BUS_WATCHDOG, 0);
        s.set(Register.GOAL_POSITION, Math.round(s.positionCounts()));
        registered.remove(s.id());
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
            servos.values().forEach(action);
        } else {
            unicast(id, action);
        }
    }

    private void unicast(int id, java.util.function.Consumer<EmulatedServo> action) {
        EmulatedServo s = servos.get(id);
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
        Deque<Fault> q = faults.get(s.id());
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
            if (!servos.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("every id is in use");
    }
}
