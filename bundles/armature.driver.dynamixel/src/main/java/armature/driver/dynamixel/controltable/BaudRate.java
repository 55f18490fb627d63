package armature.driver.dynamixel.controltable;

/** Baud rates an X-series servo supports, with the value of its Baud Rate item (address 8). */
public enum BaudRate {
    B9600(0, 9_600),
    B57600(1, 57_600),
    B115200(2, 115_200),
    B1M(3, 1_000_000),
    B2M(4, 2_000_000),
    B3M(5, 3_000_000),
    B4M(6, 4_000_000),
    B4_5M(7, 4_500_000);

    private final int code;
    private final int bitsPerSecond;

    BaudRate(int code, int bitsPerSecond) {
        this.code = code;
        this.bitsPerSecond = bitsPerSecond;
    }

    public int code() {
        return code;
    }

    public int bitsPerSecond() {
        return bitsPerSecond;
    }

    /** The enum for a rate in bits per second; rejects rates an X-series servo cannot use. */
    public static BaudRate ofBitsPerSecond(int bitsPerSecond) {
        for (BaudRate b : values()) {
            if (b.bitsPerSecond == bitsPerSecond) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "baudRate="
                        + bitsPerSecond
                        + " is not one of 9600, 57600, 115200, 1000000, 2000000, 3000000,"
                        + " 4000000, 4500000");
    }
}
