package armature.bus.api;

import java.util.concurrent.CompletionStage;

/** A programmatic subscription; survives reconnects until cancelled. */
public interface Subscription {
    String topicFilter();

    /** Unsubscribes. Completes when the broker acknowledged, or at once when disconnected. */
    CompletionStage<Void> cancel();
}
