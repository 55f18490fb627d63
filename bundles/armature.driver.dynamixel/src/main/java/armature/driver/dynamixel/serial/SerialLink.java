package armature.driver.dynamixel.serial;

/**
 * A byte pipe to the servo bus. Implementations are not thread-safe; one control thread owns a
 * link. Every method throws {@link PortLostException} when the device has gone away.
 */
public interface SerialLink extends AutoCloseable {

    /** Writes all bytes (blocking until the OS has accepted them). */
    void write(byte[] data, int offset, int length) throws PortLostException;

    /**
     * Reads what is available, waiting at most {@code timeoutNanos} for the first byte.
     *
     * @return bytes read, 0 when nothing arrived in time
     */
    int read(byte[] buffer, int offset, int length, long timeoutNanos) throws PortLostException;

    /** Drops bytes the OS has buffered but nobody has read yet. */
    void discardInput() throws PortLostException;

    /** The device path this link was opened on (as configured, before resolving links). */
    String path();

    @Override
    void close();
}
