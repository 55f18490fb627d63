package armature.driver.dynamixel.emulator;

/**
 * Where the X-series indirect items live: Indirect Address 1..28 at 168..223 with their data bytes
 * at 224..251, and Indirect Address 29..56 at 578..633 with data at 634..661 (Protocol 2.0 only).
 * Each address item is 2 bytes and names the control table byte that its data byte stands for.
 * Slots are numbered from 0 (slot 0 = Indirect Address/Data 1).
 */
final class IndirectAreas {
    static final int SLOTS = 56;
    static final int MIN_TARGET = 64;
    static final int MAX_TARGET = 661;

    private static final int ADDRESS_1 = 168;
    private static final int DATA_1 = 224;
    private static final int ADDRESS_29 = 578;
    private static final int DATA_29 = 634;
    private static final int FIRST_BANK = 28;

    private IndirectAreas() {}

    /** Address of the 2-byte Indirect Address item of {@code slot}. */
    static int addressItem(int slot) {
        return slot < FIRST_BANK ? ADDRESS_1 + 2 * slot : ADDRESS_29 + 2 * (slot - FIRST_BANK);
    }

    /** Address of the Indirect Data byte of {@code slot}. */
    static int dataByte(int slot) {
        return slot < FIRST_BANK ? DATA_1 + slot : DATA_29 + slot - FIRST_BANK;
    }

    /** True when {@code address} is inside an Indirect Address area. */
    static boolean isAddressArea(int address) {
        return (address >= ADDRESS_1 && address < DATA_1)
                || (address >= ADDRESS_29 && address < DATA_29);
    }

    /** The slot whose data byte is at {@code address}, or -1. */
    static int dataSlot(int address) {
        if (address >= DATA_1 && address < DATA_1 + FIRST_BANK) {
            return address - DATA_1;
        }
        if (address >= DATA_29 && address < DATA_29 + FIRST_BANK) {
            return FIRST_BANK + address - DATA_29;
        }
        return -1;
    }

    /** True when {@code address} belongs to any indirect item (address or data). */
    static boolean isIndirect(int address) {
        return isAddressArea(address) || dataSlot(address) >= 0;
    }

    /** Start of the Indirect Address area containing {@code address}. */
    static int addressAreaStart(int address) {
        return address < DATA_1 ? ADDRESS_1 : ADDRESS_29;
    }
}
