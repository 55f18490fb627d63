package armature.foxglove.protocol;

import java.util.List;

/** A text message from a client, as far as a read-only server needs to understand it. */
public sealed interface ClientMessage {
    /**
     * One requested subscription.
     *
     * @param id chosen by the client, unique among its active subscriptions
     * @param channelId an advertised channel
     */
    record SubscriptionRequest(long id, long channelId) {}

    /** Start streaming channels. */
    record Subscribe(List<SubscriptionRequest> subscriptions) implements ClientMessage {
        public Subscribe {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** Stop streaming by subscription id. */
    record Unsubscribe(List<Long> subscriptionIds) implements ClientMessage {
        public Unsubscribe {
            subscriptionIds = List.copyOf(subscriptionIds);
        }
    }

    /**
     * A message of the protocol for a capability this server does not declare (client publishing,
     * parameters, services, connection graph, assets).
     */
    record Unsupported(String op) implements ClientMessage {}
}
