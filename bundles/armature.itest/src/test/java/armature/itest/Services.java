package armature.itest;

import armature.bus.api.ConnectionState;
import armature.bus.api.MessageBus;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Helpers the in-container tests share: the bus service once connected, configuration maps. */
final class Services {
    private Services() {}

    /** Waits for the MessageBus service to be connected to {@code brokerUrl} and returns it. */
    static MessageBus awaitBus(BundleContext context, String brokerUrl, Duration timeout) {
        MessageBus[] bus = new MessageBus[1];
        Scr.await(
                () -> {
                    ServiceReference<MessageBus> r = context.getServiceReference(MessageBus.class);
                    MessageBus b = r == null ? null : context.getService(r);
                    bus[0] = b;
                    return b != null
                            && b.brokerUrl().equals(brokerUrl)
                            && b.state() == ConnectionState.CONNECTED;
                },
                timeout,
                "bus connected to " + brokerUrl);
        return bus[0];
    }

    /** Configuration properties from alternating keys and values. */
    static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }
}
