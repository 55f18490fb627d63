package armature.driver.dynamixel.serial;

/** Opens a {@link SerialLink}; the chain calls it again to reopen a port that went away. */
@FunctionalInterface
public interface SerialLinkOpener {
    SerialLink open(String path, int baudRate) throws PortLostException;
}
