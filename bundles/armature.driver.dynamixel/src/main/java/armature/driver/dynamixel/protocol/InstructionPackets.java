package armature.driver.dynamixel.protocol;

import java.util.List;

/** Builds the instruction packets of Protocol 2.0 with argument validation. */
public final class InstructionPackets {
    private InstructionPackets() {}

    /**
     * One entry of a bulk read: read {@code length} bytes at {@code address} from servo {@code id}.
     */
    public record BulkReadEntry(int id, int address, int length) {
        public BulkReadEntry {
            checkServoId(id);
            checkAddress(address);
            checkLength(length);
        }
    }

    /** One entry of a bulk write: write {@code data} at {@code address} of servo {@code id}. */
    public record BulkWriteEntry(int id, int address, byte[] data) {
        public BulkWriteEntry {
            checkServoId(id);
            checkAddress(address);
            checkLength(data.length);
            data = data.clone();
        }
    }

    public static byte[] ping(int id) {
        return PacketEncoder.encode(id, Instruction.PING, new byte[0]);
    }

    public static byte[] read(int id, int address, int length) {
        checkServoId(id);
        checkAddress(address);
        checkLength(length);
        return PacketEncoder.encode(id, Instruction.READ, addressAndLength(address, length, 0));
    }

    public static byte[] write(int id, int address, byte[] data) {
        return addressedData(id, Instruction.WRITE, address, data);
    }

    public static byte[] regWrite(int id, int address, byte[] data) {
        return addressedData(id, Instruction.REG_WRITE, address, data);
    }

    public static byte[] action(int id) {
        return PacketEncoder.encode(id, Instruction.ACTION, new byte[0]);
    }

    /**
     * @param option 0xFF reset all, 0x01 all except id, 0x02 all except id and baud rate
     */
    public static byte[] factoryReset(int id, int option) {
        if (option != 0xFF && option != 0x01 && option != 0x02) {
            throw new IllegalArgumentException(
                    "factory reset option=" + option + " must be 0xFF, 0x01 or 0x02");
        }
        return PacketEncoder.encode(id, Instruction.FACTORY_RESET, new byte[] {(byte) option});
    }

    public static byte[] reboot(int id) {
        return PacketEncoder.encode(id, Instruction.REBOOT, new byte[0]);
    }

    /** Sync read of the same block from every servo in {@code ids}, in that reply order. */
    public static byte[] syncRead(int address, int length, int[] ids) {
        checkAddress(address);
        checkLength(length);
        checkIds(ids);
        byte[] params = addressAndLength(address, length, ids.length);
        for (int i = 0; i < ids.length; i++) {
            params[4 + i] = (byte) ids[i];
        }
        return PacketEncoder.encode(PacketEncoder.BROADCAST_ID, Instruction.SYNC_READ, params);
    }

    /**
     * Sync write of {@code length} bytes per servo; {@code data} holds {@code ids.length * length}
     * bytes, servo i's block at {@code i * length}.
     */
    public static byte[] syncWrite(int address, int length, int[] ids, byte[] data) {
        checkAddress(address);
        checkLength(length);
        checkIds(ids);
        if (data.length != ids.length * length) {
            throw new IllegalArgumentException(
                    "sync write data length="
                            + data.length
                            + " must equal ids ("
                            + ids.length
                            + ") x length ("
                            + length
                            + ")");
        }
        byte[] params = addressAndLength(address, length, ids.length * (1 + length));
        int p = 4;
        for (int i = 0; i < ids.length; i++) {
            params[p++] = (byte) ids[i];
            System.arraycopy(data, i * length, params, p, length);
            p += length;
        }
        return PacketEncoder.encode(PacketEncoder.BROADCAST_ID, Instruction.SYNC_WRITE, params);
    }

    public static byte[] bulkRead(List<BulkReadEntry> entries) {
        checkUnique(entries.stream().mapToInt(BulkReadEntry::id).toArray());
        byte[] params = new byte[entries.size() * 5];
        int p = 0;
        for (BulkReadEntry e : entries) {
            params[p++] = (byte) e.id();
            p = putU16(params, p, e.address());
            p = putU16(params, p, e.length());
        }
        return PacketEncoder.encode(PacketEncoder.BROADCAST_ID, Instruction.BULK_READ, params);
    }

    public static byte[] bulkWrite(List<BulkWriteEntry> entries) {
        checkUnique(entries.stream().mapToInt(BulkWriteEntry::id).toArray());
        int size = entries.stream().mapToInt(e -> 5 + e.data().length).sum();
        byte[] params = new byte[size];
        int p = 0;
        for (BulkWriteEntry e : entries) {
            byte[] d = e.data();
            params[p++] = (byte) e.id();
            p = putU16(params, p, e.address());
            p = putU16(params, p, d.length);
            System.arraycopy(d, 0, params, p, d.length);
            p += d.length;
        }
        return PacketEncoder.encode(PacketEncoder.BROADCAST_ID, Instruction.BULK_WRITE, params);
    }

    private static byte[] addressedData(int id, Instruction instruction, int address, byte[] data) {
        checkAddress(address);
        checkLength(data.length);
        byte[] params = new byte[2 + data.length];
        putU16(params, 0, address);
        System.arraycopy(data, 0, params, 2, data.length);
        return PacketEncoder.encode(id, instruction, params);
    }

    private static byte[] addressAndLength(int address, int length, int extra) {
        byte[] params = new byte[4 + extra];
        putU16(params, 0, address);
        putU16(params, 2, length);
        return params;
    }

    private static int putU16(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >>> 8);
        return offset + 2;
    }

    static void checkServoId(int id) {
        if (id < 0 || id > PacketEncoder.MAX_SERVO_ID) {
            throw new IllegalArgumentException(
                    "servo id=" + id + " is outside 0.." + PacketEncoder.MAX_SERVO_ID);
        }
    }

    private static void checkIds(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("ids must name at least one servo, got none");
        }
        for (int id : ids) {
            checkServoId(id);
        }
        checkUnique(ids);
    }

    private static void checkUnique(int[] ids) {
        boolean[] seen = new boolean[256];
        for (int id : ids) {
            if (seen[id]) {
                throw new IllegalArgumentException("servo id=" + id + " appears more than once");
            }
            seen[id] = true;
        }
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address=" + address + " is outside 0..65535");
        }
    }

    private static void checkLength(int length) {
        if (length < 1 || length > 0xFFFF) {
            throw new IllegalArgumentException("data length=" + length + " is outside 1..65535");
        }
    }
}
