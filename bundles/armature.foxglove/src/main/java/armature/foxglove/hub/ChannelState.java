package armature.foxglove.hub;

import armature.bus.api.Subscription;
import armature.foxglove.protocol.Channel;
import armature.record.JointStateJson;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** An advertised channel, who is subscribed to it, and its bus subscription while anyone is. */
final class ChannelState {
    /** One client's subscription, under the id the client chose. */
    record Subscriber(ClientSession session, long id) {}

    final Channel channel;

    /** Decodes the binary frames of a joint-state channel; null for a JSON channel. */
    final JointStateJson decoder;

    /** Read on the bus's delivery thread without the hub's lock. */
    final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /** The bus subscription; non-null exactly while {@link #subscribers} is not empty. */
    CompletionStage<Subscription> link;

    /**
     * The newest payload of a topic whose messages are retained, as sent to clients, for a client
     * that subscribes later; null while none is known (cleared with the bus link).
     */
    volatile byte[] lastRetained;

    /**
     * Whether this topic's messages are retained ones: the broker flags only the copy it replays
     * when a subscription starts, not the updates that reach a standing subscription, so once one
     * was retained every later message replaces {@link #lastRetained}.
     */
    volatile boolean retainedTopic;

    ChannelState(Channel channel, JointStateJson decoder) {
        this.channel = channel;
        this.decoder = decoder;
    }

    String topic() {
        return channel.topic();
    }
}
