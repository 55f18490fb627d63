package armature.driver.dynamixel.emulator;

/** How an emulated servo misbehaves when the host writes a chosen control table item. */
public enum WriteFailure {
    /** The servo answers with a Result Fail error (0x01) and keeps the old value. */
    REFUSE,
    /** The servo acknowledges the write without error but keeps the old value. */
    IGNORE,
    /** The servo stops answering from this write on (as if its power dropped mid-command). */
    GO_SILENT
}
