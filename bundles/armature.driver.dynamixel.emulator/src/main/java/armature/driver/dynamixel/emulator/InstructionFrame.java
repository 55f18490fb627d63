package armature.driver.dynamixel.emulator;

/**
 * An instruction packet as the emulator received it, or a frame that failed its CRC.
 *
 * @param id packet id
 * @param instruction instruction byte
 * @param params unstuffed parameters
 * @param crcOk false when the CRC did not match (params then are untrusted)
 * @param wireBytes the frame's length on the wire, header, stuffing and CRC included: what the
 *     host's transmission occupied the bus for
 */
record InstructionFrame(int id, int instruction, byte[] params, boolean crcOk, int wireBytes) {}
