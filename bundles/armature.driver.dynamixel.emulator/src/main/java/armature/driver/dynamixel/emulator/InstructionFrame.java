package armature.driver.dynamixel.emulator;

/**
 * An instruction packet as the emulator received it, or a frame that failed its CRC.
 *
 * @param id packet id
 * @param instruction instruction byte
 * @param params unstuffed parameters
 * @param crcOk false when the CRC did not match (params then are untrusted)
 */
record InstructionFrame(int id, int instruction, byte[] params, boolean crcOk) {}
