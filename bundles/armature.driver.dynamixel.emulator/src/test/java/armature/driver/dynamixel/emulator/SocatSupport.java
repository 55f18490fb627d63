package armature.driver.dynamixel.emulator;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * socat is required on CI (fail loudly) and optional on a developer machine (skip with a reason).
 */
final class SocatSupport {
    private SocatSupport() {}

    static void requireSocat() {
        if (PtyPair.findSocat() != null) {
            return;
        }
        String msg = "socat is not installed; pty tests need it (Debian: apt-get install -y socat)";
        if (System.getenv("CI") != null) {
            fail(msg + " [CI is set, so this is an error]");
        }
        assumeTrue(false, msg);
    }
}
