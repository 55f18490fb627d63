package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.protocol.InstructionPackets;
import armature.driver.dynamixel.protocol.PacketParser;
import armature.driver.dynamixel.protocol.ParseEvent;
import armature.driver.dynamixel.protocol.RawPacket;
import armature.driver.dynamixel.protocol.StatusError;
import armature.driver.dynamixel.protocol.StatusPacket;
import armature.driver.dynamixel.serial.BusTiming;
import armature.driver.dynamixel.serial.PortLostException;
import armature.driver.dynamixel.serial.SerialLink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Half-duplex request/response over one {@link SerialLink}: send one instruction packet, then
 * collect the expected status packets until they are all in or the deadline from {@link BusTiming}
 * passes. Never sends while replies are outstanding.
 *
 * <p>After any wire fault the bus resynchronises: it drops what the OS buffered, then keeps reading
 * and discarding until the line has been silent for {@link BusTiming#quietNanos()}, so a late reply
 * to this request cannot be taken as the reply to the next one.
 *
 * <p>Not thread-safe: owned by one control thread.
 */
public final class DynamixelBus {
    /** Header (7) + instruction + error + CRC (2): a status packet's size without parameters. */
    public static final int STATUS_OVERHEAD_BYTES = 11;

    private static final long MAX_RESYNC_FACTOR = 10;

    private final SerialLink link;
    private final BusTiming timing;
    private final LongSupplier nanoClock;
    private final PacketParser parser = new PacketParser();
    private final byte[] rx = new byte[4096];

    public DynamixelBus(SerialLink link, BusTiming timing, LongSupplier nanoClock) {
        this.link = link;
        this.timing = timing;
        this.nanoClock = nanoClock;
    }

    public BusTiming timing() {
        return timing;
    }

    /** Pings one servo; returns its status packet (params: model number LE16, firmware version). */
    public StatusPacket ping(int id) throws DynamixelCommException, PortLostException {
        return unicast(InstructionPackets.ping(id), id, 3, true);
    }

    /** Reads {@code length} bytes at {@code address}. */
    public StatusPacket read(int id, int address, int length)
            throws DynamixelCommException, PortLostException {
        return unicast(InstructionPackets.read(id, address, length), id, length, true);
    }

    /**
     * Writes {@code data} at {@code address}; waits for the status packet only when {@code
     * expectReply} (Status Return Level 2). Returns null when no reply was expected.
     */
    public StatusPacket write(int id, int address, byte[] data, boolean expectReply)
            throws DynamixelCommException, PortLostException {
        return unicast(InstructionPackets.write(id, address, data), id, 0, expectReply);
    }

    /** Reboots a servo; its reply (if any) comes before it restarts. */
    public StatusPacket reboot(int id, boolean expectReply)
            throws DynamixelCommException, PortLostException {
        return unicast(InstructionPackets.reboot(id), id, 0, expectReply);
    }

    public StatusPacket factoryReset(int id, int option, boolean expectReply)
            throws DynamixelCommException, PortLostException {
        return unicast(InstructionPackets.factoryReset(id, option), id, 0, expectReply);
    }

    /** Broadcast sync write; servos never reply to it. */
    public void syncWrite(int address, int length, int[] ids, byte[] data)
            throws PortLostException {
        byte[] request = InstructionPackets.syncWrite(address, length, ids, data);
        link.write(request, 0, request.length);
    }

    /**
     * Sync read of one block from every id. Replies land in {@code replies} aligned with {@code
     * ids}; a servo that did not answer leaves null and a {@link BusEvent.Kind#NO_REPLY} event.
     */
    public void syncRead(
            int address, int length, int[] ids, StatusPacket[] replies, List<BusEvent> events)
            throws PortLostException {
        byte[] request = InstructionPackets.syncRead(address, length, ids);
        exchange(request, ids, length, replies, events);
    }

    /** Bulk read; replies aligned with {@code entries}. */
    public void bulkRead(
            List<InstructionPackets.BulkReadEntry> entries,
            StatusPacket[] replies,
            List<BusEvent> events)
            throws PortLostException {
        int[] ids = entries.stream().mapToInt(InstructionPackets.BulkReadEntry::id).toArray();
        int longest =
                entries.stream().mapToInt(InstructionPackets.BulkReadEntry::length).max().orElse(0);
        exchange(InstructionPackets.bulkRead(entries), ids, longest, replies, events);
    }

    private StatusPacket unicast(byte[] request, int id, int replyParams, boolean expectReply)
            throws DynamixelCommException, PortLostException {
        if (!expectReply) {
            link.write(request, 0, request.length);
            return null;
        }
        List<BusEvent> events = new ArrayList<>();
        StatusPacket[] reply = new StatusPacket[1];
        exchange(request, new int[] {id}, replyParams, reply, events);
        if (reply[0] == null) {
            BusEvent cause =
                    events.stream()
                            .filter(e -> e.kind() == BusEvent.Kind.NO_REPLY)
                            .findFirst()
                            .orElse(events.get(0));
            // A CRC-damaged or truncated reply is the more telling cause than the timeout it led
            // to.
            for (BusEvent e : events) {
                if (e.kind() == BusEvent.Kind.CRC_MISMATCH
                        || e.kind() == BusEvent.Kind.TRUNCATED
                        || e.kind() == BusEvent.Kind.WRONG_ID) {
                    cause = e;
                    break;
                }
            }
            throw new DynamixelCommException(cause, events);
        }
        if (reply[0].error() != StatusError.NONE) {
            BusEvent e =
                    new BusEvent(BusEvent.Kind.STATUS_ERROR, id, reply[0].error().description());
            events.add(e);
            throw new DynamixelCommException(e, events);
        }
        return reply[0];
    }

    /**
     * Sends {@code request} and collects one status packet per id. Records every anomaly in {@code
     * events} and resynchronises after any.
     */
    private void exchange(
            byte[] request,
            int[] ids,
            int replyParams,
            StatusPacket[] replies,
            List<BusEvent> events)
            throws PortLostException {
        java.util.Arrays.fill(replies, 0, ids.length, null);
        int faultsBefore = events.size();
        parser.reset();
        long start = nanoClock.getAsLong();
        long deadline =
                start
                        + timing.transactionTimeoutNanos(
                                request.length, ids.length, STATUS_OVERHEAD_BYTES + replyParams);
        link.write(request, 0, request.length);
        int received = 0;
        while (true) {
            ParseEvent e;
            while ((e = parser.next()) != null) {
                received += accept(e, ids, replies, events);
            }
            if (received == ids.length) {
                break;
            }
            long remaining = deadline - nanoClock.getAsLong();
            if (remaining <= 0) {
                break;
            }
            int n = link.read(rx, 0, rx.length, remaining);
            if (n > 0) {
                parser.feed(rx, 0, n);
            }
        }
        if (received < ids.length) {
            if (parser.pendingBytes() > 0) {
                events.add(
                        new BusEvent(
                                BusEvent.Kind.TRUNCATED,
                                -1,
                                parser.pendingBytes()
                                        + " byte(s) of an unfinished packet at the deadline"));
            }
            for (int i = 0; i < ids.length; i++) {
                if (replies[i] == null) {
                    events.add(
                            new BusEvent(
                                    BusEvent.Kind.NO_REPLY,
                                    ids[i],
                                    "no valid status packet within "
                                            + (deadline - start) / 1000
                                            + " us"));
                }
            }
        }
        if (events.size() > faultsBefore) {
            resync();
        }
    }

    /** Returns 1 when the event filled a reply slot. */
    private static int accept(
            ParseEvent e, int[] ids, StatusPacket[] replies, List<BusEvent> events) {
        switch (e.kind()) {
            case GARBAGE_BEFORE_HEADER ->
                    events.add(new BusEvent(BusEvent.Kind.GARBAGE, -1, e.detail()));
            case CRC_MISMATCH ->
                    events.add(new BusEvent(BusEvent.Kind.CRC_MISMATCH, -1, e.detail()));
            case INVALID_LENGTH ->
                    events.add(new BusEvent(BusEvent.Kind.INVALID_LENGTH, -1, e.detail()));
            case PACKET -> {
                RawPacket p = e.packet();
                if (!p.isStatus()) {
                    events.add(
                            new BusEvent(BusEvent.Kind.NOT_A_STATUS_PACKET, p.id(), p.toString()));
                    return 0;
                }
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] == p.id() && replies[i] == null) {
                        replies[i] = p.toStatus();
                        return 1;
                    }
                }
                events.add(
                        new BusEvent(
                                BusEvent.Kind.WRONG_ID,
                                p.id(),
                                "status packet from id "
                                        + p.id()
                                        + " which was not asked or already answered; asked "
                                        + java.util.Arrays.toString(ids)));
            }
        }
        return 0;
    }

    /** Drops buffered input and waits for the line to go quiet (bounded). */
    public void resync() throws PortLostException {
        parser.reset();
        link.discardInput();
        long quiet = timing.quietNanos();
        long giveUp = nanoClock.getAsLong() + MAX_RESYNC_FACTOR * quiet;
        long lastByte = nanoClock.getAsLong();
        while (true) {
            long now = nanoClock.getAsLong();
            if (now - lastByte >= quiet || now - giveUp >= 0) {
                break;
            }
            int n = link.read(rx, 0, rx.length, quiet - (now - lastByte));
            if (n > 0) {
                lastByte = nanoClock.getAsLong();
            }
        }
        parser.reset();
    }
}
