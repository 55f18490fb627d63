package armature.driver.dynamixel.chain;

import java.util.List;

/** A single-servo transaction failed; {@link #event()} names how. */
public final class DynamixelCommException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient BusEvent event;
    private final transient List<BusEvent> allEvents;

    public DynamixelCommException(BusEvent event, List<BusEvent> allEvents) {
        super(event.toString());
        this.event = event;
        this.allEvents = List.copyOf(allEvents);
    }

    /** The event that made the transaction fail. */
    public BusEvent event() {
        return event;
    }

    /** Every event recorded during the transaction (e.g. garbage seen before the timeout). */
    public List<BusEvent> allEvents() {
        return allEvents;
    }
}
