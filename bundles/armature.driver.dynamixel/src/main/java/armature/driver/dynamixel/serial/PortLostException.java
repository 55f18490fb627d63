package armature.driver.dynamixel.serial;

import java.io.IOException;

/** The serial device could not be opened, or failed in use (unplugged adapter, vanished pty). */
public final class PortLostException extends IOException {
    private static final long serialVersionUID = 1L;

    public PortLostException(String message) {
        super(message);
    }
}
