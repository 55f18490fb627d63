package armature.bus.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers requests. Register as a service with {@link BusProperties#TOPIC}; requests without a
 * response topic are dropped with a log entry. The returned stage may complete on any thread; if it
 * completes exceptionally the requester receives {@link Reply#error} with the exception message.
 * Calls never run on the MQTT client's thread.
 */
@ConsumerType
public interface RequestHandler {
    CompletionStage<Reply> handle(Message request);
}
