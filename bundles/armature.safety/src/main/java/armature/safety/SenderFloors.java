package armature.safety;

import armature.control.api.CommandContract;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per sender, the last applied sequence number within the current epoch. Holds at most {@link
 * CommandContract#MAX_SENDERS_PER_EPOCH} senders and never evicts one: evicting would let the
 * evicted sender's old frames apply again. Lookups and updates allocate nothing (a linear scan: a
 * loop has a handful of senders).
 */
final class SenderFloors {
    private final String[] names = new String[CommandContract.MAX_SENDERS_PER_EPOCH];
    private final long[] floors = new long[CommandContract.MAX_SENDERS_PER_EPOCH];
    private int count;

    /** The sender's index, or -1 when it has no applied command in this epoch. */
    int indexOf(String sender) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(sender)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a sender not yet known would exceed the limit. */
    boolean full() {
        return count == names.length;
    }

    /** Last applied sequence (unsigned) of the sender at {@code index}; 0 for a new sender. */
    long floor(int index) {
        return index < 0 ? 0 : floors[index];
    }

    /** Records an applied sequence; {@code index} from {@link #indexOf}, -1 adds the sender. */
    void applied(int index, String sender, long sequence) {
        if (index >= 0) {
            floors[index] = sequence;
        } else {
            names[count] = sender;
            floors[count++] = sequence;
        }
    }

    /** A new epoch: every sender starts from 0 again. */
    void clear() {
        Arrays.fill(names, 0, count, null);
        count = 0;
    }

    int size() {
        return count;
    }

    /** Sender to last applied sequence, in the order the senders appeared. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            m.put(names[i], floors[i]);
        }
        return m;
    }
}
