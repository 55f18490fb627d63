package armature.bus.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives messages. Register as a service with {@link BusProperties#TOPIC} (a filter or an array
 * of filters) and optionally {@link BusProperties#QOS}; the bus subscribes while the service is
 * registered. Calls never run on the MQTT client's thread; calls for one handler are serialised, in
 * arrival order. An exception thrown by a handler is logged and does not affect other handlers.
 */
@ConsumerType
public interface MessageHandler {
    void onMessage(Message message) throws Exception;
}
