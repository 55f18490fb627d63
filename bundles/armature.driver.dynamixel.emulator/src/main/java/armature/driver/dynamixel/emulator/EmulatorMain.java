package armature.driver.dynamixel.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs an emulated servo chain on a serial device until killed.
 *
 * <pre>java -cp ... armature.driver.dynamixel.emulator.EmulatorMain /tmp/dxlB 4000000 1-16</pre>
 *
 * Ids are a comma-separated list of ids or ranges ({@code 1-16}, {@code 1,2,5-8}). Optional fourth
 * argument: return delay in microseconds (even, 0..508).
 */
public final class EmulatorMain {
    private EmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3 || args.length > 4) {
            System.err.println(
                    "usage: EmulatorMain <device> <baudRate> <ids e.g. 1-16> [returnDelayMicros]");
            System.exit(2);
        }
        int baud = Integer.parseInt(args[1]);
        int[] ids = parseIds(args[2]);
        int returnDelay = args.length == 4 ? Integer.parseInt(args[3]) : 0;
        ServoChainEmulator emulator =
                new ServoChainEmulator(ids, baud, returnDelay, 0.020, System::nanoTime);
        PtyEmulatorServer server = new PtyEmulatorServer(args[0], baud, emulator).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println(
                "emulating "
                        + ids.length
                        + " X-series servos on "
                        + args[0]
                        + " at "
                        + baud
                        + " bps");
        Thread.currentThread().join();
    }

    /** Parses "1-16" or "1,3,5-7" into ids. */
    public static int[] parseIds(String spec) {
        List<Integer> ids = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            if (dash > 0) {
                int a = Integer.parseInt(p.substring(0, dash));
                int b = Integer.parseInt(p.substring(dash + 1));
                if (b < a) {
                    throw new IllegalArgumentException("id range '" + p + "' is descending");
                }
                for (int i = a; i <= b; i++) {
                    ids.add(i);
                }
            } else {
                ids.add(Integer.parseInt(p));
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
